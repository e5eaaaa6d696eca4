#include "render/SkeletonSource.h"

#include "dataset/AddImport.h"
#include "render/FigureGeometry.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace refpose {
namespace {

constexpr float kPi = 3.14159265f;
// Reach of the drawn figure beyond its keypoints (units of the head radius or body scale):
// hair around the head's centre, hanging tails below it, hands past the wrists, feet past the ankles.
constexpr float kHairReach = 1.25f;
constexpr float kTailReach = 2.8f;
constexpr float kHandReach = 0.2f;
constexpr float kFootReach = 0.24f;

// The 13 points a built-in pose gives: nose, then shoulders, elbows, wrists, hips, knees,
// ankles (left, right) in COCO order.
struct Builtin {
    const char* name;
    float nose[2];
    float body[12][2];
};

// Facing the viewer: the character's left is on the image's right.
constexpr Builtin kBuiltins[] = {
    {"standing",
     {.50f, .15f},
     {{.59f, .26f},
      {.41f, .26f},
      {.62f, .40f},
      {.38f, .40f},
      {.63f, .53f},
      {.37f, .53f},
      {.555f, .53f},
      {.445f, .53f},
      {.56f, .72f},
      {.44f, .72f},
      {.565f, .91f},
      {.435f, .91f}}},
    {"walking",
     {.53f, .15f},
     {{.56f, .26f},
      {.44f, .27f},
      {.60f, .39f},
      {.40f, .38f},
      {.62f, .50f},
      {.36f, .48f},
      {.53f, .53f},
      {.46f, .53f},
      {.60f, .71f},
      {.42f, .70f},
      {.62f, .90f},
      {.36f, .87f}}},
    {"arms-raised",
     {.50f, .19f},
     {{.59f, .30f},
      {.41f, .30f},
      {.68f, .17f},
      {.32f, .17f},
      {.74f, .05f},
      {.26f, .05f},
      {.555f, .56f},
      {.445f, .56f},
      {.56f, .75f},
      {.44f, .75f},
      {.565f, .94f},
      {.435f, .94f}}},
    {"sitting",
     {.52f, .19f},
     {{.58f, .30f},
      {.44f, .31f},
      {.60f, .45f},
      {.42f, .46f},
      {.66f, .55f},
      {.50f, .56f},
      {.55f, .58f},
      {.45f, .59f},
      {.68f, .60f},
      {.58f, .62f},
      {.70f, .85f},
      {.60f, .87f}}},
    // On one knee: the left foot forward and flat, the right knee on the ground.
    {"kneeling",
     {.51f, .19f},
     {{.59f, .30f},
      {.42f, .31f},
      {.64f, .44f},
      {.38f, .45f},
      {.66f, .58f},
      {.40f, .58f},
      {.555f, .57f},
      {.465f, .58f},
      {.68f, .64f},
      {.48f, .84f},
      {.67f, .86f},
      {.32f, .86f}}},
    {"running",
     {.55f, .16f},
     {{.57f, .27f},
      {.46f, .28f},
      {.62f, .36f},
      {.40f, .37f},
      {.70f, .30f},
      {.36f, .46f},
      {.53f, .53f},
      {.47f, .53f},
      {.66f, .62f},
      {.43f, .70f},
      {.62f, .80f},
      {.30f, .80f}}},
    {"waving",
     {.50f, .15f},
     {{.59f, .26f},
      {.41f, .26f},
      {.68f, .22f},
      {.38f, .40f},
      {.70f, .09f},
      {.37f, .53f},
      {.555f, .53f},
      {.445f, .53f},
      {.56f, .72f},
      {.44f, .72f},
      {.565f, .91f},
      {.435f, .91f}}},
    {"hands-on-hips",
     {.50f, .15f},
     {{.59f, .26f},
      {.41f, .26f},
      {.70f, .38f},
      {.30f, .38f},
      {.58f, .50f},
      {.42f, .50f},
      {.555f, .53f},
      {.445f, .53f},
      {.57f, .72f},
      {.43f, .72f},
      {.58f, .91f},
      {.42f, .91f}}},
    {"t-pose",
     {.50f, .15f},
     {{.59f, .26f},
      {.41f, .26f},
      {.73f, .26f},
      {.27f, .26f},
      {.87f, .26f},
      {.13f, .26f},
      {.555f, .53f},
      {.445f, .53f},
      {.56f, .72f},
      {.44f, .72f},
      {.565f, .91f},
      {.435f, .91f}}},
    {"jumping",
     {.50f, .15f},
     {{.59f, .26f},
      {.41f, .26f},
      {.70f, .18f},
      {.30f, .18f},
      {.80f, .08f},
      {.20f, .08f},
      {.555f, .52f},
      {.445f, .52f},
      {.64f, .70f},
      {.36f, .70f},
      {.72f, .88f},
      {.28f, .88f}}},
    {"crouching",
     {.50f, .33f},
     {{.59f, .43f},
      {.41f, .43f},
      {.64f, .56f},
      {.36f, .56f},
      {.58f, .66f},
      {.42f, .66f},
      {.555f, .68f},
      {.445f, .68f},
      {.66f, .62f},
      {.34f, .62f},
      {.60f, .90f},
      {.40f, .90f}}},
    {"pointing",
     {.48f, .15f},
     {{.59f, .26f},
      {.41f, .26f},
      {.62f, .40f},
      {.28f, .28f},
      {.63f, .53f},
      {.15f, .27f},
      {.555f, .53f},
      {.445f, .53f},
      {.56f, .72f},
      {.44f, .72f},
      {.565f, .91f},
      {.435f, .91f}}},
};

constexpr Kp kBodyOrder[12] = {Kp::LeftShoulder, Kp::RightShoulder, Kp::LeftElbow, Kp::RightElbow,
                               Kp::LeftWrist,    Kp::RightWrist,    Kp::LeftHip,   Kp::RightHip,
                               Kp::LeftKnee,     Kp::RightKnee,     Kp::LeftAnkle, Kp::RightAnkle};

Keypoint visible(float x, float y) { return {x, y, 1.f, Visibility::Visible}; }

Pose poseOf(const Builtin& b) {
    Pose p;
    p[Kp::Nose] = visible(b.nose[0], b.nose[1]);
    for (std::size_t i = 0; i < std::size(kBodyOrder); ++i) p[kBodyOrder[i]] = visible(b.body[i][0], b.body[i][1]);
    p.box = boxAroundKeypoints(p, 0.f);
    return p;
}

bool isHeadPoint(std::size_t i) { return i <= idx(Kp::RightEar); }

// Applies x' = a*x + b*y + tx, y' = c*x + d*y + ty to the labelled points and the box corners.
Pose transformed(const Pose& pose, float a, float b, float c, float d, float tx, float ty) {
    Pose out = pose;
    for (auto& k : out.kp) {
        if (!k.labelled()) continue;
        const float x = k.x, y = k.y;
        k.x = a * x + b * y + tx;
        k.y = c * x + d * y + ty;
    }
    return out;
}

}  // namespace

