#pragma once
// Training losses (DESIGN.md, "Training"). Internal (LibTorch).

#include <torch/torch.h>

namespace refpose::training {

// Pixel-wise binary cross-entropy over the heatmaps, averaged over the pixels of each map and
// over the maps whose weight is 1 (keypoints the annotation labels).
// logits, targets: [N, K, H, W]; weights: [N, K].
torch::Tensor heatmapBce(const torch::Tensor& logits, const torch::Tensor& targets, const torch::Tensor& weights);

// Feature-wise mean squared error of the matcher (paper, section 4.2).
torch::Tensor featureMse(const torch::Tensor& predicted, const torch::Tensor& target);

// The tagger's class-balanced multi-label BCE: mean over tags and images of
// w_i(y_i) BCE(y_i, yhat_i) with r_i from ClassBalance.h. logits, labels: [N, C]; ratios: [C].
torch::Tensor classBalancedBce(const torch::Tensor& logits, const torch::Tensor& labels, const torch::Tensor& ratios);

}  // namespace refpose::training
