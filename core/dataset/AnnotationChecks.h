#pragma once
// Checks an artist's COCO keypoint labels before export (no Qt; the annotator shows the report).
// Each finding names the image, the annotation and, where it applies, the keypoint.

#include "dataset/CocoDataset.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace refpose {

enum class IssueKind : std::uint8_t {
    PointOutsideImage,  // a labelled point lies outside the image
    BoxMissesPoint,     // a labelled point lies outside the annotation's box
    LeftRightSwapped,   // left/right labels disagree with a frontal face or with each other
    MissingPoints,      // some of the 17 COCO points are unlabelled
    UnknownImage,       // the annotation names an image the dataset does not hold
};

// Errors make the file wrong for training; warnings ask the artist to look again.
enum class IssueSeverity : std::uint8_t { Error, Warning };

struct AnnotationIssue {
    std::int64_t imageId = 0;
    std::int64_t annotationId = 0;
    IssueKind kind = IssueKind::MissingPoints;
    IssueSeverity severity = IssueSeverity::Warning;
    std::optional<std::size_t> keypoint;  // the keypoint concerned, when there is one
    std::string message;                  // human-readable, names the points
};

// Horizontal slack, as a share of the box's longest side, before two left/right points count
// as being on the wrong sides (side views put them almost on one vertical line).
inline constexpr float kSwapTolerance = 0.03f;

// Slack, in pixels, for points on the box's edge or the image's border (sub-pixel rounding).
inline constexpr float kEdgeTolerancePx = 0.5f;

std::string_view issueKindName(IssueKind kind);

// The findings for one annotation of `image`.
std::vector<AnnotationIssue> checkAnnotation(const CocoImage& image, const CocoAnnotation& annotation);

// The findings for every annotation of the dataset, in annotation order.
std::vector<AnnotationIssue> checkDataset(const CocoDataset& dataset);

// True when the face looks at the viewer: both eyes and the nose labelled, the nose between the
// eyes horizontally. Only then does the image's left/right order of the eyes tell the character's.
bool faceIsFrontal(const Pose& pose);

}  // namespace refpose