const std::vector<NamedPose>& builtinPoses() {
    static const std::vector<NamedPose> poses = [] {
        std::vector<NamedPose> v;
        for (const Builtin& b : kBuiltins) v.push_back({b.name, poseOf(b)});
        return v;
    }();
    return poses;
}

std::vector<NamedPose> loadAddPoses(const std::filesystem::path& file) {
    const CocoDataset data = readAdd(file);
    std::vector<NamedPose> out;
    out.reserve(data.annotations.size());
    for (const CocoAnnotation& a : data.annotations) {
        if (!hasBodyKeypoints(a.pose)) continue;
        Pose p = a.pose;
        completeHeadKeypoints(p);
        out.push_back({"add-" + std::to_string(a.imageId), p});
    }
    return out;
}

Pose fitToImage(const Pose& pose, int width, int height, float margin) {
    if (!hasBodyKeypoints(pose)) throw std::invalid_argument("fitToImage: the pose lacks a body keypoint");
    Pose full = pose;
    completeHeadKeypoints(full);
    const HeadFrame head = headFrameOf(full);
    const float scale = bodyScale(full);
    // Min/max by hand: cv::Rect2f's union ignores empty (zero-size) rectangles such as points.
    float x0 = std::numeric_limits<float>::max(), y0 = x0;
    float x1 = std::numeric_limits<float>::lowest(), y1 = x1;
    auto include = [&](Vec2 c, float r) {
        x0 = std::min(x0, c.x - r);
        y0 = std::min(y0, c.y - r);
        x1 = std::max(x1, c.x + r);
        y1 = std::max(y1, c.y + r);
    };
    for (const auto& k : full.kp)
        if (k.labelled()) include({k.x, k.y}, 0.f);
    include(head.centre, kHairReach * head.radius);
    include(head.centre + Vec2{0.f, kTailReach * head.radius}, 0.f);
    for (Kp k : {Kp::LeftWrist, Kp::RightWrist}) include(pointOf(full, k), kHandReach * scale);
    for (Kp k : {Kp::LeftAnkle, Kp::RightAnkle}) include(pointOf(full, k), kFootReach * scale);

    const float free = margin * static_cast<float>(std::min(width, height));
    const float s =
        std::min((width - 2 * free) / std::max(x1 - x0, 1e-6f), (height - 2 * free) / std::max(y1 - y0, 1e-6f));
    const float tx = width / 2.f - s * (x0 + x1) / 2.f;
    const float ty = height / 2.f - s * (y0 + y1) / 2.f;
    Pose out = transformed(pose, s, 0, 0, s, tx, ty);
    out.box = {s * pose.box.x + tx, s * pose.box.y + ty, s * pose.box.w, s * pose.box.h};
    return out;
}

