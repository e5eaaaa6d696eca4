#pragma once
// Writes small TF.js graph models (model.json + one or more shards) for the import tests.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace refpose::test {

struct TinyWeight {
    std::string name;
    std::vector<int64_t> shape;
    std::vector<float> values;  // written as float32 unless `bytes` is given
    std::string dtype = "float32";
    nlohmann::json quantization;  // null = none
    std::string bytes;            // raw stored bytes (quantised or int32 data)
};

inline nlohmann::json placeholder(const std::string& name) {
    return {{"name", name}, {"op", "Placeholder"}, {"attr", {{"dtype", {{"type", "DT_FLOAT"}}}}}};
}
inline nlohmann::json constNode(const std::string& name, const std::string& type = "DT_FLOAT") {
    return {{"name", name}, {"op", "Const"}, {"attr", {{"dtype", {{"type", type}}}}}};
}
inline nlohmann::json opNode(const std::string& name, const std::string& op, std::vector<std::string> inputs,
                             nlohmann::json attr = nlohmann::json::object()) {
    return {{"name", name}, {"op", op}, {"input", inputs}, {"attr", attr}};
}

inline std::string floatBytes(const std::vector<float>& v) {
    std::string s(v.size() * 4, '\0');
    std::memcpy(s.data(), v.data(), s.size());
    return s;
}

// Writes dir/model.json and the shards; `shards` > 1 splits the weight bytes into that many files.
inline std::filesystem::path writeTinyModel(const std::filesystem::path& dir, const std::vector<nlohmann::json>& nodes,
                                            const std::vector<TinyWeight>& weights, int shards = 1) {
    std::string data;
    nlohmann::json specs = nlohmann::json::array();
    for (const auto& w : weights) {
        nlohmann::json spec = {{"name", w.name}, {"shape", w.shape}, {"dtype", w.dtype}};
        if (!w.quantization.is_null()) spec["quantization"] = w.quantization;
        specs.push_back(spec);
        data += w.bytes.empty() ? floatBytes(w.values) : w.bytes;
    }
    nlohmann::json paths = nlohmann::json::array();
    const std::size_t part = (data.size() + shards - 1) / std::max(shards, 1);
    for (int k = 0; k < shards; ++k) {
        const std::string file = "group1-shard" + std::to_string(k + 1) + "of" + std::to_string(shards) + ".bin";
        std::ofstream(dir / file, std::ios::binary) << data.substr(std::min(data.size(), k * part), part);
        paths.push_back(file);
    }
    const nlohmann::json model = {{"format", "graph-model"},
                                  {"modelTopology", {{"node", nodes}}},
                                  {"weightsManifest", {{{"paths", paths}, {"weights", specs}}}}};
    std::ofstream(dir / "model.json") << model.dump();
    return dir / "model.json";
}

}  // namespace refpose::test
