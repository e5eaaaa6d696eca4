#include "SkeletonState.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace refpose::ui {

JointFlags allJoints() {
    JointFlags m;
    m.fill(true);
    return m;
}

Pose defaultStandingPose() {
    // (keypoint, x, y) in logical units; the character's left is on the viewer's right. The
    // figure stands low and in the middle of the space, so that arms raised above the head or
    // stretched out sideways stay inside it (SkeletonCanvasTest checks the reach).
    constexpr float dx = 60, dy = 100;
    const std::pair<Kp, std::array<float, 2>> points[] = {
        {Kp::Nose, {150, 62}},           {Kp::LeftEye, {160, 52}},     {Kp::RightEye, {140, 52}},
        {Kp::LeftEar, {172, 58}},        {Kp::RightEar, {128, 58}},    {Kp::LeftShoulder, {192, 118}},
        {Kp::RightShoulder, {108, 118}}, {Kp::LeftElbow, {204, 196}},  {Kp::RightElbow, {96, 196}},
        {Kp::LeftWrist, {210, 268}},     {Kp::RightWrist, {90, 268}},  {Kp::LeftHip, {176, 268}},
        {Kp::RightHip, {124, 268}},      {Kp::LeftKnee, {180, 372}},   {Kp::RightKnee, {120, 372}},
        {Kp::LeftAnkle, {182, 470}},     {Kp::RightAnkle, {118, 470}},
    };
    Pose pose;
    for (const auto& [k, xy] : points) pose[k] = Keypoint{xy[0] + dx, xy[1] + dy, 1.f, Visibility::Visible};
    deriveMidpoints(pose);
    pose.box = boxAroundKeypoints(pose, 0.f);
    return pose;
}

std::array<float, 2> centroid(const Pose& pose) {
    float sx = 0, sy = 0;
    int n = 0;
    for (const auto& k : pose.kp) {
        if (!k.labelled()) continue;
        sx += k.x;
        sy += k.y;
        ++n;
    }
    if (n == 0) return {0.f, 0.f};
    return {sx / n, sy / n};
}

namespace {
template <typename F>
Pose mapPoints(const Pose& pose, F&& f) {
    Pose out = pose;
    for (auto& k : out.kp)
        if (k.labelled()) f(k.x, k.y);
    out.box = boxAroundKeypoints(out, 0.f);
    return out;
}
}  // namespace

Pose translated(const Pose& pose, float dx, float dy) {
    return mapPoints(pose, [&](float& x, float& y) {
        x += dx;
        y += dy;
    });
}

Pose rotated(const Pose& pose, float degrees) {
    const auto [cx, cy] = centroid(pose);
    const float r = degrees * std::numbers::pi_v<float> / 180.f;
    const float c = std::cos(r), s = std::sin(r);
    return mapPoints(pose, [&](float& x, float& y) {
        const float u = x - cx, v = y - cy;
        x = cx + c * u - s * v;
        y = cy + s * u + c * v;
    });
}

Pose scaled(const Pose& pose, float factor) {
    const auto [cx, cy] = centroid(pose);
    return mapPoints(pose, [&](float& x, float& y) {
        x = cx + (x - cx) * factor;
        y = cy + (y - cy) * factor;
    });
}

QRectF boundsOf(const Pose& pose, const JointFlags& mask) {
    // Computed by hand: QRectF::united ignores zero-size rectangles, i.e. single points.
    qreal x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool any = false;
    for (std::size_t i = 0; i < kNumKeypoints; ++i) {
        const Keypoint& k = pose.kp[i];
        if (!k.labelled() || !mask[i]) continue;
        x0 = any ? std::min<qreal>(x0, k.x) : k.x;
        y0 = any ? std::min<qreal>(y0, k.y) : k.y;
        x1 = any ? std::max<qreal>(x1, k.x) : k.x;
        y1 = any ? std::max<qreal>(y1, k.y) : k.y;
        any = true;
    }
    return any ? QRectF(QPointF(x0, y0), QPointF(x1, y1)) : QRectF();
}

}  // namespace refpose::ui
