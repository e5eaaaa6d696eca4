#pragma once
// Shared set-up of the annotator tests: the QApplication, drawn test images, a fake estimator.

#include "estimate/PoseEstimator.h"

#include <QString>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <vector>

namespace refpose::test {

// The one QApplication of the test binary (offscreen platform under CTest).
void ensureApp();

// The pose of the stick figure drawImage draws, in image pixels (17 COCO points, visible).
Pose figurePose(int width, int height);

// Writes `count` PNG images (a stick figure on white) named img0.png, img1.png... into `dir`.
std::vector<std::filesystem::path> writeFigureImages(const std::filesystem::path& dir, int count,
                                                     int width = 320, int height = 400);

// Returns figurePose of the image's size; the left wrist gets a low score. Optionally blocks in
// its first call until released, so tests can cancel a run while it is in flight.
class FakeEstimator : public PoseEstimator {
public:
    explicit FakeEstimator(bool blockFirstCall = false) : block_(blockFirstCall) {}
    PoseEstimate estimate(const cv::Mat& bgr) override;
    std::vector<PoseEstimate> estimateBatch(std::span<const cv::Mat> images) override;
    std::string modelId() const override { return "fake"; }
    std::string deviceName() const override { return "CPU"; }

    void waitUntilEntered();
    void release();
    int calls() const { return calls_; }

    static constexpr float kLowScore = 0.1f;   // the left wrist's score
    static constexpr float kHighScore = 0.9f;  // every other point's

private:
    bool block_;
    std::atomic<int> calls_{0};
    std::mutex mutex_;
    std::condition_variable cv_;
    bool entered_ = false, released_ = false;
};

}  // namespace refpose::test
