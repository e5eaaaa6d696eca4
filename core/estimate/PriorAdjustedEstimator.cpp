#include "estimate/PriorAdjustedEstimator.h"

#include <sstream>

namespace refpose {
namespace {

class PriorAdjustedEstimator final : public PoseEstimator {
public:
    PriorAdjustedEstimator(std::unique_ptr<PoseEstimator> inner, PosePrior prior, const PosePriorOptions& options)
        : inner_(std::move(inner)), prior_(std::move(prior)), options_(options) {
        std::ostringstream id;
        id << inner_->modelId() << "+prior:" << prior_.id << "@min" << options_.minScore << ",gate" << options_.fillGate
           << (options_.fixSwaps ? ",swaps" : "") << (options_.checkLimbs ? "" : ",nolimbs");
        id_ = id.str();
    }

    PoseEstimate estimate(const cv::Mat& bgr) override { return adjusted(inner_->estimate(bgr)); }

    std::vector<PoseEstimate> estimateBatch(std::span<const cv::Mat> images) override {
        std::vector<PoseEstimate> estimates = inner_->estimateBatch(images);
        for (auto& e : estimates) e = adjusted(std::move(e));
        return estimates;
    }

    std::string modelId() const override { return id_; }
    std::string deviceName() const override { return inner_->deviceName(); }

private:
    // The prior moves only points and keeps their scores, so the estimate's score stands.
    PoseEstimate adjusted(PoseEstimate e) const {
        e.pose = applyPosePrior(prior_, e.pose, options_);
        return e;
    }

    std::unique_ptr<PoseEstimator> inner_;
    const PosePrior prior_;
    const PosePriorOptions options_;
    std::string id_;
};

}  // namespace

std::unique_ptr<PoseEstimator> withPosePrior(std::unique_ptr<PoseEstimator> estimator, PosePrior prior,
                                             const PosePriorOptions& options) {
    return std::make_unique<PriorAdjustedEstimator>(std::move(estimator), std::move(prior), options);
}

}  // namespace refpose
