#pragma once
// Which part of a rendered figure covers each pixel, so that a keypoint's visibility follows
// from what was actually drawn: a keypoint covered by a later part that is not its own (a long
// skirt over a hip, a lock of hair over a shoulder, a prop over a wrist, the torso over the far
// arm) is occluded; one outside the image is unlabelled (COCO: v = 0, x = y = 0).

#include "schema/Pose.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

namespace refpose {

// The owner of a painted part: a keypoint belongs to one or a few of them.
enum class PartOwner : std::uint8_t {
    Background,
    BackHair,
    LeftArm,
    RightArm,
    LeftLeg,
    RightLeg,
    Torso,
    Bottom,
    Head,
    Clothing,
    Sleeve,
    FrontHair,
    Prop
};

// Share of a keypoint's disc that later parts of other owners must cover to hide it.
inline constexpr double kHiddenShare = 0.6;

class PaintLayers {
public:
    explicit PaintLayers(cv::Size size);

    // Starts a new layer (painted over all earlier ones) owned by `owner`; returns its id for
    // PartPainter::setLayer. Throws std::length_error past 255 layers.
    unsigned char begin(PartOwner owner);
    cv::Mat* ids() { return &ids_; }

    // Share of the disc of `radius` around `at` (pixels inside the image only) that layers
    // later than the first of `own` and owned by none of `own` cover last.
    double coveredShare(cv::Point2f at, float radius, const std::vector<PartOwner>& own) const;

    // Applies the rule to the 17 COCO points of `pose`: outside the image -> unlabelled (x = y
    // = 0); visible but coveredShare >= kHiddenShare -> occluded. Midpoints are not touched.
    void applyVisibility(Pose& pose, float discRadius) const;

private:
    cv::Mat ids_;  // CV_8U: the layer that covered each pixel last (0 = background)
    std::vector<PartOwner> owners_;
};

// The parts a COCO keypoint belongs to (a shoulder to its arm, the torso and the sleeves that
// hang from it, a hip to its leg, the torso and the waist of the trousers or skirt, a face
// point to the head).
std::vector<PartOwner> ownersOf(std::size_t cocoIndex);

}  // namespace refpose
