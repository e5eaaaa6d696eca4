#include "model/TfjsWeights.h"

#include "model/ModelError.h"
#include "util/SafeJson.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>

namespace refpose {
namespace {

struct WeightSpec {
    std::string name;
    std::vector<int64_t> shape;
    std::string dtype;          // the dtype the graph sees: float32, int32, bool
    std::string storedAs;       // float32, int32, bool, float16, uint8, uint16
    double scale = 1, min = 0;  // affine dequantisation for uint8 / uint16
};

// Far more elements than any one weight of a pose model holds (MoveNet Thunder's largest: 940,800).
constexpr int64_t kMaxWeightElements = int64_t{1} << 32;

int64_t elementCount(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

int64_t bytesPerElement(const std::string& storedAs, const std::string& context) {
    if (storedAs == "float32" || storedAs == "int32") return 4;
    if (storedAs == "float16" || storedAs == "uint16") return 2;
    if (storedAs == "uint8" || storedAs == "bool") return 1;
    throw ModelError(context + ": unsupported weight dtype '" + storedAs + "'");
}

WeightSpec parseSpec(const nlohmann::json& w, const std::string& context) {
    WeightSpec s;
    s.name = w.at("name").get<std::string>();
    s.shape = w.at("shape").get<std::vector<int64_t>>();
    s.dtype = w.at("dtype").get<std::string>();
    s.storedAs = s.dtype;
    if (const auto q = w.find("quantization"); q != w.end()) {
        s.storedAs = q->at("dtype").get<std::string>();
        s.scale = q->value("scale", 1.0);
        s.min = q->value("min", 0.0);
    }
    bytesPerElement(s.storedAs, context + ": weight " + s.name);
    // Sizes come from the file: a negative or absurd shape must not overflow the byte count.
    int64_t count = 1;
    for (const int64_t d : s.shape)
        if (d < 0 || __builtin_mul_overflow(count, d, &count) || count > kMaxWeightElements)
            throw ModelError(context + ": weight " + s.name.substr(0, 200) + " has an impossible shape");
    return s;
}

float halfToFloat(uint16_t h) {
    const uint32_t sign = (h & 0x8000u) << 16;
    uint32_t exp = (h >> 10) & 0x1f, mant = h & 0x3ffu, bits;
    if (exp == 0) {
        if (mant == 0)
            bits = sign;
        else {  // subnormal: normalise
            exp = 127 - 15 + 1;
            while (!(mant & 0x400u)) {
                mant <<= 1;
                --exp;
            }
            bits = sign | (exp << 23) | ((mant & 0x3ffu) << 13);
        }
    } else if (exp == 31)
        bits = sign | 0x7f800000u | (mant << 13);
    else
        bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

torch::Tensor decode(const WeightSpec& s, const char* p) {
    const int64_t n = elementCount(s.shape);
    if (s.storedAs == "int32" || s.storedAs == "float32") {
        const auto type = s.storedAs == "int32" ? torch::kInt32 : torch::kFloat32;
        return torch::from_blob(const_cast<char*>(p), s.shape, type).clone();
    }
    if (s.storedAs == "bool") return torch::from_blob(const_cast<char*>(p), s.shape, torch::kUInt8).to(torch::kBool);
    auto out = torch::empty(s.shape, torch::kFloat32);
    float* dst = out.data_ptr<float>();
    for (int64_t i = 0; i < n; ++i) {
        if (s.storedAs == "float16") {
            uint16_t h;
            std::memcpy(&h, p + 2 * i, 2);
            dst[i] = halfToFloat(h);
        } else if (s.storedAs == "uint16") {
            uint16_t q;
            std::memcpy(&q, p + 2 * i, 2);
            dst[i] = static_cast<float>(q * s.scale + s.min);
        } else {
            dst[i] = static_cast<float>(static_cast<uint8_t>(p[i]) * s.scale + s.min);
        }
    }
    if (s.dtype == "int32") return out.round().to(torch::kInt32);  // quantised int weights
    return out;
}

// A shard path from model.json must name a file inside the model's folder: a plain relative
// path without "..", never an absolute one (a model.json could otherwise make RefPose read
// /dev/zero until memory runs out, or any file of the user's).
bool isConfinedRelative(const std::filesystem::path& p) {
    if (p.empty() || p.is_absolute() || p.has_root_name()) return false;
    for (const auto& part : p)
        if (part == "..") return false;
    return true;
}

std::filesystem::path shardPath(const std::filesystem::path& modelDir, const std::string& relative,
                                const std::string& modelName) {
    if (!isConfinedRelative(relative))
        throw ModelError(modelName + ": weight shard path \"" + relative.substr(0, 200) +
                         "\" must be a file name inside the model's folder");
    return modelDir / relative;
}

// Reads the shards after checking that their sizes add up to what the manifest describes, so a
// wrong or huge file is refused before a byte of it is read.
std::string readShards(const std::vector<std::filesystem::path>& files, std::int64_t expected,
                       const std::string& modelName) {
    std::string names;
    std::int64_t total = 0;
    for (const auto& f : files) {
        names += (names.empty() ? "" : ", ") + f.string();
        std::error_code ec;
        if (!std::filesystem::is_regular_file(f, ec))
            throw ModelError(f.string() + ": weight shard missing or not a file");
        total += static_cast<std::int64_t>(std::filesystem::file_size(f, ec));
        if (ec) throw ModelError(f.string() + ": cannot read the weight shard's size (" + ec.message() + ")");
    }
    if (total != expected)
        throw ModelError(names + ": weight shards hold " + std::to_string(total) + " bytes but " + modelName +
                         " describes " + std::to_string(expected) + " (truncated or mismatched file)");
    std::string bytes;
    bytes.reserve(static_cast<std::size_t>(total));
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in) throw ModelError(f.string() + ": cannot open weight shard");
        bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (in.bad()) throw ModelError(f.string() + ": error reading weight shard");
    }
    if (static_cast<std::int64_t>(bytes.size()) != expected)
        throw ModelError(names + ": weight shards changed while being read");
    return bytes;
}

}  // namespace

std::map<std::string, torch::Tensor> readTfjsWeights(const nlohmann::json& manifest,
                                                     const std::filesystem::path& modelDir,
                                                     const std::string& modelName) {
    std::map<std::string, torch::Tensor> weights;
    if (!manifest.is_array()) throw ModelError(modelName + ": weightsManifest is not a list");
    for (std::size_t g = 0; g < manifest.size(); ++g) {
        const auto& group = manifest[g];
        const std::string place = "weightsManifest[" + std::to_string(g) + "]";
        std::vector<std::filesystem::path> files;
        std::vector<WeightSpec> specs;
        int64_t expected = 0;
        bool readingPaths = true;
        try {
            for (const auto& p : group.at("paths"))
                files.push_back(shardPath(modelDir, p.get<std::string>(), modelName));
            readingPaths = false;
            for (const auto& w : group.at("weights")) {
                specs.push_back(parseSpec(w, modelName));
                expected += elementCount(specs.back().shape) * bytesPerElement(specs.back().storedAs, modelName);
            }
        } catch (const nlohmann::json::exception& e) {
            const std::string weight = ".weights[" + std::to_string(specs.size()) + "]";
            throw ModelError(modelName + ": malformed " + place + (readingPaths ? ".paths" : weight) + " (" + e.what() +
                             ")");
        }
        const std::string bytes = readShards(files, expected, modelName);
        int64_t offset = 0;
        for (const auto& s : specs) {
            weights[s.name] = decode(s, bytes.data() + offset);
            offset += elementCount(s.shape) * bytesPerElement(s.storedAs, modelName);
        }
    }
    return weights;
}

std::vector<std::filesystem::path> tfjsModelFiles(const std::filesystem::path& modelJson) {
    std::vector<std::filesystem::path> files{modelJson};
    std::ifstream in(modelJson, std::ios::binary);
    const auto model = parseJsonOrDiscarded(in);
    if (model.is_object() && model.contains("weightsManifest"))
        for (const auto& group : model["weightsManifest"])
            for (const auto& p : group.value("paths", std::vector<std::string>{}))
                if (isConfinedRelative(p)) files.push_back(modelJson.parent_path() / p);  // loading refuses the others
    return files;
}

}  // namespace refpose
