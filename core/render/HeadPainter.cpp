#include "render/HeadPainter.h"

#include <algorithm>
#include <cmath>

namespace refpose {
namespace {

constexpr float kPi = 3.14159265f;
const Vec2 kGravity{0.f, 1.f};  // hair hangs down the image whatever the head's tilt
const cv::Scalar kWhite{250, 250, 250};
const cv::Scalar kBlush{170, 170, 250};  // BGR pink
// Face outline: how much the jaw narrows to the chin, how far the chin follows a turn.
constexpr float kJawNarrowing = 0.32f;
constexpr float kChinTurn = 0.35f;
constexpr float kChinDrop = 1.06f;
// Fringe: the crown arc's radius and the height where strands start (head radii).
constexpr float kCrownRadius = 1.08f;
constexpr float kFringeTop = 0.45f;
// The narrowest a turned eye gets, as a share of its width facing the viewer.
constexpr float kMinEyeSqueeze = 0.35f;
// How far the fringe's strands follow a turn (head radii per unit of yaw).
constexpr float kFringeTurn = 0.45f;
constexpr float kMouthUp = -0.62f;
// Eye shape (head radii): the white, the iris, the pupil, the highlight.
constexpr float kEyeHalfWidth = 0.17f, kEyeHalfHeight = 0.22f;
constexpr float kIrisHalfWidth = 0.13f, kIrisHalfHeight = 0.19f;
constexpr float kPupilHalfWidth = 0.06f, kPupilHalfHeight = 0.09f;
constexpr float kHighlightRadius = 0.045f;
constexpr float kEarHalfWidth = 0.15f, kEarHalfHeight = 0.2f;
// A front lock: its half-width at the shoulder and its length below it (body scales).
constexpr float kFrontLockWidth = 0.13f, kFrontLockLength = 0.75f;

// A point of the head's frame: `lateral` to the character's left, `upward` to the crown.
struct Frame {
    const HeadFrame& h;
    Vec2 at(float lateral, float upward) const {
        return h.centre + h.left * (lateral * h.radius) + h.up * (upward * h.radius);
    }
    Vec2 lat(float s) const { return h.left * (s * h.radius); }
    Vec2 upv(float s) const { return h.up * (s * h.radius); }
    float r(float s) const { return s * h.radius; }
};

cv::Scalar scaled(const cv::Scalar& c, double f) { return {c[0] * f, c[1] * f, c[2] * f}; }
cv::Scalar blend(const cv::Scalar& a, const cv::Scalar& b, double t) { return a * (1 - t) + b * t; }

// A hanging lock of hair from `start`: out sideways by `side`, then down with gravity.
std::vector<Polygon> tail(const Frame& f, Vec2 start, Vec2 side, float length) {
    const Vec2 middle = start + side * 0.45f + kGravity * f.r(0.45f * length);
    const Vec2 end = start + side * 0.2f + kGravity * f.r(length);
    return {capsule(start, middle, f.r(0.2f), f.r(0.27f)), capsule(middle, end, f.r(0.27f), f.r(0.05f))};
}

Polygon facePolygon(const Frame& f) {
    Polygon face;
    constexpr int kSteps = 48;
    for (int i = 0; i < kSteps; ++i) {
        const float t = 2 * kPi * i / kSteps;
        float lateral = kFaceHalfWidth * std::cos(t), upward = std::sin(t);
        if (upward < 0) {
            // The jaw narrows to a chin that points the way the face turns.
            lateral = lateral * (1 - kJawNarrowing * upward * upward) - kChinTurn * f.h.yaw * upward;
            upward *= kChinDrop;
        }
        face.push_back(f.at(lateral, upward));
    }
    return face;
}

Polygon fringePolygon(const Frame& f, const HeadLook& look) {
    Polygon p;
    constexpr int kArcSteps = 24;
    constexpr float kArcFrom = -0.06f * kPi, kArcTo = 1.06f * kPi;  // a little past the ears' tops
    for (int i = 0; i <= kArcSteps; ++i) {
        const float t = kArcFrom + (kArcTo - kArcFrom) * i / kArcSteps;
        p.push_back(f.at(kCrownRadius * std::cos(t), 0.04f + kCrownRadius * std::sin(t)));
    }
    // From the character's right temple to the left one: strand tips between strand roots.
    const int n = look.fringeStrands;
    // A turned head shows more fringe on its far side: the strands slide the way it turns.
    auto turned = [&](float lateral) { return std::clamp(lateral + kFringeTurn * f.h.yaw, -0.95f, 0.95f); };
    for (int i = 0; i < n; ++i) {
        const float lateralRoot = -0.95f + 1.9f * i / n;
        const float lateralTip = -0.95f + 1.9f * (i + 0.5f) / n;
        p.push_back(f.at(turned(lateralRoot), kFringeTop));
        p.push_back(f.at(turned(lateralTip), look.fringeDepth[static_cast<std::size_t>(i)]));
    }
    p.push_back(f.at(0.95f, kFringeTop));
    return p;
}

// `squeeze` narrows the eye as the head turns it away (the cosine of its angle to the viewer).
void paintEye(PartPainter& painter, const Frame& f, Vec2 eye, float squeeze, const FigurePalette& palette) {
    const HeadFrame& h = f.h;
    auto lat = [&](float s) { return f.lat(s * squeeze); };
    painter.detail(ellipse(eye, lat(kEyeHalfWidth), f.upv(kEyeHalfHeight)), kWhite, f.r(0.025f));
    painter.detail(ellipse(eye - f.upv(0.02f), lat(kIrisHalfWidth), f.upv(kIrisHalfHeight)), palette.iris);
    painter.detail(ellipse(eye - f.upv(0.07f), lat(0.1f), f.upv(0.09f)), blend(palette.iris, kWhite, 0.35));
    painter.detail(ellipse(eye - f.upv(0.01f), lat(kPupilHalfWidth), f.upv(kPupilHalfHeight)),
                   scaled(palette.iris, 0.3));
    painter.detail(
        ellipse(eye + f.upv(0.08f) - h.left * f.r(0.05f * squeeze), lat(kHighlightRadius), f.upv(kHighlightRadius)),
        kWhite);
    // The upper lash: a thick arc over the eye, the anime eye's strongest line.
    Polygon lash;
    for (int i = 0; i <= 8; ++i) {
        const float t = kPi * (0.05f + 0.9f * i / 8.f);
        lash.push_back(eye + lat(1.15f * kEyeHalfWidth * std::cos(t)) + f.upv(kEyeHalfHeight * std::sin(t)));
    }
    painter.stroke(lash, f.r(0.06f), painter.settings().outline);
}

}  // namespace

HeadLook randomHeadLook(HairKind hair, cv::RNG& rng) {
    HeadLook look;
    const int drawnHair = rng.uniform(1, 5);  // drawn even when fixed, to keep later draws aligned
    look.hair = hair == HairKind::Random ? static_cast<HairKind>(drawnHair) : hair;
    look.fringeStrands = rng.uniform(4, static_cast<int>(look.fringeDepth.size()) + 1);
    for (float& d : look.fringeDepth) d = static_cast<float>(rng.uniform(0.08, 0.22));
    look.blush = rng.uniform(0, 2) == 1;
    return look;
}

void paintBackHair(PartPainter& painter, const HeadFrame& head, const HeadLook& look, const FigurePalette& palette,
                   int farSign) {
    const Frame f{head};
    std::vector<Polygon> parts{ellipse(f.at(0, 0.05f), f.lat(1.1f), f.upv(1.12f))};
    switch (look.hair) {
        case HairKind::Bob:
            parts.push_back(convexHullOf({f.at(-1.12f, 0.1f), f.at(1.12f, 0.1f), f.at(1.1f, -0.85f), f.at(0.6f, -1.0f),
                                          f.at(-0.6f, -1.0f), f.at(-1.1f, -0.85f)}));
            break;
        case HairKind::Long:
            parts.push_back(
                convexHullOf({f.at(-1.1f, 0.3f), f.at(1.1f, 0.3f), f.at(1.15f, -0.3f) + kGravity * f.r(2.0f),
                              f.at(0.5f, -0.5f) + kGravity * f.r(2.3f), f.at(-0.5f, -0.5f) + kGravity * f.r(2.3f),
                              f.at(-1.15f, -0.3f) + kGravity * f.r(2.0f)}));
            break;
        case HairKind::TwinTails:
            for (float side : {-1.f, 1.f}) {
                auto lock = tail(f, f.at(side * 0.95f, 0.45f), f.lat(side * 0.8f), 3.0f);
                parts.insert(parts.end(), lock.begin(), lock.end());
            }
            break;
        case HairKind::Ponytail:
        case HairKind::Random: {
            const float side = static_cast<float>(farSign);
            auto lock = tail(f, f.at(side * 0.5f, 0.7f), f.lat(side * 1.6f), 2.4f);
            parts.insert(parts.end(), lock.begin(), lock.end());
            break;
        }
    }
    painter.paint(parts, palette.hair);
}

void paintHeadFromBehind(PartPainter& painter, const HeadFrame& head, const Pose& pose, const HeadLook& look,
                         const FigurePalette& palette, int farSign) {
    const Frame f{head};
    for (Kp ear : {Kp::LeftEar, Kp::RightEar})
        painter.paint(ellipse(pointOf(pose, ear), f.lat(kEarHalfWidth), f.upv(kEarHalfHeight)), palette.skin);
    // The hair behind the head covers all of it seen from the back (its crown is larger than the face).
    paintBackHair(painter, head, look, palette, farSign);
}

void paintHead(PartPainter& painter, const HeadFrame& head, const Pose& pose, const HeadLook& look,
               const FigurePalette& palette) {
    const Frame f{head};
    for (Kp ear : {Kp::LeftEar, Kp::RightEar})
        painter.paint(ellipse(pointOf(pose, ear), f.lat(kEarHalfWidth), f.upv(kEarHalfHeight)), palette.skin);
    painter.paint(facePolygon(f), palette.skin);
    if (look.blush)
        for (float side : {-1.f, 1.f})
            painter.detail(
                ellipse(f.at(featureLateral(side * 0.5f, -0.42f, head.yaw), -0.42f), f.lat(0.14f), f.upv(0.07f)),
                blend(palette.skin, kBlush, 0.5));
    painter.paint(fringePolygon(f, look), palette.hair);
    if (look.hair == HairKind::TwinTails)
        for (float side : {-1.f, 1.f})
            painter.paint(ellipse(f.at(side * 0.95f, 0.45f), f.lat(0.16f), f.upv(0.16f)), palette.accent);
    for (float side : {-1.f, 1.f}) {
        // An eye's angle to the viewer: its longitude on the face's sphere plus the turn.
        const float sinLongitude = side * kEyeSin;
        const float cosToViewer =
            std::sqrt(1 - sinLongitude * sinLongitude) * std::sqrt(1 - head.yaw * head.yaw) - sinLongitude * head.yaw;
        paintEye(painter, f, pointOf(pose, side > 0 ? Kp::LeftEye : Kp::RightEye),
                 std::max(kMinEyeSqueeze, cosToViewer), palette);
    }
    const Vec2 nose = pointOf(pose, Kp::Nose);
    painter.stroke({nose + f.upv(0.06f), nose - f.lat(0.03f)}, f.r(0.03f), scaled(palette.skin, 0.6));
    const float mouth = featureLateral(0.f, kMouthUp, head.yaw);
    painter.stroke({f.at(mouth - 0.12f, kMouthUp), f.at(mouth, kMouthUp - 0.05f), f.at(mouth + 0.12f, kMouthUp)},
                   f.r(0.035f), painter.settings().outline);
}

void paintFrontLock(PartPainter& painter, const HeadFrame& head, Vec2 shoulder, float side, float bodyScale,
                    const FigurePalette& palette) {
    const Frame f{head};
    // Wide enough at the shoulder to cover its joint, tapering to a point down the chest.
    const float atShoulder = kFrontLockWidth * bodyScale;
    const Vec2 root = f.at(side * 0.8f, -0.05f);
    const Vec2 tip = shoulder + kGravity * (kFrontLockLength * bodyScale) - f.lat(side * 0.1f);
    painter.paint({capsule(root, shoulder, f.r(0.22f), atShoulder), capsule(shoulder, tip, atShoulder, f.r(0.03f))},
                  palette.hair);
}

}  // namespace refpose
