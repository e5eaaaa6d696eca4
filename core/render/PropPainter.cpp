#include "render/PropPainter.h"

#include <cmath>

namespace refpose {
namespace {

const Vec2 kGravity{0.f, 1.f};
// Sizes in body scales. Every prop's middle lies this far past the wrist, so it covers it.
constexpr float kHeldAt = 0.1f;
constexpr float kBookHalfWidth = 0.2f, kBookHalfHeight = 0.27f;
constexpr float kFanRadius = 0.3f;
constexpr float kBagHalfWidth = 0.24f, kBagHalfHeight = 0.2f, kBagDrop = 0.12f;
constexpr float kFlowerRadius = 0.09f, kBouquetSpread = 0.13f;

Vec2 rotated(Vec2 v, float a) { return {v.x * std::cos(a) - v.y * std::sin(a), v.x * std::sin(a) + v.y * std::cos(a)}; }

Polygon rectangle(Vec2 c, Vec2 axisA, Vec2 axisB) {
    return {c - axisA - axisB, c + axisA - axisB, c + axisA + axisB, c - axisA + axisB};
}

void paintBook(PartPainter& p, Vec2 c, Vec2 along, float s, const cv::Scalar& colour, const cv::Scalar& accent) {
    const Vec2 across{-along.y, along.x};
    p.paint(rectangle(c, across * (kBookHalfWidth * s), along * (kBookHalfHeight * s)), colour);
    // The spine: a band of the accent colour along one long side.
    const Vec2 spine = c - across * (0.8f * kBookHalfWidth * s);
    p.detail(rectangle(spine, across * (0.15f * kBookHalfWidth * s), along * (kBookHalfHeight * s)), accent);
}

void paintFan(PartPainter& p, Vec2 c, float s, const cv::Scalar& colour, const cv::Scalar& accent) {
    const float r = kFanRadius * s;
    p.paint(ellipse(c, {r, 0}, {0, r}), colour);
    for (int i = 0; i < 6; ++i) {
        const float a = static_cast<float>(i) * 3.14159265f / 3.f;
        p.stroke({c, c + Vec2{std::cos(a), std::sin(a)} * (0.9f * r)}, std::max(1.f, 0.02f * s), accent);
    }
}

void paintBag(PartPainter& p, Vec2 wrist, float s, const cv::Scalar& colour, const cv::Scalar& accent) {
    const Vec2 c = wrist + kGravity * (kBagDrop * s);
    p.paint(rectangle(c, {kBagHalfWidth * s, 0}, {0, kBagHalfHeight * s}), colour);
    p.detail(
        rectangle(c + Vec2{0, -0.5f * kBagHalfHeight * s}, {kBagHalfWidth * s, 0}, {0, 0.12f * kBagHalfHeight * s}),
        accent);
}

void paintBouquet(PartPainter& p, Vec2 c, Vec2 along, float s, const cv::Scalar& colour, const cv::Scalar& accent) {
    const Vec2 across{-along.y, along.x};
    p.paint(convexHullOf({c - across * (0.08f * s), c + across * (0.08f * s), c - along * (0.15f * s)}), accent);
    for (int i = 0; i < 5; ++i) {
        const float a = static_cast<float>(i) * 2.f * 3.14159265f / 5.f;
        const Vec2 at = c + along * (0.08f * s) + rotated(across, a) * (kBouquetSpread * s);
        p.paint(ellipse(at, {kFlowerRadius * s, 0}, {0, kFlowerRadius * s}), colour);
    }
}

}  // namespace

void paintProp(PartPainter& painter, PropKind kind, Vec2 wrist, Vec2 along, float scale, float angle,
               const cv::Scalar& colour, const cv::Scalar& accent) {
    const Vec2 held = wrist + along * (kHeldAt * scale);
    const Vec2 turned = rotated(along, angle);
    switch (kind) {
        case PropKind::Book:
            paintBook(painter, held, turned, scale, colour, accent);
            break;
        case PropKind::Fan:
            paintFan(painter, held + along * (0.05f * scale), scale, colour, accent);
            break;
        case PropKind::Bag:
            paintBag(painter, wrist, scale, colour, accent);
            break;
        case PropKind::Bouquet:
            paintBouquet(painter, held, turned, scale, colour, accent);
            break;
        case PropKind::None:
            break;
    }
}

}  // namespace refpose
