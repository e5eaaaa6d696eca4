#pragma once
// Which code opens which model file. core opens TF.js graph models (model.json) itself; layers
// above core (training) register loaders for the formats they define, so that
// PoseEstimator::open stays the one entry point without core depending on them.

#include "estimate/PoseEstimator.h"

#include <functional>
#include <string>

namespace refpose {

using EstimatorLoader =
    std::function<std::unique_ptr<PoseEstimator>(const std::filesystem::path&, const EstimatorOptions&)>;

// Registers a loader for files ending in `extension` (with the dot, e.g. ".refpose").
// Thread-safe; a later registration for the same extension replaces the earlier one.
void registerEstimatorLoader(const std::string& extension, EstimatorLoader loader);

}  // namespace refpose
