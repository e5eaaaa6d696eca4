#include "metrics/PoseMetrics.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace refpose {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

double distance(const Keypoint& a, const Keypoint& b) { return std::hypot(double(a.x) - b.x, double(a.y) - b.y); }

Keypoint midpoint(const Keypoint& a, const Keypoint& b) {
    return Keypoint{(a.x + b.x) / 2.f, (a.y + b.y) / 2.f, 1.f, Visibility::Visible};
}

std::size_t groupIndex(std::size_t keypoint) { return static_cast<std::size_t>(groupOf(keypoint)); }

MetricTallies& tallies(EvaluationReport& r, Metric m) { return r.metrics[static_cast<std::size_t>(m)]; }

void addToGroup(MetricTallies& t, std::size_t keypoint, bool ok) {
    t.overall.add(ok);
    t.perGroup[groupIndex(keypoint)].add(ok);
}

// Normalised error of every COCO keypoint of one pair; infinity when nothing was predicted.
std::array<double, kNumCocoKeypoints> normalisedErrors(const Pose& truth, const Pose* pred, double scale) {
    std::array<double, kNumCocoKeypoints> d{};
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i)
        d[i] = (pred && pred->kp[i].labelled()) ? distance(truth.kp[i], pred->kp[i]) / scale : kInfinity;
    return d;
}

void scorePointMetrics(EvaluationReport& r, const Pose& truth, const std::array<double, kNumCocoKeypoints>& d,
                       double scale) {
    const Box& box = truth.box;
    const double s = std::sqrt(double(box.w) * box.h) / scale;
    const auto& t = r.thresholds;
    const bool hasHead =
        truth[Kp::Nose].labelled() && truth[Kp::LeftShoulder].labelled() && truth[Kp::RightShoulder].labelled();
    const double headSize =
        hasHead ? distance(truth[Kp::Nose], midpoint(truth[Kp::LeftShoulder], truth[Kp::RightShoulder])) / scale : 0;
    const bool hasTorso = truth[Kp::LeftHip].labelled() && truth[Kp::RightShoulder].labelled();
    const double torso = hasTorso ? distance(truth[Kp::LeftHip], truth[Kp::RightShoulder]) / scale : 0;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        if (!truth.kp[i].labelled()) continue;
        const double sigma = kOksSigmas[i];
        const double ks = std::exp(-d[i] * d[i] / (2.0 * s * s * sigma * sigma));
        addToGroup(tallies(r, Metric::OksLow), i, ks >= t.oksLow);
        addToGroup(tallies(r, Metric::OksHigh), i, ks >= t.oksHigh);
        if (hasHead) addToGroup(tallies(r, Metric::Pckh), i, d[i] <= t.pckh * headSize);
        if (hasTorso) addToGroup(tallies(r, Metric::Pdj), i, d[i] <= t.pdj * torso);
    }
}

bool limbLabelled(const Pose& p, const Edge& e) { return p[e.a].labelled() && p[e.b].labelled(); }

// Mean normalised length of each PCP limb over the ground truths that label both its ends.
std::array<double, kPcpLimbs.size()> meanLimbLengths(const std::vector<PosePair>& pairs) {
    std::array<double, kPcpLimbs.size()> sum{}, count{};
    for (const auto& p : pairs) {
        const double scale = p.truth->box.longestSide();
        if (scale <= 0) continue;
        for (std::size_t l = 0; l < kPcpLimbs.size(); ++l) {
            if (!limbLabelled(*p.truth, kPcpLimbs[l])) continue;
            sum[l] += distance((*p.truth)[kPcpLimbs[l].a], (*p.truth)[kPcpLimbs[l].b]) / scale;
            count[l] += 1;
        }
    }
    for (std::size_t l = 0; l < sum.size(); ++l) sum[l] = count[l] > 0 ? sum[l] / count[l] : 0;
    return sum;
}

void scoreLimbs(EvaluationReport& r, const Pose& truth, const std::array<double, kNumCocoKeypoints>& d,
                const std::array<double, kPcpLimbs.size()>& meanLength) {
    MetricTallies& t = tallies(r, Metric::Pcpm);
    for (std::size_t l = 0; l < kPcpLimbs.size(); ++l) {
        const Edge& e = kPcpLimbs[l];
        if (!limbLabelled(truth, e)) continue;
        const double limit = r.thresholds.pcpm * meanLength[l];
        const bool ok = d[idx(e.a)] <= limit && d[idx(e.b)] <= limit;
        t.overall.add(ok);
        const std::size_t ga = groupIndex(idx(e.a)), gb = groupIndex(idx(e.b));
        t.perGroup[ga].add(ok);
        if (gb != ga) t.perGroup[gb].add(ok);
    }
}

