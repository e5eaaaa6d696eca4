#pragma once
// The library tests' pose model (a FakePoseEstimator answering poseOfMeanColour): the pose is
// a function of the image's mean colour, so images of one colour get one pose.

#include "FakePoseEstimator.h"
#include "SearchTestPoses.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>

namespace refpose::test {

inline PoseEstimate poseOfMeanColour(const cv::Mat& bgr) {
    const cv::Scalar m = cv::mean(bgr);
    std::mt19937 rng(std::uint32_t(m[0]) * 65536u + std::uint32_t(m[1]) * 256u + std::uint32_t(m[2]));
    return {randomPose(rng), 0.9f};
}

// The library tests' estimator; `id` is its modelId.
class ColourPoseEstimator : public FakePoseEstimator {
public:
    explicit ColourPoseEstimator(std::string id = "fake-1") : FakePoseEstimator(poseOfMeanColour, std::move(id)) {}
};

// Writes a small PNG of one colour (the fake estimator's pose depends on it only).
inline void writeImage(const std::filesystem::path& file, int b, int g, int r) {
    std::filesystem::create_directories(file.parent_path());
    cv::imwrite(file.string(), cv::Mat(48, 64, CV_8UC3, cv::Scalar(b, g, r)));
}

}  // namespace refpose::test
