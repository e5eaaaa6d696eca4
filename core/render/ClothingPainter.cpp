#include "render/ClothingPainter.h"

#include <algorithm>

namespace refpose {
namespace {

const Vec2 kGravity{0.f, 1.f};  // cloth hangs down the image
// Sizes in body scales: the waist band above the hips, the flare of a hem beyond the knee.
constexpr float kWaistAbove = 0.22f, kWaistRadius = 0.11f;
constexpr float kHemFlare = 0.25f, kHemRadius = 0.1f;
constexpr float kCapeLength = 1.9f, kCapeFlare = 0.3f, kCapeShoulder = 0.18f;
constexpr float kSleeveRoot = 0.14f, kSleeveElbow = 0.17f, kCuffHalfWidth = 0.26f, kCuffBeyondWrist = 0.05f;
constexpr float kSleeveDroop = 0.28f;

Polygon disc(Vec2 c, float r) { return ellipse(c, {r, 0}, {0, r}); }

void append(Polygon& to, const Polygon& from) { to.insert(to.end(), from.begin(), from.end()); }

// From the hips' midpoint towards the hip of `hip`'s side (the leftward fallback when they meet).
Vec2 outwardOf(const GarmentFrame& b, Kp hip) {
    const Vec2 hips = midpoint(pointOf(b.pose, Kp::LeftHip), pointOf(b.pose, Kp::RightHip));
    return normalised(pointOf(b.pose, hip) - hips, b.leftward * (hip == Kp::LeftHip ? 1.f : -1.f));
}

}  // namespace

void paintLongSkirt(PartPainter& painter, const GarmentFrame& b, float hemDrop, const cv::Scalar& fill,
                    bool openFront) {
    Polygon outline;
    Vec2 hems{0, 0}, waists{0, 0};
    for (auto [hip, knee, ankle] : {std::array{Kp::LeftHip, Kp::LeftKnee, Kp::LeftAnkle},
                                    std::array{Kp::RightHip, Kp::RightKnee, Kp::RightAnkle}}) {
        const Vec2 h = pointOf(b.pose, hip), k = pointOf(b.pose, knee), a = pointOf(b.pose, ankle);
        const Vec2 waist = h + b.up * (kWaistAbove * b.scale);
        const Vec2 hem = k + (a - k) * hemDrop + outwardOf(b, hip) * (kHemFlare * b.scale);
        append(outline, disc(waist, kWaistRadius * b.scale));
        append(outline, disc(hem, kHemRadius * b.scale));
        hems = hems + hem * 0.5f;
        waists = waists + waist * 0.5f;
    }
    painter.paint(convexHullOf(outline), fill);
    if (openFront) painter.stroke({waists, hems}, painter.settings().outlineWidth, painter.settings().outline);
}

void paintCape(PartPainter& painter, const GarmentFrame& b, const cv::Scalar& fill) {
    Polygon outline;
    for (Kp shoulder : {Kp::LeftShoulder, Kp::RightShoulder}) {
        const Vec2 s = pointOf(b.pose, shoulder);
        const Vec2 out = b.leftward * (shoulder == Kp::LeftShoulder ? 1.f : -1.f);
        append(outline, disc(s, kCapeShoulder * b.scale));
        outline.push_back(s + kGravity * (kCapeLength * b.scale) + out * (kCapeFlare * b.scale));
    }
    painter.paint(convexHullOf(outline), fill);
}

void paintWideSleeve(PartPainter& painter, const GarmentFrame& b, Kp shoulder, Kp elbow, Kp wrist,
                     const cv::Scalar& fill) {
    const Vec2 s = pointOf(b.pose, shoulder), e = pointOf(b.pose, elbow), w = pointOf(b.pose, wrist);
    const Vec2 along = normalised(w - e, normalised(e - s, b.up * -1.f));
    const Vec2 across{-along.y, along.x};
    const Vec2 cuff = w + along * (kCuffBeyondWrist * b.scale);
    // The cloth droops sideways off the forearm's lower edge, never past the cuff along the arm.
    const Vec2 sideways = kGravity - along * dot(kGravity, along);
    const Vec2 droop = normalised(sideways, across) * (kSleeveDroop * b.scale * std::min(1.f, length(sideways) + 0.3f));
    Polygon outline = disc(s, kSleeveRoot * b.scale);
    append(outline, disc(e, kSleeveElbow * b.scale));
    const float half = kCuffHalfWidth * b.scale;
    outline.push_back(cuff + across * half);
    outline.push_back(cuff - across * half);
    const Vec2 lowSide = dot(across, sideways) >= 0 ? across : across * -1.f;
    outline.push_back(cuff + lowSide * half + droop);
    outline.push_back(midpoint(e, cuff) + lowSide * half + droop);
    painter.paint(convexHullOf(outline), fill);
}

}  // namespace refpose