std::string percentCell(const Tally& t) {
    if (t.empty()) return "     -";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.4f", t.rate());
    return buf;
}

std::string row(const std::string& label, const EvaluationReport& r, bool overall, std::size_t group) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%-10s", label.c_str());
    std::string line = buf;
    for (const auto& m : r.metrics) line += "  " + percentCell(overall ? m.overall : m.perGroup[group]) + " ";
    return line + "\n";
}

std::string header(const EvaluationReport& r, const std::string& first) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%-10s", first.c_str());
    std::string line = buf;
    for (const auto& name : metricNames(r.thresholds)) {
        std::snprintf(buf, sizeof buf, "  %-7s", name.c_str());
        line += buf;
    }
    return line + "\n";
}

}  // namespace

EvaluationReport evaluate(const std::vector<PosePair>& pairs, const MetricThresholds& thresholds) {
    EvaluationReport r;
    r.thresholds = thresholds;
    const auto meanLength = meanLimbLengths(pairs);
    for (const auto& p : pairs) {
        const double scale = p.truth->box.longestSide();
        if (scale <= 0) continue;  // a box of no size cannot normalise anything
        ++r.poses;
        r.unmatchedPoses += p.prediction == nullptr;
        const auto d = normalisedErrors(*p.truth, p.prediction, scale);
        scorePointMetrics(r, *p.truth, d, scale);
        scoreLimbs(r, *p.truth, d, meanLength);
    }
    return r;
}

std::vector<PosePair> pairByImage(const CocoDataset& truth, const CocoDataset& predictions) {
    std::map<std::int64_t, std::vector<const CocoAnnotation*>> byImage;
    for (const auto& a : predictions.annotations) byImage[a.imageId].push_back(&a);
    std::set<const CocoAnnotation*> used;
    std::vector<PosePair> pairs;
    for (const auto& gt : truth.annotations) {
        const CocoAnnotation* match = nullptr;
        const auto it = byImage.find(gt.imageId);
        if (it != byImage.end()) {
            for (const auto* a : it->second)
                if (a->id == gt.id && !used.count(a)) match = a;
            for (const auto* a : it->second)
                if (!match && !used.count(a)) match = a;
        }
        if (match) used.insert(match);
        pairs.push_back({&gt.pose, match ? &match->pose : nullptr});
    }
    return pairs;
}

std::array<std::string, kNumMetrics> metricNames(const MetricThresholds& t) {
    auto pct = [](double v) { return std::to_string(static_cast<int>(std::lround(v * 100))); };
    return {"OKS@" + pct(t.oksLow), "OKS@" + pct(t.oksHigh), "PCKh@" + pct(t.pckh), "PDJ@" + pct(t.pdj),
            "PCPm@" + pct(t.pcpm)};
}

std::string formatReport(const EvaluationReport& r) {
    std::string out = "Overall (" + std::to_string(r.poses) + " poses";
    if (r.unmatchedPoses) out += ", " + std::to_string(r.unmatchedPoses) + " without a prediction";
    out += ")\n" + header(r, "") + row("all", r, true, 0);
    out += "\nPer keypoint group (PCPm: limbs with an end in the group; - = no labelled point)\n";
    out += header(r, "group");
    for (std::size_t g = 0; g < kNumCocoGroups; ++g) out += row(std::string(kGroupNames[g]), r, false, g);
    return out;
}

nlohmann::json reportToJson(const EvaluationReport& r) {
    nlohmann::json j;
    j["poses"] = r.poses;
    j["unmatched_poses"] = r.unmatchedPoses;
    const auto names = metricNames(r.thresholds);
    auto value = [](const Tally& t) { return t.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.rate()); };
    for (std::size_t m = 0; m < kNumMetrics; ++m) {
        j["overall"][names[m]] = value(r.metrics[m].overall);
        for (std::size_t g = 0; g < kNumCocoGroups; ++g)
            j["groups"][std::string(kGroupNames[g])][names[m]] = value(r.metrics[m].perGroup[g]);
    }
    return j;
}

}  // namespace refpose
