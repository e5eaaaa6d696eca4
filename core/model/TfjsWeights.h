#pragma once
// Reads the weights of a TensorFlow.js graph model: the weightsManifest groups of model.json and
// their binary shards. Each group's shards are concatenated in order and hold that group's
// weights back to back; float16- and uint8/uint16-quantised weights are dequantised to float32
// once, here. Throws ModelError naming the file when a shard is missing, truncated or longer
// than the manifest says.

#include <nlohmann/json_fwd.hpp>
#include <torch/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace refpose {

// Weight name -> tensor (float32, int32 or bool), on the CPU.
std::map<std::string, torch::Tensor> readTfjsWeights(const nlohmann::json& manifest,
                                                     const std::filesystem::path& modelDir,
                                                     const std::string& modelName);

// model.json and the weight shards its manifest names (to hash a model's files); just model.json
// when it cannot be parsed.
std::vector<std::filesystem::path> tfjsModelFiles(const std::filesystem::path& modelJson);

}  // namespace refpose
