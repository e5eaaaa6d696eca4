#include "estimate/ConfidentBox.h"

#include <algorithm>

namespace refpose {
namespace {

float bestScore(const Pose& pose, std::size_t candidates) {
    float best = 0;
    for (std::size_t i = 0; i < candidates; ++i) best = std::max(best, pose.kp[i].score);
    return best;
}

}  // namespace

ConfidentBox confidentBox(const Pose& pose, const ConfidentBoxRule& rule) {
    const std::size_t candidates = std::min(rule.candidates, kNumKeypoints);
    const float best = bestScore(pose, candidates);
    const bool nothingToShare = rule.minShareOfBest > 0 && best <= 0;
    const float bar = std::max(rule.minScore, rule.minShareOfBest * best);
    Pose confident = pose;
    ConfidentBox out;
    for (std::size_t i = 0; i < kNumKeypoints; ++i) {
        const bool counts = i < candidates && !nothingToShare && pose.kp[i].score >= bar;
        confident.kp[i].v = counts ? Visibility::Visible : Visibility::Unlabelled;
        out.count += counts;
    }
    out.box = boxAroundKeypoints(confident, rule.margin);
    return out;
}

}  // namespace refpose
