#pragma once
// Runs a pose network on box-centred crops and decodes its heatmaps back to image pixels.
// Shared by validation during training and by the trained-model estimator. Internal (LibTorch).

#include "Networks.h"
#include "schema/Pose.h"

#include <opencv2/core/mat.hpp>

#include <span>
#include <vector>

namespace refpose::training {

struct PredictorGeometry {
    int inputSize = 256, heatmapSize = 64;
    float padding = 0.1f;
};

class PosePredictor {
public:
    PosePredictor(PoseNetwork network, TaskFeatureSource* task, PredictorGeometry geometry, torch::Device device);

    // One pose per (image, box): 25 points in image pixels, scored by their heatmap peaks.
    // Runs in eval mode without gradients; restores the network's training flag.
    std::vector<Pose> predict(std::span<const cv::Mat> images, std::span<const Box> boxes);

    // Heatmap probabilities [N, 25, H, H] for a batch of crops (planar RGB in [0, 1]).
    torch::Tensor heatmaps(const torch::Tensor& rgb01);

private:
    PoseNetwork network_;
    TaskFeatureSource* task_;
    PredictorGeometry geometry_;
    torch::Device device_;
};

}  // namespace refpose::training
