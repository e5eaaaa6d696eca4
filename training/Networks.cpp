#include "Networks.h"

#include <cmath>

namespace refpose::training {
namespace nn = torch::nn;
namespace {

// Initial heatmap probability of the output layer (bias = logit of it): heatmaps are almost all
// background, so starting near 0 instead of 0.5 skips a long first phase of the BCE loss.
constexpr double kInitialHeatmapProbability = 0.01;

// Bottleneck blocks widen their output by this factor (He et al. 2016).
constexpr int kBottleneckExpansion = 4;

nn::Conv2d conv(int in, int out, int kernel, int stride = 1) {
    return nn::Conv2d(nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false));
}

nn::Sequential downsample(int in, int out, int stride) {
    if (in == out && stride == 1) return nullptr;
    return nn::Sequential(conv(in, out, 1, stride), nn::BatchNorm2d(out));
}

std::array<int, 3> blocksPerStage(int depth) {
    if (depth == 18) return {2, 2, 2};
    if (depth == 34) return {3, 4, 6};
    return {3, 4, 6};  // 50: bottleneck stages 1-3
}

}  // namespace

BasicBlockImpl::BasicBlockImpl(int in, int out, int stride) {
    conv1 = register_module("conv1", conv(in, out, 3, stride));
    bn1 = register_module("bn1", nn::BatchNorm2d(out));
    conv2 = register_module("conv2", conv(out, out, 3));
    bn2 = register_module("bn2", nn::BatchNorm2d(out));
    if (auto d = downsample(in, out, stride)) down = register_module("down", d);
}

torch::Tensor BasicBlockImpl::forward(const torch::Tensor& x) {
    auto y = torch::relu(bn1(conv1(x)));
    y = bn2(conv2(y));
    return torch::relu(y + (down ? down->forward(x) : x));
}

BottleneckImpl::BottleneckImpl(int in, int mid, int stride) {
    const int out = mid * kBottleneckExpansion;
    conv1 = register_module("conv1", conv(in, mid, 1));
    bn1 = register_module("bn1", nn::BatchNorm2d(mid));
    conv2 = register_module("conv2", conv(mid, mid, 3, stride));
    bn2 = register_module("bn2", nn::BatchNorm2d(mid));
    conv3 = register_module("conv3", conv(mid, out, 1));
    bn3 = register_module("bn3", nn::BatchNorm2d(out));
    if (auto d = downsample(in, out, stride)) down = register_module("down", d);
}

torch::Tensor BottleneckImpl::forward(const torch::Tensor& x) {
    auto y = torch::relu(bn1(conv1(x)));
    y = torch::relu(bn2(conv2(y)));
    y = bn3(conv3(y));
    return torch::relu(y + (down ? down->forward(x) : x));
}

ResNetImpl::ResNetImpl(int depth, int width) {
    stem = register_module("stem", nn::Sequential(conv(3, width, 7, 2), nn::BatchNorm2d(width), nn::ReLU(),
                                                  nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(2).padding(1))));
    const bool bottleneck = depth >= 50;
    const auto blocks = blocksPerStage(depth);
    int in = width;
    std::array<nn::Sequential, 3> stages;
    std::array<int, 3> outChannels{};
    for (int s = 0; s < 3; ++s) {
        const int mid = width << s;
        const int out = bottleneck ? mid * kBottleneckExpansion : mid;
        nn::Sequential stage;
        for (int b = 0; b < blocks[std::size_t(s)]; ++b) {
            const int stride = (b == 0 && s > 0) ? 2 : 1;
            if (bottleneck)
                stage->push_back(Bottleneck(in, mid, stride));
            else
                stage->push_back(BasicBlock(in, out, stride));
            in = out;
        }
        stages[std::size_t(s)] = stage;
        outChannels[std::size_t(s)] = out;
    }
    stage1 = register_module("stage1", stages[0]);
    stage2 = register_module("stage2", stages[1]);
    stage3 = register_module("stage3", stages[2]);
    stage2Channels = outChannels[1];
    stage3Channels = outChannels[2];
}

std::pair<torch::Tensor, torch::Tensor> ResNetImpl::features(const torch::Tensor& rgb01) {
    // ImageNet-style normalisation; the network is trained from scratch, so the constants only
    // centre the input.
    const auto x = (rgb01 - 0.45) / 0.25;
    auto f2 = stage2->forward(stage1->forward(stem->forward(x)));
    auto f3 = stage3->forward(f2);
    return {f2, f3};
}

