#pragma once
// The paper's networks in LibTorch (Chen & Zwicker 2022, sections 3-5). Internal to
// refpose_training: only its .cpp files that need LibTorch include this header.
//   ResNet           the domain-specific source (random init; depth 18/34/50), stages 1-3 used
//   Converter        1x1 conv + BN + ReLU: brings a source to the head's channel count
//   PoseHead         converter + two ResNet blocks + 1x1 conv -> 25 heatmap logits
//   PoseNetwork      one of the four architectures around them (see Architecture)
// The task-specific source (MoveNet's internal features) is not a submodule: it is frozen, it
// is never saved with the model, and feature matching drops it at inference.

#include "TrainConfig.h"

#include "schema/Keypoints.h"

#include <torch/torch.h>

#include <memory>

namespace refpose::training {

struct BasicBlockImpl : torch::nn::Module {
    BasicBlockImpl(int in, int out, int stride);
    torch::Tensor forward(const torch::Tensor& x);
    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr};
    torch::nn::Sequential down{nullptr};
};
TORCH_MODULE(BasicBlock);

struct BottleneckImpl : torch::nn::Module {
    BottleneckImpl(int in, int mid, int stride);
    torch::Tensor forward(const torch::Tensor& x);
    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, bn3{nullptr};
    torch::nn::Sequential down{nullptr};
};
TORCH_MODULE(Bottleneck);

// ResNet stem and stages 1-3; features() returns stage 2 (stride 8) and stage 3 (stride 16).
struct ResNetImpl : torch::nn::Module {
    ResNetImpl(int depth, int width);
    std::pair<torch::Tensor, torch::Tensor> features(const torch::Tensor& rgb01);
    // Channels of stage 2 plus stage 3 (the domain features' channel count).
    int featureChannels() const { return stage2Channels + stage3Channels; }
    torch::nn::Sequential stem{nullptr}, stage1{nullptr}, stage2{nullptr}, stage3{nullptr};
    int stage2Channels = 0, stage3Channels = 0;
};
TORCH_MODULE(ResNet);

struct ConverterImpl : torch::nn::Module {
    ConverterImpl(int in, int out);
    torch::Tensor forward(const torch::Tensor& x);
    torch::nn::Conv2d conv{nullptr};
    torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(Converter);

struct PoseHeadImpl : torch::nn::Module {
    PoseHeadImpl(int in, int channels, int outputs);
    torch::Tensor forward(const torch::Tensor& x);
    Converter converter{nullptr};
    BasicBlock block1{nullptr}, block2{nullptr};
    torch::nn::Conv2d out{nullptr};
};
TORCH_MODULE(PoseHead);

// Bilinear resampling to side x side (the common resolution of the concatenated features).
torch::Tensor resample(const torch::Tensor& x, int side);

// The frozen task-specific source: image batch -> feature map.
class TaskFeatureSource {
public:
    virtual ~TaskFeatureSource() = default;
    // rgb01: [N, 3, S, S] RGB in [0, 1]. Returns [N, channels(), h, w], without gradient.
    virtual torch::Tensor features(const torch::Tensor& rgb01) = 0;
    virtual int channels() const = 0;
    virtual void to(const torch::Device& device) = 0;
};

// What the architecture needs from the network's shape.
struct NetworkShape {
    Architecture architecture = Architecture::DomainOnly;
    int resnetDepth = 50, resnetWidth = 64, headChannels = 64, heatmapSize = 64;
    int taskChannels = 0;  // 0 when the architecture has no task source
};

NetworkShape networkShape(const TrainConfig& config, int taskChannels);
bool needsTaskAtTraining(Architecture a);
bool needsTaskAtInference(Architecture a);

struct PoseOutput {
    torch::Tensor logits;        // [N, 25, H, H]
    torch::Tensor matched;       // matching: predicted task features at H x H (else undefined)
    torch::Tensor taskFeatures;  // matching: the task features at H x H, the matcher's target
};

struct PoseNetworkImpl : torch::nn::Module {
    explicit PoseNetworkImpl(const NetworkShape& shape);
    // `task`: the task source's features (needed by task-only and concat; by matching only in
    // training, for the matcher's target). Undefined tensor when absent.
    PoseOutput forward(const torch::Tensor& rgb01, const torch::Tensor& task);
    NetworkShape shape;
    ResNet domain{nullptr};
    Converter domainConverter{nullptr}, taskConverter{nullptr};
    torch::nn::Sequential matcher{nullptr};
    PoseHead head{nullptr};
};
TORCH_MODULE(PoseNetwork);

// A frozen randomly-initialised ResNet-18 of width 16 standing in for MoveNet in tests of the
// task-source plumbing (config "task_source": "random-resnet"). Not a pose model.
std::unique_ptr<TaskFeatureSource> makeRandomResNetTaskSource(std::uint64_t seed);

// The task source named by the config; throws ConfigError when it cannot be made.
std::unique_ptr<TaskFeatureSource> makeTaskSource(const TrainConfig& config);

}  // namespace refpose::training
