#include "render/FigureGeometry.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

namespace refpose {
namespace {

// Body proportions of an anime figure, in units of the torso length (shoulder line to hip line).
constexpr float kThighPerScale = 0.95f;     // hip to knee
constexpr float kUpperArmPerScale = 0.60f;  // shoulder to elbow
constexpr float kShoulderPerScale = 0.75f;  // shoulder to shoulder, facing the viewer
constexpr float kMinLength = 1e-3f;         // below this a length counts as zero

// Head layout in the head's frame (units of its radius; lateral to the left, up to the crown).
// Eyes and ears by the sine of their longitude on the face's sphere (facing the viewer they
// lie 0.36 and 0.88 head radii beside the centre line).
constexpr float kEyeUp = -0.12f;
constexpr float kEarSin = 0.88f / kFaceHalfWidth, kEarUp = -0.15f;
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

float featureLateral(float sinLongitude, float upward, float yaw) {
    const float cosLongitude = std::sqrt(std::max(0.f, 1 - sinLongitude * sinLongitude));
    const float cosYaw = std::sqrt(std::max(0.f, 1 - yaw * yaw));
    // The sphere's horizontal circle at this height, rotated by the turn.
    const float ring = std::sqrt(std::max(0.f, 1 - upward * upward));
    return kFaceHalfWidth * ring * (sinLongitude * cosYaw + cosLongitude * yaw);
}

void completeHeadKeypoints(Pose& pose) {
    const float radius = kHeadRadiusPerScale * bodyScale(pose);
    const Vec2 neck = shoulderMid(pose);
    const Vec2 shoulderLeftward = pointOf(pose, Kp::LeftShoulder) - pointOf(pose, Kp::RightShoulder);
    Vec2 up = torsoUp(pose);
    Vec2 left = leftOf(up, shoulderLeftward);
    Vec2 centre = neck + up * (kNeckToCentre * radius);
    float yaw = 0;
    if (pose[Kp::Nose].labelled()) {
        // The nose shares the tilt between the head and the turn: half the way from the torso's
        // up to the nose's direction is the head's up, the rest of the nose's offset is the turn.
        const Vec2 nose = pointOf(pose, Kp::Nose);
        up = normalised(up + normalised(nose - neck, up), up);
        left = leftOf(up, shoulderLeftward);
        yaw = std::clamp(dot(nose - neck, left) / radius, -kMaxYawSine, kMaxYawSine);
        centre = nose - up * (kNoseUp * radius) - left * (featureLateral(0.f, kNoseUp, yaw) * radius);
    }
    auto place = [&](float sinLongitude, float upward) {
        return centre + left * (featureLateral(sinLongitude, upward, yaw) * radius) + up * (upward * radius);
    };
    setPoint(pose, Kp::Nose, place(0.f, kNoseUp));
    setPoint(pose, Kp::LeftEye, place(kEyeSin, kEyeUp));
    setPoint(pose, Kp::RightEye, place(-kEyeSin, kEyeUp));
    setPoint(pose, Kp::LeftEar, place(kEarSin, kEarUp));
    setPoint(pose, Kp::RightEar, place(-kEarSin, kEarUp));
}

HeadFrame headFrameOf(const Pose& pose, float headScale) {
    const float bodyRadius = headScale * kHeadRadiusPerScale * bodyScale(pose);
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
    const Vec2 leftward =
        length(eyeLine) > kMinLength ? eyeLine : pointOf(pose, Kp::LeftShoulder) - pointOf(pose, Kp::RightShoulder);
    h.left = leftOf(h.up, leftward);
    // Turned by yaw, the eyes move sideways faster than the ears (they lie nearer the face's
    // centre line) while the eye span shrinks with the cosine: their ratio is the turn's tangent.
    // featureLateral(s, up, 1) is the sideways move per unit of yaw sine, (s, up, 0) the offset facing us.
    const float shiftPerYaw = featureLateral(0.f, kEyeUp, 1.f) * std::sqrt(1 - kEyeSin * kEyeSin) -
                              featureLateral(0.f, kEarUp, 1.f) * std::sqrt(1 - kEarSin * kEarSin);
    const float shift = dot(eyes - ears, h.left) / shiftPerYaw;
    const float span = dot(eyeLine, h.left) / (2 * featureLateral(kEyeSin, kEyeUp, 0.f));
    const float yaw = std::sin(std::atan2(shift, std::max(span, kMinLength)));
    h.yaw = std::clamp(yaw, -kMaxYawSine, kMaxYawSine);
    const float earSpan = dot(leftEar - rightEar, h.left) /
                          (featureLateral(kEarSin, kEarUp, h.yaw) - featureLateral(-kEarSin, kEarUp, h.yaw));
    h.radius = std::clamp(earSpan, 0.8f * bodyRadius, 1.25f * bodyRadius);
    // The four points' mean lies below the centre (kEyeUp, kEarUp) and, turned, to one side.
    const float meanLateral = (featureLateral(kEyeSin, kEyeUp, h.yaw) + featureLateral(-kEyeSin, kEyeUp, h.yaw) +
                               featureLateral(kEarSin, kEarUp, h.yaw) + featureLateral(-kEarSin, kEarUp, h.yaw)) /
                              4;
    h.centre = midpoint(eyes, ears) - h.up * (((kEyeUp + kEarUp) / 2.f) * h.radius) - h.left * (meanLateral * h.radius);
    return h;
}

bool facesAway(const Pose& pose) {
    const Vec2 up = torsoUp(pose);
    const Vec2 leftward = pointOf(pose, Kp::LeftShoulder) - pointOf(pose, Kp::RightShoulder);
    // Facing the viewer, upright (up = (0, -1)), the left shoulder is at +x: the cross product
    // up x leftward is positive; a back view mirrors it.
    return up.x * leftward.y - up.y * leftward.x < 0.f;
}

int farSideSign(const Pose& pose) {
    const Vec2 leftward = normalised(pointOf(pose, Kp::LeftShoulder) - pointOf(pose, Kp::RightShoulder), {1.f, 0.f});
    const float lateral = dot(pointOf(pose, Kp::Nose) - shoulderMid(pose), leftward);
    return lateral >= 0.f ? 1 : -1;
}

}  // namespace refpose
