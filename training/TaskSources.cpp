// The task-specific sources (paper: a network pretrained on the task, here on human pose).
#include "Networks.h"

namespace refpose::training {
namespace {

// Width of the stand-in ResNet: small, it only has to produce features.
constexpr int kStandInWidth = 16;

class RandomResNetSource : public TaskFeatureSource {
public:
    explicit RandomResNetSource(std::uint64_t seed) {
        torch::manual_seed(seed);
        net_ = ResNet(18, kStandInWidth);
        net_->eval();
        for (auto& p : net_->parameters()) p.set_requires_grad(false);
    }
    torch::Tensor features(const torch::Tensor& rgb01) override {
        torch::NoGradGuard noGrad;
        return net_->features(rgb01).second;
    }
    int channels() const override { return net_->stage3Channels; }
    void to(const torch::Device& device) override { net_->to(device); }

private:
    ResNet net_{nullptr};
};

}  // namespace

std::unique_ptr<TaskFeatureSource> makeRandomResNetTaskSource(std::uint64_t seed) {
    return std::make_unique<RandomResNetSource>(seed);
}

std::unique_ptr<TaskFeatureSource> makeTaskSource(const TrainConfig& c) {
    if (c.taskSource == "random-resnet") return makeRandomResNetTaskSource(c.seed + 7919);
    throw ConfigError(c.sourceFile.string() + ": task_source \"movenet\" needs the TF.js graph import "
                      "(branch engine), which this build does not have yet");
}

}  // namespace refpose::training