ConverterImpl::ConverterImpl(int in, int out) {
    conv = register_module("conv", nn::Conv2d(nn::Conv2dOptions(in, out, 1).bias(false)));
    bn = register_module("bn", nn::BatchNorm2d(out));
}

torch::Tensor ConverterImpl::forward(const torch::Tensor& x) { return torch::relu(bn(conv(x))); }

PoseHeadImpl::PoseHeadImpl(int in, int channels, int outputs) {
    converter = register_module("converter", Converter(in, channels));
    block1 = register_module("block1", BasicBlock(channels, channels, 1));
    block2 = register_module("block2", BasicBlock(channels, channels, 1));
    out = register_module("out", nn::Conv2d(nn::Conv2dOptions(channels, outputs, 1)));
    torch::NoGradGuard noGrad;
    out->bias.fill_(std::log(kInitialHeatmapProbability / (1 - kInitialHeatmapProbability)));
}

torch::Tensor PoseHeadImpl::forward(const torch::Tensor& x) { return out(block2(block1(converter(x)))); }

torch::Tensor resample(const torch::Tensor& x, int side) {
    if (x.size(2) == side && x.size(3) == side) return x;
    return torch::nn::functional::interpolate(x, torch::nn::functional::InterpolateFuncOptions()
                                                     .size(std::vector<int64_t>{side, side})
                                                     .mode(torch::kBilinear)
                                                     .align_corners(false));
}

NetworkShape networkShape(const TrainConfig& c, int taskChannels) {
    NetworkShape s;
    s.architecture = c.architecture;
    s.resnetDepth = c.resnetDepth;
    s.resnetWidth = c.resnetWidth;
    s.headChannels = c.headChannels;
    s.heatmapSize = c.heatmapSize;
    s.taskChannels = c.architecture == Architecture::DomainOnly ? 0 : taskChannels;
    return s;
}

bool needsTaskAtTraining(Architecture a) { return a != Architecture::DomainOnly; }
bool needsTaskAtInference(Architecture a) { return a == Architecture::TaskOnly || a == Architecture::Concat; }

PoseNetworkImpl::PoseNetworkImpl(const NetworkShape& s) : shape(s) {
    const int c = s.headChannels;
    const bool usesDomain = s.architecture != Architecture::TaskOnly;
    const bool usesTask = s.architecture != Architecture::DomainOnly;
    if (usesDomain) {
        domain = register_module("domain", ResNet(s.resnetDepth, s.resnetWidth));
        domainConverter = register_module("domain_converter", Converter(domain->featureChannels(), c));
    }
    if (usesTask) taskConverter = register_module("task_converter", Converter(s.taskChannels, c));
    if (s.architecture == Architecture::Matching) {
        // The matcher predicts the task features from the domain features (paper, section 4.2).
        matcher =
            register_module("matcher", nn::Sequential(Converter(domain->featureChannels(), c), BasicBlock(c, c, 1),
                                                      nn::Conv2d(nn::Conv2dOptions(c, s.taskChannels, 1))));
    }
    const int headIn = (usesDomain ? c : 0) + (usesTask ? c : 0);
    head = register_module("head", PoseHead(headIn, c, int(kNumKeypoints)));
}

PoseOutput PoseNetworkImpl::forward(const torch::Tensor& rgb01, const torch::Tensor& task) {
    const int side = shape.heatmapSize;
    PoseOutput out;
    std::vector<torch::Tensor> parts;
    torch::Tensor domainFeatures;
    if (domain) {
        auto [f2, f3] = domain->features(rgb01);
        domainFeatures = torch::cat({resample(f2, side), resample(f3, side)}, 1);
        parts.push_back(domainConverter(domainFeatures));
    }
    if (task.defined() && task.size(0) != rgb01.size(0))
        throw std::invalid_argument("the task source returned " + std::to_string(task.size(0)) + " feature maps for " +
                                    std::to_string(rgb01.size(0)) + " images");
    if (shape.architecture == Architecture::Matching) {
        out.matched = matcher->forward(domainFeatures);
        if (task.defined()) out.taskFeatures = resample(task, side);
        parts.push_back(taskConverter(out.matched));
    } else if (taskConverter) {
        if (!task.defined()) throw std::invalid_argument("this architecture needs the task source's features");
        parts.push_back(taskConverter(resample(task, side)));
    }
    out.logits = head(parts.size() == 1 ? parts[0] : torch::cat(parts, 1));
    return out;
}

}  // namespace refpose::training
