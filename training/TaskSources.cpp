// The task-specific sources (paper: a network pretrained on the task, here on human pose).
#include "Networks.h"

#include "estimate/MoveNetEstimator.h"
#include "estimate/PoseEstimator.h"
#include "model/TfjsGraph.h"

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

// MoveNet's feature pyramid output, the input of all its heads (stride 4, NHWC): the paper's
// task-specific features. The same node name in Lightning and Thunder.
constexpr const char* kMoveNetFeatureNode =
    "StatefulPartitionedCall/center_net_mobile_net_v2fpn_feature_extractor/model_1/re_lu_2/Relu";
constexpr const char* kMoveNetInput = "input";  // the placeholder whose signature gives the input side
// Input side used when the model does not declare one (Lightning's).
constexpr int64_t kDefaultMoveNetSide = 192;

class MoveNetSource : public TaskFeatureSource {
public:
    explicit MoveNetSource(const std::filesystem::path& modelJson) : graph_(TfjsGraph::load(modelJson)) {
        if (!graph_.hasNode(kMoveNetFeatureNode))
            throw ModelError(modelJson.string() + ": no node " + kMoveNetFeatureNode + " (not a MoveNet model?)");
        graph_.setRequiresGrad(false);  // frozen (paper: the task source is not trained)
        const auto shape = graph_.inputShape(kMoveNetInput);
        side_ = shape.size() == 4 && shape[1] > 0 ? shape[1] : kDefaultMoveNetSide;
        channels_ = int(features(torch::zeros({1, 3, side_, side_})).size(1));
    }
    torch::Tensor features(const torch::Tensor& rgb01) override {
        torch::NoGradGuard noGrad;
        const auto resized = resample(rgb01, int(side_));
        // The float image node takes any batch (the int32 "input" placeholder only a batch of one).
        const auto input = (resized * 255.0).round().clamp(0, 255).permute({0, 2, 3, 1}).contiguous();
        const auto out = graph_.run({{kMoveNetImageNode, input}}, {kMoveNetFeatureNode}).at(kMoveNetFeatureNode);
        return out.permute({0, 3, 1, 2}).to(torch::kFloat32).contiguous();
    }
    int channels() const override { return channels_; }
    void to(const torch::Device& device) override { graph_.to(device); }

private:
    TfjsGraph graph_;
    int64_t side_ = kDefaultMoveNetSide;
    int channels_ = 0;
};

}  // namespace

std::unique_ptr<TaskFeatureSource> makeRandomResNetTaskSource(std::uint64_t seed) {
    return std::make_unique<RandomResNetSource>(seed);
}

std::unique_ptr<TaskFeatureSource> makeTaskSource(const TrainConfig& c) {
    if (c.taskSource == "random-resnet") return makeRandomResNetTaskSource(c.seed + 7919);
    if (c.taskModel.empty())
        throw ConfigError(c.sourceFile.string() +
                          ": \"task_model\" (a MoveNet model.json) is required by this architecture");
    return std::make_unique<MoveNetSource>(c.taskModel);
}

}  // namespace refpose::training
