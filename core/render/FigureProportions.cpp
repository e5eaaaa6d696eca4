#include "render/FigureProportions.h"

#include <algorithm>
#include <array>

namespace refpose {
namespace {

// A standing classic figure measured in head radii: crown of the hair to the chin, and the
// chin to the soles (the part the body factor scales).
constexpr float kHeadPart = 2.17f, kBodyPart = 7.38f;
constexpr float kCrownToChin = 2.06f;  // head radii: the drawn head's height
// Reach of the drawn figure beyond its points: hair around the head's centre (head radii),
// hands and feet past the wrists and ankles (body scale).
constexpr float kHairReach = 1.2f, kLimbReach = 0.25f;

struct Segment {
    Kp root, joint, last;
};
constexpr std::array<Segment, kLimbSegmentCount> kSegments = {{
    {Kp::LeftShoulder, Kp::LeftElbow, Kp::LeftWrist},
    {Kp::RightShoulder, Kp::RightElbow, Kp::RightWrist},
    {Kp::LeftElbow, Kp::LeftWrist, Kp::LeftWrist},
    {Kp::RightElbow, Kp::RightWrist, Kp::RightWrist},
    {Kp::LeftHip, Kp::LeftKnee, Kp::LeftAnkle},
    {Kp::RightHip, Kp::RightKnee, Kp::RightAnkle},
    {Kp::LeftKnee, Kp::LeftAnkle, Kp::LeftAnkle},
    {Kp::RightKnee, Kp::RightAnkle, Kp::RightAnkle},
}};

void moveBy(Pose& p, Kp k, Vec2 d) {
    p[k].x += d.x;
    p[k].y += d.y;
}

}  // namespace

Kp foreshortenedJoint(int segment) { return kSegments[static_cast<std::size_t>(segment)].joint; }

float bodyFactorFor(float headsTall) { return std::max(0.05f, (headsTall * kCrownToChin - kHeadPart) / kBodyPart); }

Pose withBodyScaled(const Pose& pose, float factor) {
    Pose out = pose;
    const Vec2 neck = midpoint(pointOf(pose, Kp::LeftShoulder), pointOf(pose, Kp::RightShoulder));
    for (std::size_t i = idx(Kp::LeftShoulder); i < kNumCocoKeypoints; ++i) {
        const Vec2 p = neck + (Vec2{pose.kp[i].x, pose.kp[i].y} - neck) * factor;
        out.kp[i].x = p.x;
        out.kp[i].y = p.y;
    }
    return out;
}

Pose withForeshortening(const Pose& pose, int segment, float keep) {
    if (segment < 0 || segment >= kLimbSegmentCount) return pose;
    const Segment& s = kSegments[static_cast<std::size_t>(segment)];
    const Vec2 root = pointOf(pose, s.root), joint = pointOf(pose, s.joint);
    const Vec2 move = (root + (joint - root) * keep) - joint;
    Pose out = pose;
    moveBy(out, s.joint, move);
    if (s.last != s.joint) moveBy(out, s.last, move);
    return out;
}

Extent drawnExtent(const Pose& pose, const HeadFrame& head) {
    const float reach = kLimbReach * bodyScale(pose), hair = kHairReach * head.radius;
    Extent e{head.centre.x - hair, head.centre.y - hair, head.centre.x + hair, head.centre.y + hair};
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        const Keypoint& k = pose.kp[i];
        if (!k.labelled()) continue;
        e = {std::min(e.x0, k.x - reach), std::min(e.y0, k.y - reach), std::max(e.x1, k.x + reach),
             std::max(e.y1, k.y + reach)};
    }
    return e;
}

Pose similarity(const Pose& pose, float s, Vec2 shift) {
    Pose out = pose;
    for (auto& k : out.kp) {
        if (!k.labelled()) continue;
        k.x = s * k.x + shift.x;
        k.y = s * k.y + shift.y;
    }
    out.box = {s * pose.box.x + shift.x, s * pose.box.y + shift.y, s * pose.box.w, s * pose.box.h};
    return out;
}

Pose fittedInto(const Pose& pose, const Extent& from, const Extent& to) {
    const float s = std::min(to.width() / std::max(from.width(), 1e-3f), to.height() / std::max(from.height(), 1e-3f));
    const Vec2 fromCentre{(from.x0 + from.x1) / 2, (from.y0 + from.y1) / 2};
    const Vec2 toCentre{(to.x0 + to.x1) / 2, (to.y0 + to.y1) / 2};
    return similarity(pose, s, toCentre - fromCentre * s);
}

Pose cutByFrame(const Pose& pose, const Extent& e, const VarietyLook& look, int width, int height) {
    const float z = look.cutZoom;
    const Vec2 centre{(e.x0 + e.x1) / 2, (e.y0 + e.y1) / 2};
    // Zoomed about the centre: the extent keeps its centre and grows by z.
    const float w = e.width() * z, h = e.height() * z;
    Vec2 shift{0, 0};
    switch (look.cut) {
        case CutSide::Left:
            shift.x = -look.cutShare * w - (centre.x - w / 2);
            break;
        case CutSide::Right:
            shift.x = width + look.cutShare * w - (centre.x + w / 2);
            break;
        case CutSide::Top:
            shift.y = -look.cutShare * h - (centre.y - h / 2);
            break;
        case CutSide::Bottom:
            shift.y = height + look.cutShare * h - (centre.y + h / 2);
            break;
        case CutSide::None:
            return pose;
    }
    // Across the cut, keep the figure where it was (centred on its old place).
    return similarity(pose, z, centre - centre * z + shift);
}

}  // namespace refpose
