#pragma once
// Runs a pose network on box-centred crops and decodes its heatmaps back to image pixels.
// Shared by validation during training and by the trained-model estimator. Internal (LibTorch).

#include "schema/Pose.h"

#include <opencv2/core/mat.hpp>
#include <torch/torch.h>

#include <functional>
#include <span>
#include <vector>

namespace refpose::training {

struct PredictorGeometry {
    int inputSize = 256, heatmapSize = 64;
    float padding = 0.1f;
};

// Heatmap probabilities [N, K, H, H] (K = 25, or 17 without midpoints) for a batch of crops
// (planar RGB in [0, 1], on the model's device), in eval mode without gradients.
using HeatmapFunction = std::function<torch::Tensor(const torch::Tensor& rgb01)>;

class PosePredictor {
public:
    PosePredictor(HeatmapFunction heatmaps, PredictorGeometry geometry, torch::Device device);

    // One pose per (image, box): 25 points in image pixels, scored by their heatmap peaks
    // (midpoints derived from their endpoints when the model predicts none).
    std::vector<Pose> predict(std::span<const cv::Mat> images, std::span<const Box> boxes);

private:
    HeatmapFunction heatmaps_;
    PredictorGeometry geometry_;
    torch::Device device_;
};

}  // namespace refpose::training
