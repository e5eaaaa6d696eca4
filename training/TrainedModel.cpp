#include "TrainedModel.h"

#include "ModelArchive.h"
#include "PosePredictor.h"
#include "estimate/ConfidentBox.h"
#include "estimate/EstimatorRegistry.h"
#include "estimate/MoveNetEstimator.h"
#include "model/SealedArchive.h"
#include "model/TorchDevice.h"
#include "util/FileHash.h"

#include <mutex>
#include <sstream>

namespace refpose::training {
namespace {

// The box the tighter passes crop around: the keypoints scoring at least a quarter of the best
// point's score (trained heatmaps peak well below 1, so an absolute threshold would be
// arbitrary), all 25 of them candidates, grown by 0.15 since the training boxes enclose the
// whole drawing (hair, hands, feet), which reaches beyond the keypoints; the crop adds its own
// padding on top.
constexpr ConfidentBoxRule kRefineBoxRule{.minShareOfBest = 0.25f, .candidates = kNumKeypoints, .margin = 0.15f};
// A refinement needs this many confident keypoints; otherwise the previous box stands.
constexpr int kMinBoxPoints = 4;
// Passes after the first, whole-image one: each crops around the previous pass's keypoints.
constexpr int kRefinePasses = 2;

float meanCocoScore(const Pose& p) {
    float sum = 0;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) sum += p.kp[i].score;
    return sum / float(kNumCocoKeypoints);
}

// The MoveNet model.json a fine-tuned file's weights belong to: its file name ("base_model")
// looked up beside the fine-tuned file, then in the folder of the run's task model.
std::filesystem::path fineTuneBaseModel(const nlohmann::json& meta, const std::filesystem::path& file) {
    const std::string base = meta.value("base_model", std::string());
    if (base.empty() || base.find('/') != std::string::npos || base.find('\\') != std::string::npos)
        throw ModelError(file.string() + ": \"base_model\" must name a MoveNet model.json file");
    std::error_code ec;
    std::vector<std::filesystem::path> candidates{file.parent_path() / base};
    if (const auto task = meta.value("task_model", std::string()); !task.empty())
        candidates.push_back(std::filesystem::path(task).parent_path() / base);
    for (const auto& c : candidates)
        if (std::filesystem::is_regular_file(c, ec)) return c;
    throw ModelError(file.string() + ": its base model " + base + " is not beside it (run scripts/fetch-models.sh)");
}

class TrainedPoseEstimator : public PoseEstimator {
public:
    TrainedPoseEstimator(const std::filesystem::path& file, const EstimatorOptions& options)
        : device_(torchDevice(options.device, file)) {
        if (options.intraOpThreads > 0) torch::set_num_threads(options.intraOpThreads);
        torch::serialize::InputArchive archive;
        loadSealedArchive(archive, file);
        const auto meta = loadMetadata(archive, file);
        const NetworkShape shape = shapeFromMetadata(meta, file.string());
        network_ = PoseNetwork(shape);
        try {
            network_->load(archive);
        } catch (const c10::Error& e) {
            throw ModelError(file.string() + ": the weights do not match the architecture in its metadata");
        }
        network_->to(device_);
        network_->eval();
        if (needsTaskAtInference(shape.architecture)) {
            TrainConfig c;
            c.taskSource = meta.value("task_source", std::string("movenet"));
            c.taskModel = meta.value("task_model", std::string());
            c.sourceFile = file;
            task_ = c.taskSource == "random-resnet"
                        ? makeRandomResNetTaskSource(meta.at("task_seed").get<std::uint64_t>())
                        : makeTaskSource(c);
            task_->to(device_);
        }
        PredictorGeometry g{meta.at("input_size").get<int>(), shape.heatmapSize, meta.at("padding").get<float>()};
        predictor_ =
            std::make_unique<PosePredictor>([this](const torch::Tensor& x) { return heatmaps(x); }, g, device_);
        id_ = "refpose:" + file.filename().string() + ":" + shortHashOfFiles({file}, 16);
    }

    PoseEstimate estimate(const cv::Mat& bgr) override {
        const std::span<const cv::Mat> one(&bgr, 1);
        return estimateBatch(one).front();
    }

    std::vector<PoseEstimate> estimateBatch(std::span<const cv::Mat> images) override {
        std::lock_guard lock(mutex_);  // never two threads in one module at once
        std::vector<Box> boxes;
        for (const auto& im : images) boxes.push_back({0, 0, float(im.cols), float(im.rows)});
        auto poses = predictor_->predict(images, boxes);
        for (int pass = 0; pass < kRefinePasses; ++pass) {
            for (std::size_t i = 0; i < poses.size(); ++i) {
                const ConfidentBox confident = confidentBox(poses[i], kRefineBoxRule);
                if (confident.count >= kMinBoxPoints) boxes[i] = confident.box;
            }
            poses = predictor_->predict(images, boxes);
        }
        std::vector<PoseEstimate> out;
        for (const auto& p : poses) out.push_back({p, meanCocoScore(p)});
        return out;
    }

    std::string modelId() const override { return id_; }
    std::string deviceName() const override { return device_.is_cuda() ? "CUDA" : "CPU"; }

private:
    torch::Tensor heatmaps(const torch::Tensor& rgb01) {
        torch::NoGradGuard noGrad;
        torch::Tensor task;
        if (task_) task = task_->features(rgb01);
        return torch::sigmoid(network_->forward(rgb01, task).logits);
    }

    torch::Device device_;
    PoseNetwork network_{nullptr};
    std::unique_ptr<TaskFeatureSource> task_;
    std::unique_ptr<PosePredictor> predictor_;
    std::string id_;
    std::mutex mutex_;
};

}  // namespace

void registerTrainedModelLoader() {
    registerEstimatorLoader(kModelExtension, [](const std::filesystem::path& f, const EstimatorOptions& o) {
        return openTrainedModel(f, o);
    });
}

nlohmann::json readModelMetadata(const std::filesystem::path& file) {
    torch::serialize::InputArchive archive;
    loadSealedArchive(archive, file);
    return loadMetadata(archive, file);
}

std::unique_ptr<PoseEstimator> openTrainedModel(const std::filesystem::path& file, const EstimatorOptions& options) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) throw ModelError(file.string() + ": no such model file");
    const auto meta = readModelMetadata(file);
    if (meta.value("architecture", std::string()) == architectureName(Architecture::TaskFineTune))
        return openMoveNet(fineTuneBaseModel(meta, file), options, file);
    return std::make_unique<TrainedPoseEstimator>(file, options);
}

}  // namespace refpose::training
