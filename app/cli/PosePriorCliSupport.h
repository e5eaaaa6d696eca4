#pragma once
// The pose-prior options shared by the estimating sub-commands (estimate, eval-model):
// --pose-prior FILE|default|off, --pose-prior-min-score, --pose-prior-gate, --pose-prior-swaps.

#include "estimate/PoseEstimator.h"

#include <string>

namespace CLI {
class App;
}

namespace refpose::cli {

// "default" = pose-prior.json in the models folder (the folder resolveModel finds models in).
inline constexpr const char* kDefaultPosePrior = "off";

struct PosePriorArgs {
    std::string prior = kDefaultPosePrior;
    float minScore = PosePriorOptions{}.minScore;
    double fillGate = PosePriorOptions{}.fillGate;
    bool fixSwaps = PosePriorOptions{}.fixSwaps;
};

void addPosePriorOptions(CLI::App* command, PosePriorArgs& args);
// Sets options.posePrior (empty for "off") and its settings.
void applyPosePriorArgs(const PosePriorArgs& args, EstimatorOptions& options);

}  // namespace refpose::cli
