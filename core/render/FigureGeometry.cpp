#include "render/FigureGeometry.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

namespace refpose {
namespace {

// Body proportions of an anime figure, in units of the torso length (shoulder line to hip line).
constexpr float kThighPerScale = 0.95f;      // hip to knee
constexpr float kUpperArmPerScale = 0.60f;   // shoulder to elbow
constexpr float kShoulderPerScale = 0.75f;   // shoulder to shoulder, facing the viewer
constexpr float kMinLength = 1e-3f;          // below this a length counts as zero

// Head layout in the head's frame (units of its radius; lateral to the left, up to the crown).
constexpr float kEyeLateral = 0.36f, kEyeUp = -0.12f;
constexpr float kEarLateral = 0.88f, kEarUp = -0.15f;
constexpr float kNoseUp = -0.38f;
// Distance from the shoulder midpoint to the head's centre, in head radii (neck plus chin).
constexpr float kNeckToCentre = 1.25f;

float dist(const Pose& p, Kp a, Kp b) { return length(pointOf(p, a) - pointOf(p, b)); }

Vec2 shoulderMid(const Pose& p) { return midpoint(pointOf(p, Kp::LeftShoulder), pointOf(p, Kp::RightShoulder)); }
Vec2 hipMid(const Pose& p) { return midpoint(pointOf(p, Kp::LeftHip), pointOf(p, Kp::RightHip)); }

// The unit vector perpendicular to `up` that points to the character's left, judged by `leftward`
// (a vector from a right-side point to its left partner).
Vec2 leftOf(Vec2 up, Vec2 leftward) {
    Vec2 s{-up.y, up.x};
    if (dot(s, leftward) < 0) s = s * -1.f;
    return s;
}

Vec2 torsoUp(const Pose& p) { return normalised(shoulderMid(p) - hipMid(p), {0.f, -1.f}); }

void setPoint(Pose& p, Kp k, Vec2 v) {
    if (p[k].labelled()) return;
    p[k] = Keypoint{v.x, v.y, 1.f, Visibility::Visible};
}

}  // namespace

bool hasBodyKeypoints(const Pose& pose) {
    for (std::size_t i = idx(Kp::LeftShoulder); i <= idx(Kp::RightAnkle); ++i)
        if (!pose.kp[i].labelled()) return false;
    return true;
}

float bodyScale(const Pose& p) {
    const float torso = length(shoulderMid(p) - hipMid(p));
    const float thigh = (dist(p, Kp::LeftHip, Kp::LeftKnee) + dist(p, Kp::RightHip, Kp::RightKnee)) / 2.f;
    const float upperArm =
        (dist(p, Kp::LeftShoulder, Kp::LeftElbow) + dist(p, Kp::RightShoulder, Kp::RightElbow)) / 2.f;
    const float shoulders = dist(p, Kp::LeftShoulder, Kp::RightShoulder);
    // Each estimate shrinks when its part is foreshortened, never grows: the mean of the two
    // largest is robust to one or two foreshortened parts.
    std::array<float, 4> e = {torso, thigh / kThighPerScale, upperArm / kUpperArmPerScale,
                              shoulders / kShoulderPerScale};
    std::sort(e.begin(), e.end(), std::greater<float>());
    return std::max((e[0] + e[1]) / 2.f, kMinLength);
}

void completeHeadKeypoints(Pose& pose) {
    const float radius = kHeadRadiusPerScale * bodyScale(pose);
    const Vec2 neck = shoulderMid(pose);
    const Vec2 shoulderLeftward = pointOf(pose, Kp::LeftShoulder) - pointOf(pose, Kp::RightShoulder);
    Vec2 up = torsoUp(pose);
    Vec2 centre = neck + up * (kNeckToCentre * radius);
    if (pose[Kp::Nose].labelled()) {
        // The nose fixes the head's tilt: it lies on the face's centre line below the centre.
        const Vec2 nose = pointOf(pose, Kp::Nose);
        up = normalised(nose - neck, up);
        centre = nose - up * (kNoseUp * radius);
    }
    const Vec2 left = leftOf(up, shoulderLeftward);
    auto place = [&](float lateral, float upward) { return centre + left * (lateral * radius) + up * (upward * radius); };
    setPoint(pose, Kp::Nose, place(0.f, kNoseUp));
    setPoint(pose, Kp::LeftEye, place(kEyeLateral, kEyeUp));
    setPoint(pose, Kp::RightEye, place(-kEyeLateral, kEyeUp));
    setPoint(pose, Kp::LeftEar, place(kEarLateral, kEarUp));
    setPoint(pose, Kp::RightEar, place(-kEarLateral, kEarUp));
}

HeadFrame headFrameOf(const Pose& pose) {
    const float bodyRadius = kHeadRadiusPerScale * bodyScale(pose);
    const Vec2 leftEye = pointOf(pose, Kp::LeftEye), rightEye = pointOf(pose, Kp::RightEye);
    const Vec2 leftEar = pointOf(pose, Kp::LeftEar), rightEar = pointOf(pose, Kp::RightEar);
    const Vec2 eyes = midpoint(leftEye, rightEye), ears = midpoint(leftEar, rightEar);
    HeadFrame h;
    // Up: perpendicular to the eye line when the eyes are apart, else from the neck to the eyes.
    const Vec2 eyeLine = leftEye - rightEye;
    const Vec2 fromNeck = normalised(eyes - shoulderMid(pose), torsoUp(pose));
    if (length(eyeLine) > 0.3f * bodyRadius) {
        Vec2 up{eyeLine.y, -eyeLine.x};
        if (dot(up, fromNeck) < 0) up = up * -1.f;
        h.up = normalised(up, fromNeck);
    } else {
        h.up = fromNeck;
    }
    const Vec2 leftward = length(eyeLine) > kMinLength
        ? eyeLine : pointOf(pose, Kp::LeftShoulder) - pointOf(pose, Kp::RightShoulder);
    h.left = leftOf(h.up, leftward);
    const float earSpan = length(leftEar - rightEar) / (2.f * kEarLateral);
    h.radius = std::clamp(earSpan, 0.8f * bodyRadius, 1.25f * bodyRadius);
    // Eyes and ears sit a little below the centre (kEyeUp, kEarUp).
    h.centre = midpoint(eyes, ears) - h.up * (((kEyeUp + kEarUp) / 2.f) * h.radius);
    return h;
}

int farSideSign(const Pose& pose) {
    const Vec2 leftward = normalised(pointOf(pose, Kp::LeftShoulder) - pointOf(pose, Kp::RightShoulder), {1.f, 0.f});
    const float lateral = dot(pointOf(pose, Kp::Nose) - shoulderMid(pose), leftward);
    return lateral >= 0.f ? 1 : -1;
}

}  // namespace refpose
