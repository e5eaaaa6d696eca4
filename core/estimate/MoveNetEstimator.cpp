#include "estimate/MoveNetEstimator.h"

#include "estimate/CharacterSegmenter.h"
#include "estimate/ConfidentBox.h"
#include "estimate/MoveNetNetwork.h"
#include "estimate/SquareCrop.h"
#include "model/TorchDevice.h"

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <optional>

namespace refpose {
namespace {

constexpr float kCropPadding = 0.25f;  // crop margin on every side, times the box's longest side (paper: >= 0.10)
constexpr float kMinCropShare = 0.2f;  // a crop covers at least this share of the image's longest side
constexpr float kBoxMinScore = 0.2f;   // keypoints at least this confident define the character's reported box
constexpr float kBoxMargin = 0.1f;     // the reported box reaches this far beyond the keypoints (times its side)
// Keypoints at least this confident define the box the refined crop is centred on: a lower bar
// than the reported box's, since a crop too large only degrades to the whole image while one
// too small cuts the character off (measured: OKS@50 +0.3 to +0.9 points on illustrations-dev
// and rendered figures, bench/RESULTS.md).
constexpr float kCropBoxMinScore = 0.1f;
// The crop margin around a segmenter's box: the paper's 10%. A mask's box already holds the hair,
// clothes and props that a keypoint box leaves out; with kCropPadding instead, OKS@50 was 3.9 to
// 4.6 points lower on the held-out folds (bench/RESULTS.md, "Character box from a segmenter").
constexpr float kSegmentedCropPadding = 0.1f;
// The box pass's model when none is named and this file lies beside the model: it only has to
// find the character, and makes Thunder's estimate 1.3-1.5x faster at the same accuracy
// (bench/RESULTS.md, "Pose engine").
constexpr const char* kDefaultBoxModel = "movenet-lightning.json";
// The segmentation model of BoxSource::Segmenter when none is named (scripts/fetch-models.sh).
constexpr const char* kDefaultSegmenterModel = "selfie.json";

std::filesystem::path boxModelFor(const std::filesystem::path& model, const EstimatorOptions& options) {
    if (!options.boxModel.empty()) return options.boxModel;
    std::error_code ec;
    const std::filesystem::path beside = model.parent_path() / kDefaultBoxModel;
    return std::filesystem::is_regular_file(beside, ec) ? beside : model;
}

std::filesystem::path segmenterModelFor(const std::filesystem::path& model, const EstimatorOptions& options) {
    return options.segmenterModel.empty() ? model.parent_path() / kDefaultSegmenterModel : options.segmenterModel;
}

bool sameFile(const std::filesystem::path& a, const std::filesystem::path& b) {
    std::error_code ec;
    return std::filesystem::equivalent(a, b, ec);
}

cv::Mat asBgr(const cv::Mat& image) {
    if (image.empty()) throw std::invalid_argument("estimate: empty image");
    if (image.depth() != CV_8U) throw std::invalid_argument("estimate: the image must have 8-bit channels");
    if (image.channels() == 3) return image;
    cv::Mat bgr;
    if (image.channels() == 1)
        cv::cvtColor(image, bgr, cv::COLOR_GRAY2BGR);
    else if (image.channels() == 4)
        cv::cvtColor(image, bgr, cv::COLOR_BGRA2BGR);
    else
        throw std::invalid_argument("estimate: unsupported channel count " + std::to_string(image.channels()));
    return bgr;
}

// The box of the COCO keypoints scoring at least `minScore`; of all of them when fewer than two
// do (one point has no extent).
Box cocoBox(const Pose& pose, float minScore, float margin) {
    const ConfidentBox confident =
        confidentBox(pose, {.minScore = minScore, .candidates = kNumCocoKeypoints, .margin = margin});
    if (confident.count >= 2) return confident.box;
    const float anyScore = std::numeric_limits<float>::lowest();
    return confidentBox(pose, {.minScore = anyScore, .candidates = kNumCocoKeypoints, .margin = margin}).box;
}

PoseEstimate toEstimate(const CropPeaks& p, const SquareCrop& crop) {
    PoseEstimate e;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        const HeatmapPeak& k = p.peaks[i];
        // Heatmap cell j covers the input's fractions [j, j+1) / width: its centre is (j + 0.5) / width.
        e.pose.kp[i] = {crop.imageX((k.x + 0.5f) / p.width), crop.imageY((k.y + 0.5f) / p.height), k.score,
                        Visibility::Visible};
        e.score += k.score / kNumCocoKeypoints;
    }
    deriveMidpoints(e.pose);
    e.pose.box = cocoBox(e.pose, kBoxMinScore, kBoxMargin);
    return e;
}

std::vector<PoseEstimate> estimateCrops(MoveNetNetwork& network, const std::vector<cv::Mat>& bgr,
                                        const std::vector<SquareCrop>& crops) {
    const std::vector<CropPeaks> peaks = network.peaks(bgr, crops);
    std::vector<PoseEstimate> out;
    for (std::size_t i = 0; i < peaks.size(); ++i) out.push_back(toEstimate(peaks[i], crops[i]));
    return out;
}

// Shares the CPU among the estimates in flight: one call alone gets every core (latency), calls
// side by side (the indexer's workers) split them instead of each starting a team of its own.
// LibTorch's thread count is the calling thread's OpenMP setting, so each call sets its own.
class CoreShare {
public:
    CoreShare(std::atomic<int>& inFlight, int fixedThreads) : inFlight_(inFlight) {
        const int calls = ++inFlight_;
        const int threads = fixedThreads > 0 ? fixedThreads : std::max(1, cv::getNumberOfCPUs() / calls);
        if (at::get_num_threads() != threads) at::set_num_threads(threads);
    }
    ~CoreShare() { --inFlight_; }
    CoreShare(const CoreShare&) = delete;
    CoreShare& operator=(const CoreShare&) = delete;

private:
    std::atomic<int>& inFlight_;
};

class MoveNet final : public PoseEstimator {
public:
    MoveNet(const std::filesystem::path& file, const EstimatorOptions& options, const std::filesystem::path& fineTuned)
        : device_(torchDevice(options.device, file)),
          fixedThreads_(options.intraOpThreads),
          network_(file, device_, fineTuned) {
        const std::filesystem::path boxFile = boxModelFor(file, options);
        if (!sameFile(boxFile, file)) boxNetwork_ = std::make_unique<MoveNetNetwork>(boxFile, device_);
        if (options.boxSource == BoxSource::Segmenter)
            segmenter_ = std::make_unique<CharacterSegmenter>(segmenterModelFor(file, options), device_);
        id_ = network_.id() + (boxNetwork_ ? "+box:" + boxNetwork_->id() : "") +
              (segmenter_ ? "+segmenter:" + segmenter_->id() : "");
        deviceName_ = device_.is_cuda() ? "CUDA:0" : "CPU";
    }

