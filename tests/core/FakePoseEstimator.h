#pragma once
// A deterministic stand-in for the pose model in indexing tests: the pose is a function of the
// image's mean colour, and every image it is asked about is counted.

#include "SearchTestPoses.h"
#include "estimate/PoseEstimator.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <atomic>
#include <filesystem>

namespace refpose::test {

class FakePoseEstimator : public PoseEstimator {
public:
    explicit FakePoseEstimator(std::string id = "fake-1") : id_(std::move(id)) {}

    PoseEstimate estimate(const cv::Mat& bgr) override {
        ++calls;
        const cv::Scalar m = cv::mean(bgr);
        std::mt19937 rng(std::uint32_t(m[0]) * 65536u + std::uint32_t(m[1]) * 256u + std::uint32_t(m[2]));
        PoseEstimate e;
        e.pose = randomPose(rng);
        e.score = 0.9f;
        return e;
    }
    std::vector<PoseEstimate> estimateBatch(std::span<const cv::Mat> images) override {
        std::vector<PoseEstimate> out;
        for (const cv::Mat& m : images) out.push_back(estimate(m));
        return out;
    }
    std::string modelId() const override { return id_; }
    std::string deviceName() const override { return "CPU"; }

    std::atomic<int> calls{0};

private:
    std::string id_;
};

// Writes a small PNG of one colour (the fake estimator's pose depends on it only).
inline void writeImage(const std::filesystem::path& file, int b, int g, int r) {
    std::filesystem::create_directories(file.parent_path());
    cv::imwrite(file.string(), cv::Mat(48, 64, CV_8UC3, cv::Scalar(b, g, r)));
}

}  // namespace refpose::test
