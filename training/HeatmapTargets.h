#pragma once
// Gaussian heatmap targets for training (DESIGN.md, "Training"): one map per keypoint, peak 1 at
// the keypoint, standard deviation proportional to that keypoint's OKS sigma.

#include "schema/Pose.h"

#include <vector>

namespace refpose::training {

// Heatmap standard deviation in heatmap pixels = kSigmaScale * OKS sigma * heatmap side.
// With a 64-pixel map, a shoulder (sigma .079) gets about 2 pixels, a nose (.026) about 0.7;
// clamped below by kMinSigmaPixels so no target is thinner than a pixel.
inline constexpr float kSigmaScale = 0.4f;
inline constexpr float kMinSigmaPixels = 1.0f;

float heatmapSigma(std::size_t keypoint, int heatmapSide);

// Renders kNumKeypoints maps of size side x side (row-major, keypoint-major) for a pose whose
// coordinates are already in heatmap pixels. Unlabelled points give all-zero maps.
std::vector<float> renderHeatmapTargets(const Pose& pose, int side);

}  // namespace refpose::training
