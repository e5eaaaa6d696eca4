// The pose-file target links app/cli/SearchCliSupport.cpp, whose openEstimator() calls
// PoseEstimator::open. The estimators need LibTorch, which would make this target's build many
// times longer under AddressSanitizer, and readPoseFile never opens a model: this stand-in
// satisfies the linker and fails loudly should anything reach it.
#include "estimate/PoseEstimator.h"

#include <cstdio>
#include <cstdlib>

namespace refpose {

std::unique_ptr<PoseEstimator> PoseEstimator::open(const std::filesystem::path&, const EstimatorOptions&) {
    std::fprintf(stderr, "pose_file_fuzz: PoseEstimator::open is not linked into this target\n");
    std::abort();
}

}  // namespace refpose
