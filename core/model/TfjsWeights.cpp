#include "model/TfjsWeights.h"

#include <cstring>

namespace refpose {
namespace {

// A tensor holding a copy of `count` elements at `data`.
torch::Tensor tensorOf(const TfjsWeightValues& v, const void* data, torch::ScalarType type, std::size_t elementSize,
                       std::size_t count) {
    torch::Tensor t = torch::empty(v.shape, type);
    if (count > 0) std::memcpy(t.data_ptr(), data, count * elementSize);
    return t;
}

}  // namespace

std::map<std::string, torch::Tensor> readTfjsWeights(const nlohmann::json& manifest,
                                                     const std::filesystem::path& modelDir,
                                                     const std::string& modelName) {
    std::map<std::string, torch::Tensor> weights;
    for (const TfjsWeightValues& v : readTfjsWeightValues(manifest, modelDir, modelName)) {
        switch (v.type) {
            case TfjsWeightValues::Type::Float32:
                weights[v.name] = tensorOf(v, v.floats.data(), torch::kFloat32, 4, v.floats.size());
                break;
            case TfjsWeightValues::Type::Int32:
                weights[v.name] = tensorOf(v, v.ints.data(), torch::kInt32, 4, v.ints.size());
                break;
            case TfjsWeightValues::Type::Bool:  // 0 or 1 in one byte each: LibTorch's bool layout
                weights[v.name] = tensorOf(v, v.bools.data(), torch::kBool, 1, v.bools.size());
                break;
        }
    }
    return weights;
}

}  // namespace refpose
