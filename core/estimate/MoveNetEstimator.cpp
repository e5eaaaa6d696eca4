#include "estimate/MoveNetEstimator.h"

#include "estimate/HeatmapDecoder.h"
#include "estimate/SquareCrop.h"
#include "model/TfjsGraph.h"
#include "util/FileHash.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <mutex>

namespace refpose {
namespace {

constexpr float kCropPadding = 0.25f;        // crop margin on every side, times the box's longest side (paper: >= 0.10)
constexpr float kMinCropShare = 0.2f;        // a crop covers at least this share of the image's longest side
constexpr float kBoxMinScore = 0.2f;         // keypoints at least this confident define the character's box
constexpr float kBoxMargin = 0.1f;           // the reported box reaches this far beyond the keypoints (times its side)
constexpr float kSmoothingSigma = 1.0f;      // Gaussian smoothing of the heatmaps, in heatmap cells
constexpr std::size_t kCpuModuleCopies = 2;  // graph clones on the CPU: two threads estimate at once

struct Peaks { std::vector<HeatmapPeak> peaks; int width = 1, height = 1; };

std::vector<std::filesystem::path> modelFiles(const std::filesystem::path& json) {
    std::vector<std::filesystem::path> files{json};
    std::ifstream in(json, std::ios::binary);
    const auto model = nlohmann::json::parse(in, nullptr, false);
    if (model.is_object() && model.contains("weightsManifest"))
        for (const auto& group : model["weightsManifest"])
            for (const auto& p : group.value("paths", std::vector<std::string>{})) files.push_back(json.parent_path() / p);
    return files;
}

torch::Device chooseDevice(ComputeDevice wanted, const std::filesystem::path& file) {
    const bool cuda = torch::cuda::is_available();
    if (wanted == ComputeDevice::Cuda && !cuda) throw ModelError(file.string() + ": CUDA requested but LibTorch sees no GPU");
    return (wanted != ComputeDevice::Cpu && cuda) ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

cv::Mat asBgr(const cv::Mat& image) {
    if (image.empty()) throw std::invalid_argument("estimate: empty image");
    if (image.depth() != CV_8U) throw std::invalid_argument("estimate: the image must have 8-bit channels");
    if (image.channels() == 3) return image;
    cv::Mat bgr;
    if (image.channels() == 1) cv::cvtColor(image, bgr, cv::COLOR_GRAY2BGR);
    else if (image.channels() == 4) cv::cvtColor(image, bgr, cv::COLOR_BGRA2BGR);
    else throw std::invalid_argument("estimate: unsupported channel count " + std::to_string(image.channels()));
    return bgr;
}

Box confidentBox(const Pose& pose, float margin) {
    Pose confident = pose;
    int count = 0;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        const bool keep = pose.kp[i].score >= kBoxMinScore;
        confident.kp[i].v = keep ? Visibility::Visible : Visibility::Unlabelled;
        count += keep;
    }
    for (std::size_t i = kNumCocoKeypoints; i < kNumKeypoints; ++i) confident.kp[i].v = Visibility::Unlabelled;
    if (count < 2)  // too few confident points: every point counts
        for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) confident.kp[i].v = Visibility::Visible;
    return boxAroundKeypoints(confident, margin);
}

PoseEstimate toEstimate(const Peaks& p, const SquareCrop& crop) {
    PoseEstimate e;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        const HeatmapPeak& k = p.peaks[i];
        // Heatmap cell j covers the input's fractions [j, j+1) / width: its centre is (j + 0.5) / width.
        e.pose.kp[i] = {crop.imageX((k.x + 0.5f) / p.width), crop.imageY((k.y + 0.5f) / p.height), k.score,
                        Visibility::Visible};
        e.score += k.score / kNumCocoKeypoints;
    }
    deriveMidpoints(e.pose);
    e.pose.box = confidentBox(e.pose, kBoxMargin);
    return e;
}

class MoveNet final : public PoseEstimator {
public:
    MoveNet(const std::filesystem::path& file, const EstimatorOptions& options)
        : device_(chooseDevice(options.device, file)) {
        if (options.intraOpThreads > 0) at::set_num_threads(options.intraOpThreads);
        TfjsGraph graph = TfjsGraph::load(file);
        for (const char* node : {kMoveNetHeatmapNode, kMoveNetImageNode})
            if (!graph.hasNode(node)) throw ModelError(file.string() + ": not a MoveNet model (no node " + node + ")");
        const auto shape = graph.inputShape("input");
        inputSize_ = shape.size() == 4 && shape[1] > 0 ? static_cast<int>(shape[1]) : 0;
        if (inputSize_ <= 0) throw ModelError(file.string() + ": the signature gives no input size");
        graph.to(device_);
        const std::size_t copies = device_.is_cuda() ? 1 : kCpuModuleCopies;
        for (std::size_t i = 0; i < copies; ++i)
            modules_.push_back(std::make_unique<Module>(i == 0 ? graph : graph.clone()));
        id_ = file.stem().string() + "@" + shortHashOfFiles(modelFiles(file));
        deviceName_ = device_.is_cuda() ? "CUDA:0" : "CPU";
    }

