#pragma once
// The paper's evaluation metrics (../shared/DESIGN.md, "Metrics"). Distances are divided by
// the longest side of the ground-truth box; only labelled ground-truth keypoints count; the
// 17 COCO keypoints are scored, overall and per keypoint group.
//   OKS@t:   ks = exp(-d^2 / (2 s^2 sigma^2)), s = sqrt(w h) / max(w, h); correct when ks >= t.
//   PCKh@k:  correct when d <= k |nose - midpoint of the shoulders|.
//   PDJ@k:   correct when d <= k |left hip - right shoulder|.
//   PCPm@k:  a limb of kPcpLimbs is correct when both endpoints have d <= k * that limb's mean
//            length over the evaluation set; per group, the limbs with an endpoint in the group.
// A pose lacking a metric's reference points (e.g. no nose for PCKh) is left out of that metric.

#include "dataset/CocoDataset.h"
#include "schema/Pose.h"

#include <nlohmann/json.hpp>

#include <array>
#include <string>
#include <vector>

namespace refpose {

struct MetricThresholds {
    double oksLow = 0.50, oksHigh = 0.75, pckh = 0.5, pdj = 0.2, pcpm = 0.5;
};

struct Tally {
    long correct = 0, total = 0;
    void add(bool ok) {
        correct += ok;
        ++total;
    }
    bool empty() const { return total == 0; }
    double rate() const { return total ? double(correct) / double(total) : 0.0; }
};

enum class Metric { OksLow, OksHigh, Pckh, Pdj, Pcpm };
inline constexpr std::size_t kNumMetrics = 5;

struct MetricTallies {
    Tally overall;
    std::array<Tally, kNumCocoGroups> perGroup{};
};

struct EvaluationReport {
    MetricThresholds thresholds;
    long poses = 0;           // ground-truth poses evaluated
    long unmatchedPoses = 0;  // ground truths without a prediction (all their points count as wrong)
    std::array<MetricTallies, kNumMetrics> metrics{};
    const MetricTallies& operator[](Metric m) const { return metrics[static_cast<std::size_t>(m)]; }
};

// A ground truth and its prediction (nullptr when none was made).
struct PosePair {
    const Pose* truth;
    const Pose* prediction;
};

EvaluationReport evaluate(const std::vector<PosePair>& pairs, const MetricThresholds& thresholds = {});

// Pairs each ground-truth annotation with a prediction: the one with the same annotation id on
// the same image, else the first prediction on that image not yet used.
std::vector<PosePair> pairByImage(const CocoDataset& truth, const CocoDataset& predictions);

// Column headings such as "OKS@50", from the thresholds.
std::array<std::string, kNumMetrics> metricNames(const MetricThresholds& t);

// Tables in the layout of the paper's Tables 1 (overall) and 2 (per keypoint group).
std::string formatReport(const EvaluationReport& report);
nlohmann::json reportToJson(const EvaluationReport& report);

}  // namespace refpose
