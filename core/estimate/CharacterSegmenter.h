#pragma once
// The paper's way to find the character: a segmentation network's mask, box = the bounding box of
// the largest connected region above 0.5. The network is MediaPipe Selfie (selfie.json from the
// npm package the set-up fetches, scripts/fetch-models.sh): the whole image stretched to its
// 256x256 input, RGB in [0, 1], one sigmoid mask channel out. Safe to call from several threads
// (one graph, calls take turns: a mask costs a few milliseconds).

#include "schema/Pose.h"

#include <opencv2/core/mat.hpp>
#include <torch/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace refpose {

// The paper's threshold: mask values above it belong to the character.
inline constexpr float kSegmentationThreshold = 0.5f;

// The box of the largest 8-connected region of `mask` (CV_32F) above `threshold`, in mask pixels
// (pixel (i, j) covers [j, j+1) x [i, i+1)); nullopt when no value exceeds it.
std::optional<Box> largestRegionBox(const cv::Mat& mask, float threshold = kSegmentationThreshold);

class CharacterSegmenter {
public:
    // Loads the segmentation graph; throws ModelError naming the file when it is missing, is
    // not a graph model, or does not map one NHWC RGB image to a one-channel mask.
    CharacterSegmenter(const std::filesystem::path& modelJson, const torch::Device& device);
    ~CharacterSegmenter();

    // The character mask of an 8-bit BGR image: CV_32F values in [0, 1], at the network's
    // resolution, covering the whole image (stretched).
    cv::Mat mask(const cv::Mat& bgr);
    // The character's box in image pixels, or nullopt when no pixel exceeds the threshold.
    std::optional<Box> characterBox(const cv::Mat& bgr);

    // The model's file name and a hash of its files' contents.
    const std::string& id() const { return id_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string id_;
};

}  // namespace refpose
