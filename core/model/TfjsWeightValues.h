#pragma once
// Reads the weights of a TensorFlow.js graph model without LibTorch (so a fuzz target can build
// it): the weightsManifest groups of model.json and their binary shards. Each group's shards are
// concatenated in order and hold that group's weights back to back; float16- and
// uint8/uint16-quantised weights are dequantised to float32 once, here. Shard paths must stay
// inside the model's folder, and the shards' sizes must match the manifest before a byte is read.

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace refpose {

// One weight, decoded: the values of its type, in row-major order.
struct TfjsWeightValues {
    enum class Type { Float32, Int32, Bool };
    std::string name;
    std::vector<std::int64_t> shape;
    Type type = Type::Float32;
    std::vector<float> floats;        // Float32
    std::vector<std::int32_t> ints;   // Int32
    std::vector<std::uint8_t> bools;  // Bool: 0 or 1
};

// model.json parsed (util/SafeJson limits). Throws ModelError naming the file.
nlohmann::json readTfjsModelJson(const std::filesystem::path& file);

// Every weight of `manifest` (model.json's weightsManifest), read from the shards in `modelDir`.
// Throws ModelError naming `modelName` (or the shard) and the place in the manifest.
std::vector<TfjsWeightValues> readTfjsWeightValues(const nlohmann::json& manifest,
                                                   const std::filesystem::path& modelDir, const std::string& modelName);

// model.json and the weight shards its manifest names (to hash a model's files); just model.json
// when it cannot be parsed.
std::vector<std::filesystem::path> tfjsModelFiles(const std::filesystem::path& modelJson);

}  // namespace refpose
