#include "dataset/AnnotationChecks.h"

#include <algorithm>
#include <array>

namespace refpose {
namespace {

// Left/right pairs whose horizontal order is compared (the body's width-wise pairs).
struct SidePair {
    Kp left;
    Kp right;
    std::string_view name;
};
inline constexpr std::array<SidePair, 6> kSidePairs = {{
    {Kp::LeftEye, Kp::RightEye, "eyes"},
    {Kp::LeftShoulder, Kp::RightShoulder, "shoulders"},
    {Kp::LeftHip, Kp::RightHip, "hips"},
    {Kp::LeftElbow, Kp::RightElbow, "elbows"},
    {Kp::LeftKnee, Kp::RightKnee, "knees"},
    {Kp::LeftAnkle, Kp::RightAnkle, "ankles"},
}};
// The torso pairs: they are rigid enough that their orders must agree with each other.
inline constexpr std::array<std::size_t, 2> kTorsoPairs = {1, 2};

std::string name(std::size_t k) { return std::string(kKeypointNames[k]); }

AnnotationIssue issue(const CocoAnnotation& a, IssueKind kind, IssueSeverity sev, std::string msg,
                      std::optional<std::size_t> kp = std::nullopt) {
    return {a.imageId, a.id, kind, sev, kp, std::move(msg)};
}

bool inside(const Keypoint& k, float x0, float y0, float x1, float y1) {
    return k.x >= x0 - kEdgeTolerancePx && k.y >= y0 - kEdgeTolerancePx && k.x <= x1 + kEdgeTolerancePx &&
           k.y <= y1 + kEdgeTolerancePx;
}

void checkBounds(const CocoImage& img, const CocoAnnotation& a, std::vector<AnnotationIssue>& out) {
    const Box& b = a.pose.box;
    const bool hasBox = b.w > 0 && b.h > 0;
    if (!hasBox && countLabelled(a.pose, kNumCocoKeypoints) > 0)
        out.push_back(issue(a, IssueKind::BoxMissesPoint, IssueSeverity::Error, "the annotation has no box"));
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        const Keypoint& k = a.pose.kp[i];
        if (!k.labelled()) continue;
        if (!inside(k, 0, 0, float(img.width), float(img.height)))
            out.push_back(
                issue(a, IssueKind::PointOutsideImage, IssueSeverity::Error, name(i) + " lies outside the image", i));
        if (hasBox && !inside(k, b.x, b.y, b.x + b.w, b.y + b.h))
            out.push_back(
                issue(a, IssueKind::BoxMissesPoint, IssueSeverity::Error, "the box does not cover " + name(i), i));
    }
}

// +1 when the pair is in the frontal order (character's left on the image's right), -1 when
// mirrored, 0 when unlabelled or too close to call.
int pairOrder(const Pose& p, const SidePair& s, float tolerance) {
    const Keypoint& l = p[s.left];
    const Keypoint& r = p[s.right];
    if (!l.labelled() || !r.labelled()) return 0;
    const float dx = l.x - r.x;
    return dx > tolerance ? 1 : dx < -tolerance ? -1 : 0;
}

void checkSides(const CocoAnnotation& a, std::vector<AnnotationIssue>& out) {
    const Pose& p = a.pose;
    const float tol = kSwapTolerance * std::max(1.f, p.box.longestSide());
    if (faceIsFrontal(p)) {
        // A frontal face: the body's left is on the image's right, unless the torso twists; the
        // torso pairs are the ones artists swap by mistake.
        for (std::size_t t : kTorsoPairs) {
            if (pairOrder(p, kSidePairs[t], tol) < 0)
                out.push_back(issue(a, IssueKind::LeftRightSwapped, IssueSeverity::Warning,
                                    "the face is frontal but the " + std::string(kSidePairs[t].name) +
                                        " are in mirrored order (left and right swapped?)",
                                    idx(kSidePairs[t].left)));
        }
    }
    const int shoulders = pairOrder(p, kSidePairs[kTorsoPairs[0]], tol);
    const int hips = pairOrder(p, kSidePairs[kTorsoPairs[1]], tol);
    if (shoulders != 0 && hips != 0 && shoulders != hips)
        out.push_back(issue(a, IssueKind::LeftRightSwapped, IssueSeverity::Warning,
                            "the shoulders and the hips are in opposite left/right order (one pair swapped?)",
                            idx(Kp::LeftHip)));
}

void checkMissing(const CocoAnnotation& a, std::vector<AnnotationIssue>& out) {
    std::string missing;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i)
        if (!a.pose.kp[i].labelled()) missing += (missing.empty() ? "" : ", ") + name(i);
    if (!missing.empty())
        out.push_back(issue(a, IssueKind::MissingPoints, IssueSeverity::Warning,
                            std::to_string(kNumCocoKeypoints - std::size_t(countLabelled(a.pose, kNumCocoKeypoints))) +
                                " points unlabelled: " + missing));
}

}  // namespace

std::string_view issueKindName(IssueKind kind) {
    switch (kind) {
        case IssueKind::PointOutsideImage:
            return "point outside the image";
        case IssueKind::BoxMissesPoint:
            return "box misses a point";
        case IssueKind::LeftRightSwapped:
            return "left/right likely swapped";
        case IssueKind::MissingPoints:
            return "missing points";
        case IssueKind::UnknownImage:
            return "unknown image";
    }
    return "unknown";
}

bool faceIsFrontal(const Pose& p) {
    const Keypoint& n = p[Kp::Nose];
    const Keypoint& l = p[Kp::LeftEye];
    const Keypoint& r = p[Kp::RightEye];
    if (!n.labelled() || !l.labelled() || !r.labelled()) return false;
    return n.x > std::min(l.x, r.x) && n.x < std::max(l.x, r.x);
}

std::vector<AnnotationIssue> checkAnnotation(const CocoImage& image, const CocoAnnotation& annotation) {
    std::vector<AnnotationIssue> out;
    checkBounds(image, annotation, out);
    checkSides(annotation, out);
    checkMissing(annotation, out);
    return out;
}

std::vector<AnnotationIssue> checkDataset(const CocoDataset& dataset) {
    std::vector<AnnotationIssue> out;
    for (const auto& a : dataset.annotations) {
        const CocoImage* img = dataset.findImage(a.imageId);
        if (!img) {
            out.push_back(issue(a, IssueKind::UnknownImage, IssueSeverity::Error,
                                "the annotation names image " + std::to_string(a.imageId) + ", which is absent"));
            continue;
        }
        auto found = checkAnnotation(*img, a);
        out.insert(out.end(), found.begin(), found.end());
    }
    return out;
}

}  // namespace refpose
