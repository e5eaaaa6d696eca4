#include "TrainablePoseModel.h"

#include "Losses.h"
#include "ModelArchive.h"
#include "MoveNetFineTune.h"
#include "Networks.h"
#include "TrainedModel.h"
#include "model/GraphWeights.h"
#include "util/SafeJson.h"

namespace refpose::training {
namespace {

// Fine-tuned weights are exported in float16: 12.5 MB for Thunder instead of 25 MB.
constexpr bool kExportHalfPrecision = true;

// The paper's four architectures: a PoseNetwork fed by the frozen task source where needed.
class TransferPoseModel : public TrainablePoseModel {
public:
    TransferPoseModel(const TrainConfig& c, const torch::Device& device) : config_(c), taskSeed_(c.seed + 7919) {
        if (needsTaskAtTraining(c.architecture)) {
            task_ = makeTaskSource(c);
            task_->to(device);
        }
        torch::manual_seed(c.seed);
        shape_ = networkShape(c, task_ ? task_->channels() : 0);
        network_ = PoseNetwork(shape_);
        network_->to(device);
    }

    std::vector<torch::Tensor> parameters() override { return network_->parameters(); }

    StepLoss loss(const torch::Tensor& images, const torch::Tensor& targets, const torch::Tensor& weights) override {
        network_->train();
        torch::Tensor task;
        if (task_) task = task_->features(images);
        const PoseOutput out = network_->forward(images, task);
        StepLoss l;
        l.heatmap = heatmapBce(out.logits, targets, weights);
        l.total = l.heatmap;
        if (out.matched.defined() && out.taskFeatures.defined()) {
            l.matching = featureMse(out.matched, out.taskFeatures);
            l.total = l.total + config_.matchingWeight * l.matching;
        }
        return l;
    }

    torch::Tensor heatmaps(const torch::Tensor& rgb01) override {
        torch::NoGradGuard noGrad;
        network_->eval();
        torch::Tensor task;
        if (task_ && needsTaskAtInference(shape_.architecture)) task = task_->features(rgb01);
        return torch::sigmoid(network_->forward(rgb01, task).logits);
    }

    void save(torch::serialize::OutputArchive& a) override { network_->save(a); }
    void load(torch::serialize::InputArchive& a) override { network_->load(a); }

    void exportModel(const nlohmann::json& run, const std::filesystem::path& file) override {
        auto meta = modelMetadata(config_, shape_, taskSeed_);
        meta.update(run);
        saveModelFile(network_, meta, file);
    }

private:
    TrainConfig config_;
    std::uint64_t taskSeed_;
    std::unique_ptr<TaskFeatureSource> task_;
    NetworkShape shape_;
    PoseNetwork network_{nullptr};
};

// MoveNet trained end to end on its own 17 heatmaps (the midpoints are derived).
class FineTunePoseModel : public TrainablePoseModel {
public:
    FineTunePoseModel(const TrainConfig& c, const torch::Device& device)
        : config_(c), net_(c.taskModel, MoveNetFineTune::scopeFromName(c.finetuneScope)) {
        if (c.inputSize != net_.inputSize())
            throw ConfigError(c.sourceFile.string() + ": \"input_size\" must be the model's input, " +
                              std::to_string(net_.inputSize()) + ", for task-finetune");
        if (c.heatmapSize * 4 != c.inputSize)
            throw ConfigError(c.sourceFile.string() + ": \"heatmap_size\" must be input_size / 4 for task-finetune");
        net_.to(device);
    }

    std::vector<torch::Tensor> parameters() override { return net_.parameters(); }

    StepLoss loss(const torch::Tensor& images, const torch::Tensor& targets, const torch::Tensor& weights) override {
        const auto coco = int64_t(kNumCocoKeypoints);
        StepLoss l;
        l.heatmap = heatmapBce(net_.logits(images), targets.narrow(1, 0, coco), weights.narrow(1, 0, coco));
        l.total = l.heatmap;
        return l;
    }

    torch::Tensor heatmaps(const torch::Tensor& rgb01) override {
        torch::NoGradGuard noGrad;
        return torch::sigmoid(net_.logits(rgb01));
    }

    void save(torch::serialize::OutputArchive& a) override { writeGraphWeights(net_.graph(), a, false); }
    void load(torch::serialize::InputArchive& a) override { readGraphWeights(net_.graph(), a, "checkpoint"); }

    void exportModel(const nlohmann::json& run, const std::filesystem::path& file) override {
        nlohmann::json meta = {{"format", kModelFormat},
                               {"version", kModelFormatVersion},
                               {"architecture", architectureName(config_.architecture)},
                               {"base_model", config_.taskModel.filename().string()},
                               {"task_model", config_.taskModel.string()},
                               {"input_size", config_.inputSize},
                               {"padding", config_.padding},
                               {"keypoints", kNumKeypoints}};
        meta.update(run);
        torch::serialize::OutputArchive archive;
        writeGraphWeights(net_.graph(), archive, kExportHalfPrecision);
        archive.write(kMetadataKey, c10::IValue(dumpJson(meta)));
        saveArchiveAtomically(archive, file);
    }

private:
    TrainConfig config_;
    MoveNetFineTune net_;
};

}  // namespace

torch::Device trainingDevice(const std::string& name) {
    if (name == "cuda" && !torch::cuda::is_available())
        throw ConfigError("\"device\": \"cuda\" but LibTorch sees no GPU");
    if (name == "cuda" || (name == "auto" && torch::cuda::is_available())) return torch::kCUDA;
    return torch::kCPU;
}

std::unique_ptr<TrainablePoseModel> makeTrainablePoseModel(const TrainConfig& c, const torch::Device& device) {
    if (c.architecture == Architecture::TaskFineTune) {
        if (c.taskModel.empty())
            throw ConfigError(c.sourceFile.string() +
                              ": \"task_model\" (a MoveNet model.json) is required by task-finetune");
        return std::make_unique<FineTunePoseModel>(c, device);
    }
    return std::make_unique<TransferPoseModel>(c, device);
}

}  // namespace refpose::training
