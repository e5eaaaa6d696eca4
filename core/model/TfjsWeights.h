#pragma once
// The weights of a TensorFlow.js graph model as LibTorch tensors (TfjsWeightValues.h reads and
// checks them). Throws ModelError naming the file when a shard is missing, truncated or longer
// than the manifest says, or the manifest is malformed.

#include "model/TfjsWeightValues.h"

#include <torch/types.h>

#include <map>

namespace refpose {

// Weight name -> tensor (float32, int32 or bool), on the CPU.
std::map<std::string, torch::Tensor> readTfjsWeights(const nlohmann::json& manifest,
                                                     const std::filesystem::path& modelDir,
                                                     const std::string& modelName);

}  // namespace refpose
