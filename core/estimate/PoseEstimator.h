#pragma once
// The pose estimator every feature uses (search, indexing, annotator pre-annotation).
// An abstract interface, so callers and their tests do not depend on LibTorch; open() returns
// the implementation for a model file (TF.js MoveNet model.json, or a model RefPose trained).
// Implementations are safe to call from several threads at once.

#include "estimate/PosePrior.h"
#include "model/ComputeDevice.h"
#include "model/ModelError.h"
#include "schema/Pose.h"

#include <opencv2/core/mat.hpp>

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace refpose {

// Where the character's box (the crop the model refines) comes from.
enum class BoxSource {
    Pose,       // a first pass of a pose model on the whole image (EstimatorOptions::boxModel)
    Segmenter,  // the paper's: the largest region of a segmentation mask (CharacterSegmenter.h)
};

struct EstimatorOptions {
    ComputeDevice device = ComputeDevice::Auto;  // Auto = CUDA when LibTorch sees a GPU
    // CPU threads per estimate; 0 = the estimator's choice (MoveNet: the CPU's cores, shared
    // among the estimates in flight; a trained model: LibTorch's default).
    int intraOpThreads = 0;
    // MoveNet: the model of the first, whole-image pass that finds the character's box. Empty:
    // movenet-lightning.json when it lies beside the model, else the model itself.
    std::filesystem::path boxModel;
    BoxSource boxSource = BoxSource::Pose;
    // BoxSource::Segmenter: the segmentation model. Empty: selfie.json beside the model.
    std::filesystem::path segmenterModel;
    // A pose prior file (PosePrior.h) applied to every estimate after decoding; empty = none.
    std::filesystem::path posePrior;
    PosePriorOptions posePriorOptions;
};

struct PoseEstimate {
    Pose pose;        // 25 points in image pixels with scores; box = the character's box
    float score = 0;  // mean keypoint score: low (< ~0.2) when no character is present
};

class PoseEstimator {
public:
    virtual ~PoseEstimator() = default;

    // One image (8-bit BGR) -> its character's pose.
    virtual PoseEstimate estimate(const cv::Mat& bgr) = 0;
    // Several images in one batch (faster on a GPU); same results as estimate() one by one.
    virtual std::vector<PoseEstimate> estimateBatch(std::span<const cv::Mat> images) = 0;

    // Identifies the model's weights (name and content hash): a library re-estimates its
    // images when this changes.
    virtual std::string modelId() const = 0;
    // "CPU" or the CUDA device's name.
    virtual std::string deviceName() const = 0;

    // Opens a model file; throws ModelError.
    static std::unique_ptr<PoseEstimator> open(const std::filesystem::path& modelFile,
                                               const EstimatorOptions& options = {});
};

}  // namespace refpose