Pose placedAtRandom(const Pose& pose, int width, int height, std::uint64_t seed, float minMargin, float maxMargin) {
    cv::RNG rng(seed);
    const float margin =
        static_cast<float>(rng.uniform(static_cast<double>(minMargin), static_cast<double>(maxMargin)));
    const float slack = (margin - minMargin) * static_cast<float>(std::min(width, height));
    const float dx = static_cast<float>(rng.uniform(-1.0, 1.0)) * slack;
    const float dy = static_cast<float>(rng.uniform(-1.0, 1.0)) * slack;
    Pose out = transformed(fitToImage(pose, width, height, margin), 1, 0, 0, 1, dx, dy);
    out.box.x += dx;
    out.box.y += dy;
    return out;
}

Pose jitteredPose(const Pose& pose, std::uint64_t seed, const JitterOptions& options) {
    cv::RNG rng(seed);
    const Box box = boxAroundKeypoints(pose, 0.f);
    const float cx = box.x + box.w / 2, cy = box.y + box.h / 2;
    const float angle = static_cast<float>(rng.uniform(-1.0, 1.0)) * options.maxRotationDeg * kPi / 180.f;
    const float co = std::cos(angle), si = std::sin(angle);
    Pose out = transformed(pose, co, -si, si, co, cx - co * cx + si * cy, cy - si * cx - co * cy);
    const float sigma = options.jointJitter * (hasBodyKeypoints(pose) ? bodyScale(pose) : box.longestSide() / 4);
    const float headDx = static_cast<float>(rng.gaussian(sigma)), headDy = static_cast<float>(rng.gaussian(sigma));
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        // Always draw both numbers, so a pose's later points do not depend on its earlier ones.
        const float dx = static_cast<float>(rng.gaussian(sigma)), dy = static_cast<float>(rng.gaussian(sigma));
        Keypoint& k = out.kp[i];
        if (!k.labelled()) continue;
        k.x += isHeadPoint(i) ? headDx : dx;
        k.y += isHeadPoint(i) ? headDy : dy;
    }
    const bool mirror = rng.uniform(0, 2) == 1;
    if (options.allowMirror && mirror) out = mirrored(out, cx);
    deriveMidpoints(out);
    out.box = boxAroundKeypoints(out, 0.f);
    return out;
}

}  // namespace refpose
