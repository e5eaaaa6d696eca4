#pragma once
// The one stand-in for a pose model in the tests. What it answers is the suite's choice (a pose
// from the image's colour, from its size, a drawn figure's); it counts the images it is asked
// about, and can be slowed down or held in its first call so a test can act while an estimate
// is in flight. Header-only: the support library does not link refpose_core, its users do.

#include "estimate/PoseEstimator.h"

#include <opencv2/core/mat.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace refpose::test {

class FakePoseEstimator : public PoseEstimator {
public:
    using Answer = std::function<PoseEstimate(const cv::Mat& bgr)>;

    explicit FakePoseEstimator(Answer answer, std::string id = "fake")
        : answer_(std::move(answer)), id_(std::move(id)) {}

    // Each estimate first waits this long (an indexing run that takes a visible while).
    void setDelay(std::chrono::milliseconds delay) { delay_ = delay; }
    // The first estimate waits until release(); waitUntilEntered() returns once it is waiting.
    void holdFirstCall() { hold_ = true; }
    void waitUntilEntered() {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [this] { return entered_; });
    }
    void release() {
        std::lock_guard lock(mutex_);
        released_ = true;
        cv_.notify_all();
    }

    int calls() const { return calls_.load(); }
    void resetCalls() { calls_ = 0; }

    PoseEstimate estimate(const cv::Mat& bgr) override {
        if (calls_.fetch_add(1) == 0 && hold_) waitForRelease();
        if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
        return answer_(bgr);
    }
    std::vector<PoseEstimate> estimateBatch(std::span<const cv::Mat> images) override {
        std::vector<PoseEstimate> out;
        for (const cv::Mat& m : images) out.push_back(estimate(m));
        return out;
    }
    std::string modelId() const override { return id_; }
    std::string deviceName() const override { return "CPU"; }

private:
    void waitForRelease() {
        std::unique_lock lock(mutex_);
        entered_ = true;
        cv_.notify_all();
        cv_.wait(lock, [this] { return released_; });
    }

    Answer answer_;
    std::string id_;
    std::chrono::milliseconds delay_{0};
    bool hold_ = false;
    std::atomic<int> calls_{0};
    std::mutex mutex_;
    std::condition_variable cv_;
    bool entered_ = false, released_ = false;
};

}  // namespace refpose::test
