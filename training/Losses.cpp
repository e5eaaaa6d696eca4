#include "Losses.h"

namespace refpose::training {

torch::Tensor heatmapBce(const torch::Tensor& logits, const torch::Tensor& targets, const torch::Tensor& weights) {
    namespace F = torch::nn::functional;
    const auto perPixel = F::binary_cross_entropy_with_logits(
        logits, targets, F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kNone));
    const auto perMap = perPixel.mean({2, 3});  // [N, K]
    return (perMap * weights).sum() / weights.sum().clamp_min(1.0);
}

torch::Tensor featureMse(const torch::Tensor& predicted, const torch::Tensor& target) {
    return torch::mse_loss(predicted, target.detach());
}

torch::Tensor classBalancedBce(const torch::Tensor& logits, const torch::Tensor& labels, const torch::Tensor& ratios) {
    namespace F = torch::nn::functional;
    const auto r = ratios.unsqueeze(0);
    const auto w = (labels / r + (1 - labels) / (1 - r)) / 2;
    const auto bce = F::binary_cross_entropy_with_logits(
        logits, labels, F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kNone));
    return (w * bce).mean();
}

}  // namespace refpose::training
