#pragma once
// MoveNet trained end to end: the paper's "task fine-tuning" (section 5, Table 1), the whole
// pretrained human-pose network adapted to illustrations. The TF.js graph runs with LibTorch
// ops, so its weights take gradients like any module's; batches enter at the graph's float
// image node (any batch size) and the loss reads the keypoint heatmaps' logits, before the
// sigmoid. Internal to refpose_training (LibTorch).

#include "model/TfjsGraph.h"

#include <torch/torch.h>

#include <filesystem>

namespace refpose::training {

class MoveNetFineTune {
public:
    // Which weights train: every one the heatmaps depend on, all but the MobileNetV2 backbone's,
    // or the keypoint heatmap head's only (frozen layers also skip their costly backward pass).
    enum class Scope { All, FpnAndHead, Head };
    static Scope scopeFromName(const std::string& name);

    // Loads the MoveNet model.json; throws ModelError when it is not one.
    MoveNetFineTune(const std::filesystem::path& modelJson, Scope scope);

    // rgb01: [N, 3, S, S] planar RGB in [0, 1], S = inputSize(). Returns the 17 keypoint
    // heatmaps' logits [N, 17, S/4, S/4], with gradients when the weights require them.
    torch::Tensor logits(const torch::Tensor& rgb01);

    int inputSize() const { return inputSize_; }
    // The weights that train (the others are frozen).
    std::vector<torch::Tensor> parameters() const;
    TfjsGraph& graph() { return graph_; }
    void to(const torch::Device& device) { graph_.to(device); }

private:
    TfjsGraph graph_;
    std::string logitsNode_;
    int inputSize_ = 0;
};

}  // namespace refpose::training