    PoseEstimate estimate(const cv::Mat& bgr) override { return estimateBatch(std::span(&bgr, 1)).front(); }

    std::vector<PoseEstimate> estimateBatch(std::span<const cv::Mat> images) override {
        const CoreShare share(inFlight_, device_.is_cuda() ? 1 : fixedThreads_);
        std::vector<cv::Mat> bgr;
        for (const cv::Mat& image : images) bgr.push_back(asBgr(image));
        return segmenter_ ? estimateInSegmentedBoxes(bgr) : estimateInPoseBoxes(bgr);
    }

    std::string modelId() const override { return id_; }
    std::string deviceName() const override { return deviceName_; }

private:
    MoveNetNetwork& boxNetwork() { return boxNetwork_ ? *boxNetwork_ : network_; }

    static SquareCrop cropAround(const Box& box, const cv::Mat& image, float padding = kCropPadding) {
        return cropAroundBox(box, padding, kMinCropShare * std::max(image.cols, image.rows));
    }

    // The paper's pipeline: the crop centred on the mask's largest region. Where the mask has no
    // region above the threshold, the pose box pass finds the character instead.
    std::vector<PoseEstimate> estimateInSegmentedBoxes(const std::vector<cv::Mat>& bgr) {
        std::vector<SquareCrop> crops;
        std::vector<std::size_t> unsegmented;
        for (std::size_t i = 0; i < bgr.size(); ++i) {
            const std::optional<Box> box = segmenter_->characterBox(bgr[i]);
            if (!box) unsegmented.push_back(i);
            crops.push_back(box ? cropAround(*box, bgr[i], kSegmentedCropPadding)
                                : letterboxCrop(bgr[i].cols, bgr[i].rows));
        }
        std::vector<PoseEstimate> result = estimateCrops(network_, bgr, crops);
        if (unsegmented.empty()) return result;
        std::vector<cv::Mat> rest;
        for (std::size_t i : unsegmented) rest.push_back(bgr[i]);
        const std::vector<PoseEstimate> found = estimateInPoseBoxes(rest);
        for (std::size_t k = 0; k < unsegmented.size(); ++k) result[unsegmented[k]] = found[k];
        return result;
    }

    std::vector<PoseEstimate> estimateInPoseBoxes(const std::vector<cv::Mat>& bgr) {
        std::vector<SquareCrop> wholeImages;
        for (const cv::Mat& image : bgr) wholeImages.push_back(letterboxCrop(image.cols, image.rows));
        const std::vector<PoseEstimate> found = estimateCrops(boxNetwork(), bgr, wholeImages);
        std::vector<SquareCrop> crops;
        for (std::size_t i = 0; i < bgr.size(); ++i)
            crops.push_back(cropAround(cocoBox(found[i].pose, kCropBoxMinScore, 0), bgr[i]));
        std::vector<PoseEstimate> result = estimateCrops(network_, bgr, crops);
        // A wrong box can cut the character off: where the crop is less confident than the
        // whole image was, the whole image's estimate stands (with a separate box model too:
        // measured as accurate as re-running this model on the whole image, and a pass cheaper).
        for (std::size_t i = 0; i < result.size(); ++i)
            if (result[i].score < found[i].score) result[i] = found[i];
        return result;
    }

    torch::Device device_;
    int fixedThreads_ = 0;
    MoveNetNetwork network_;
    std::unique_ptr<MoveNetNetwork> boxNetwork_;     // null: the box pass runs network_
    std::unique_ptr<CharacterSegmenter> segmenter_;  // BoxSource::Segmenter only
    std::atomic<int> inFlight_{0};
    std::string id_, deviceName_;
};

}  // namespace

std::unique_ptr<PoseEstimator> openMoveNet(const std::filesystem::path& modelJson, const EstimatorOptions& options,
                                           const std::filesystem::path& fineTuned) {
    return std::make_unique<MoveNet>(modelJson, options, fineTuned);
}

}  // namespace refpose
