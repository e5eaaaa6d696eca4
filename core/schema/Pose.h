#pragma once
// Pose types shared by every layer: a box and the 25 keypoints of Keypoints.h.

#include "schema/Keypoints.h"

#include <array>
#include <cstdint>

namespace refpose {

struct Box {
    float x = 0, y = 0, w = 0, h = 0;  // top-left corner and size, in image pixels
    float longestSide() const { return w > h ? w : h; }
    bool operator==(const Box&) const = default;
};

// COCO visibility flags.
enum class Visibility : std::uint8_t { Unlabelled = 0, Occluded = 1, Visible = 2 };

struct Keypoint {
    float x = 0, y = 0;
    float score = 0;  // estimator confidence in [0, 1]; 1 for ground truth
    Visibility v = Visibility::Unlabelled;
    bool labelled() const { return v != Visibility::Unlabelled; }
    bool operator==(const Keypoint&) const = default;
};

struct Pose {
    Box box;
    std::array<Keypoint, kNumKeypoints> kp{};
    Keypoint& operator[](Kp k) { return kp[idx(k)]; }
    const Keypoint& operator[](Kp k) const { return kp[idx(k)]; }
    bool operator==(const Pose&) const = default;
};

// Sets each midpoint to the mean of its endpoints (labelled only when both are; score = min).
void deriveMidpoints(Pose& pose);

// The pose mirrored about the vertical line x = axisX: left and right swap names.
Pose mirrored(const Pose& pose, float axisX);

// The tight box of the labelled points, grown by `margin` times its longest side on every side.
// Returns an empty box when no point is labelled.
Box boxAroundKeypoints(const Pose& pose, float margin);

// Number of labelled points among the first `count` keypoints.
int countLabelled(const Pose& pose, std::size_t count = kNumKeypoints);

}  // namespace refpose
