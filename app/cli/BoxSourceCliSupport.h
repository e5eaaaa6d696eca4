#pragma once
// The box-source option shared by the estimating sub-commands (estimate, eval-model):
// --box pose|segmenter [--segmenter-model FILE].

#include "estimate/PoseEstimator.h"

#include <string>

namespace CLI {
class App;
}

namespace refpose::cli {

// The pose pass stays the default: on the held-out folds the segmenter's box gained 0.2 points of
// OKS@50 but lost PCKh, PDJ and PCPm (bench/RESULTS.md, "Character box from a segmenter").
inline constexpr const char* kDefaultBoxSource = "pose";

struct BoxSourceArgs {
    std::string source = kDefaultBoxSource;
    std::string segmenterModel;  // empty: selfie.json beside the pose model
};

void addBoxSourceOptions(CLI::App* command, BoxSourceArgs& args);
// Sets options.boxSource and options.segmenterModel.
void applyBoxSourceArgs(const BoxSourceArgs& args, EstimatorOptions& options);

}  // namespace refpose::cli
