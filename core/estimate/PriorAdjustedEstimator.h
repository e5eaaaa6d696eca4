#pragma once
// An estimator whose estimates pass through a pose prior (PosePrior.h) after decoding.
// PoseEstimator::open wraps the model's estimator in one when EstimatorOptions::posePrior names
// a prior file; the model id then names the prior too, so a library re-estimates its images
// when the prior or its settings change.

#include "estimate/PoseEstimator.h"
#include "estimate/PosePrior.h"

#include <memory>

namespace refpose {

std::unique_ptr<PoseEstimator> withPosePrior(std::unique_ptr<PoseEstimator> estimator, PosePrior prior,
                                             const PosePriorOptions& options);

}  // namespace refpose
