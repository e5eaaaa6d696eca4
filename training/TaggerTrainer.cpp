#include "TaggerTrainer.h"

#include "BatchLoader.h"
#include "ClassBalance.h"
#include "ImageCache.h"
#include "Losses.h"
#include "ModelArchive.h"
#include "PoseCrop.h"
#include "PoseSamples.h"
#include "TagDataset.h"
#include "UnreadableImages.h"
#include "util/SafeJson.h"

#include <algorithm>
#include <cstring>

namespace refpose::training {
namespace {

// Tags need upright images: rotation is capped at 15 degrees (paper), hue jitter is off.
constexpr float kTagRotationDegrees = 30.f;  // uniform in [-15, 15]
// A tag counts as predicted above this probability (for the F1 in the progress lines).
constexpr double kTagThreshold = 0.5;

struct TaggerImpl : torch::nn::Module {
    TaggerImpl(int depth, int width, int tags) {
        backbone = register_module("backbone", ResNet(depth, width));
        classifier = register_module("classifier", torch::nn::Linear(backbone->stage3Channels, tags));
    }
    torch::Tensor forward(const torch::Tensor& x) { return classifier(backbone->features(x).second.mean({2, 3})); }
    ResNet backbone{nullptr};
    torch::nn::Linear classifier{nullptr};
};
TORCH_MODULE(Tagger);

SampleMaker tagSampleMaker(const TagDataset& data, ImageCache& cache, TrainConfig c) {
    c.augment.rotationDegrees = std::min(c.augment.rotationDegrees, kTagRotationDegrees);
    c.augment.hue = false;
    return [&data, &cache, c](std::size_t i, std::mt19937_64& rng, float* image, float* target, float* weight) {
        const cv::Mat im = loadSampleImage(cache, data.images.at(i));  // SampleUnavailable: left out
        weight[0] = 1;                                                 // a sample that counts in the loss
        Pose whole;
        whole.box = {0, 0, float(im.cols), float(im.rows)};
        const CropSample crop = cropPose(im, whole, c.inputSize, c.padding, drawAugment(c.augment, rng));
        toPlanarRgb(crop.image, image);
        for (std::size_t t = 0; t < data.tags.size(); ++t) target[t] = data.labels[i][t];
    };
}

double microF1(const torch::Tensor& logits, const torch::Tensor& labels) {
    const auto pred = (torch::sigmoid(logits) > kTagThreshold).to(torch::kFloat32);
    const double tp = (pred * labels).sum().item<double>();
    const double fp = (pred * (1 - labels)).sum().item<double>();
    const double fn = ((1 - pred) * labels).sum().item<double>();
    return tp + fp + fn > 0 ? 2 * tp / (2 * tp + fp + fn) : 1.0;
}

}  // namespace

TrainSummary trainTagger(const TrainConfig& c, const ProgressSink& progress, const std::atomic<bool>* stop) {
    const TagDataset data = readTagCsv(c.dataset, c.imageDir);
    const auto ratios = classBalanceRatios(data.positives(), data.images.size());
    const torch::Device device = torch::cuda::is_available() && c.device != "cpu" ? torch::kCUDA : torch::kCPU;
    if (c.threads > 0) torch::set_num_threads(c.threads);
    torch::manual_seed(c.seed);
    const int tags = int(data.tags.size());
    Tagger net(c.resnetDepth, c.resnetWidth, tags);
    net->to(device);
    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(c.learningRate));
    std::vector<float> r(ratios.begin(), ratios.end());
    const auto ratioTensor = torch::from_blob(r.data(), {tags}, torch::kFloat32).clone().to(device);
    ImageCache cache;
    const long perEpoch = stepsPerEpoch(data.images.size(), c.batchSize);
    long total = perEpoch * c.epochs;
    if (c.maxSteps > 0) total = std::min(total, c.maxSteps);
    std::filesystem::create_directories(c.outDir);
    progress({{"event", "start"},
              {"mode", "tagger"},
              {"tags", data.tags},
              {"train_samples", data.images.size()},
              {"steps_per_epoch", perEpoch},
              {"total_steps", total},
              {"first_step", 0},
              {"resumed", false}});
    BatchLoader loader({data.images.size(), c.batchSize, true, c.seed, c.workers, c.prefetch, 0, total},
                       {c.inputSize, std::size_t(tags), 1}, tagSampleMaker(data, cache, c));
    std::string reason = "completed";
    long step = 0;
    UnreadableImages unreadable(progress);
    while (auto b = loader.next()) {
        for (const SkippedSample& skipped : b->skipped)
            unreadable.report(data.images[skipped.sample], skipped.reason, step + 1);
        net->train();
        // The samples left out (weight 0) are not trained on: no image is not an image without tags.
        const auto kept = torch::from_blob(b->weights.data(), {b->size}).gt(0);
        if (!kept.any().item<bool>()) continue;
        const auto x =
            torch::from_blob(b->images.data(), {b->size, 3, c.inputSize, c.inputSize}).index({kept}).to(device);
        const auto y = torch::from_blob(b->targets.data(), {b->size, tags}).index({kept}).to(device);
        const auto logits = net->forward(x);
        const auto loss = classBalancedBce(logits, y, ratioTensor);
        opt.zero_grad();
        loss.backward();
        opt.step();
        ++step;
        progress({{"event", "step"},
                  {"step", step},
                  {"epoch", b->epoch + 1},
                  {"loss", loss.item<double>()},
                  {"f1", microF1(logits.detach(), y)},
                  {"lr", c.learningRate}});
        if ((stop && stop->load()) || std::filesystem::exists(c.stopFile())) {
            reason = "stopped";
            break;
        }
    }
    torch::serialize::OutputArchive a;
    net->save(a);
    a.write("refpose_metadata", c10::IValue(dumpJson(nlohmann::json{{"format", "refpose-tagger"},
                                                                    {"tags", data.tags},
                                                                    {"resnet_depth", c.resnetDepth},
                                                                    {"resnet_width", c.resnetWidth},
                                                                    {"input_size", c.inputSize},
                                                                    {"class_balance_ratios", ratios}})));
    const auto file = c.outDir / "tagger.pt";
    saveArchiveAtomically(a, file);
    TrainSummary s{reason, step, -1, nlohmann::json::object(), file};
    progress({{"event", "finished"}, {"reason", reason}, {"steps", step}, {"model", file.string()}});
    return s;
}

}  // namespace refpose::training
