#pragma once
// One MoveNet network (a TF.js graph model) on one device: square crops of images in, heatmap
// peaks out. On the CPU it keeps two graph copies, so two threads run at once without sharing
// a graph (a third waits for a free one). The estimator (MoveNetEstimator.cpp) chains two of these
// passes: one to find the character, one on the refined crop.

#include "estimate/HeatmapDecoder.h"
#include "estimate/SquareCrop.h"

#include <opencv2/core/mat.hpp>
#include <torch/types.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace refpose {

class TfjsGraph;

// The 17 peaks of one crop, in heatmap cells, and the heatmap's size.
struct CropPeaks {
    std::vector<HeatmapPeak> peaks;
    int width = 1, height = 1;
};

class MoveNetNetwork {
public:
    // Loads the model; throws ModelError when it is not a MoveNet graph model. A non-empty
    // `fineTuned` names a LibTorch archive whose graph weights replace the model's own
    // (a model RefPose fine-tuned on illustrations, model/GraphWeights.h).
    MoveNetNetwork(const std::filesystem::path& modelJson, const torch::Device& device,
                   const std::filesystem::path& fineTuned = {});
    ~MoveNetNetwork();

    // The peaks of crops[i] of bgr[i] (8-bit BGR), one network run for the whole batch.
    std::vector<CropPeaks> peaks(const std::vector<cv::Mat>& bgr, const std::vector<SquareCrop>& crops);

    // The model's file name (the fine-tuned file's, if any) and a hash of its files' contents.
    const std::string& id() const { return id_; }

private:
    struct Module;
    torch::Tensor heatmaps(const torch::Tensor& rgbBatch);
    Module& acquire();

    torch::Device device_;
    int inputSize_ = 0;
    std::vector<std::unique_ptr<Module>> modules_;
    std::atomic<std::size_t> next_{0};
    std::string id_;
};

}  // namespace refpose