    PoseEstimate estimate(const cv::Mat& bgr) override { return estimateBatch(std::span(&bgr, 1)).front(); }

    std::vector<PoseEstimate> estimateBatch(std::span<const cv::Mat> images) override {
        std::vector<cv::Mat> bgr;
        std::vector<SquareCrop> crops;
        for (const cv::Mat& image : images) {
            bgr.push_back(asBgr(image));
            crops.push_back(letterboxCrop(bgr.back().cols, bgr.back().rows));
        }
        std::vector<PoseEstimate> first = estimateCrops(bgr, crops), result;
        for (std::size_t i = 0; i < bgr.size(); ++i) {
            const float minSide = kMinCropShare * std::max(bgr[i].cols, bgr[i].rows);
            crops[i] = cropAroundBox(confidentBox(first[i].pose, 0), kCropPadding, minSide);
        }
        std::vector<PoseEstimate> refined = estimateCrops(bgr, crops);
        for (std::size_t i = 0; i < bgr.size(); ++i)  // keep the refined pass unless it lost confidence
            result.push_back(refined[i].score >= first[i].score ? refined[i] : first[i]);
        return result;
    }

    std::string modelId() const override { return id_; }
    std::string deviceName() const override { return deviceName_; }

private:
    struct Module {
        explicit Module(TfjsGraph g) : graph(std::move(g)) {}
        std::mutex mutex;  // never two threads in one module at once
        TfjsGraph graph;
    };

    std::vector<PoseEstimate> estimateCrops(const std::vector<cv::Mat>& bgr, const std::vector<SquareCrop>& crops) {
        const int64_t n = static_cast<int64_t>(bgr.size());
        torch::Tensor batch = torch::empty({n, inputSize_, inputSize_, 3}, torch::kUInt8);
        for (int64_t i = 0; i < n; ++i) {
            const cv::Mat rgb = cropToRgb(bgr[i], crops[i], inputSize_);
            std::memcpy(batch[i].data_ptr<uint8_t>(), rgb.data, rgb.total() * rgb.elemSize());
        }
        const torch::Tensor heat = heatmaps(batch);
        std::vector<PoseEstimate> out;
        const int h = static_cast<int>(heat.size(1)), w = static_cast<int>(heat.size(2)), c = static_cast<int>(heat.size(3));
        for (int64_t i = 0; i < n; ++i) {
            const float* data = heat.data_ptr<float>() + i * h * w * c;
            Peaks p{decodeHeatmaps(std::span(data, static_cast<std::size_t>(h) * w * c), h, w, c,
                                   {.smoothingSigma = kSmoothingSigma}), w, h};
            out.push_back(toEstimate(p, crops[i]));
        }
        return out;
    }

    torch::Tensor heatmaps(const torch::Tensor& rgbBatch) {
        torch::InferenceMode inference;
        const torch::Tensor input = rgbBatch.to(device_).to(torch::kFloat32);
        Module& m = acquire();
        std::lock_guard lock(m.mutex, std::adopt_lock);
        return m.graph.run({{kMoveNetImageNode, input}}, {kMoveNetHeatmapNode})
            .at(kMoveNetHeatmapNode).to(torch::kCPU).contiguous();
    }

    // A free module if there is one, else waits for one in turn. Returns it locked.
    Module& acquire() {
        for (auto& m : modules_)
            if (m->mutex.try_lock()) return *m;
        Module& m = *modules_[next_++ % modules_.size()];
        m.mutex.lock();
        return m;
    }

    torch::Device device_;
    int inputSize_ = 0;
    std::vector<std::unique_ptr<Module>> modules_;
    std::atomic<std::size_t> next_{0};
    std::string id_, deviceName_;
};

}  // namespace

std::unique_ptr<PoseEstimator> openMoveNet(const std::filesystem::path& modelJson, const EstimatorOptions& options) {
    return std::make_unique<MoveNet>(modelJson, options);
}

}  // namespace refpose
