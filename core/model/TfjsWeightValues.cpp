#include "model/TfjsWeightValues.h"

#include "model/ModelError.h"
#include "util/SafeJson.h"

#include <nlohmann/json.hpp>

#include <cmath>
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

// The stored bytes of one weight (`p`, of the size its spec describes) as the values the graph sees.
TfjsWeightValues decode(const WeightSpec& s, const char* p) {
    TfjsWeightValues v{s.name, s.shape, TfjsWeightValues::Type::Float32, {}, {}, {}};
    const auto n = static_cast<std::size_t>(elementCount(s.shape));
    if (s.storedAs == "int32") {
        v.type = TfjsWeightValues::Type::Int32;
        v.ints.resize(n);
        std::memcpy(v.ints.data(), p, n * 4);
        return v;
    }
    if (s.storedAs == "bool") {
        v.type = TfjsWeightValues::Type::Bool;
        v.bools.resize(n);
        for (std::size_t i = 0; i < n; ++i) v.bools[i] = p[i] != 0;
        return v;
    }
    v.floats.resize(n);
    if (s.storedAs == "float32") {
        std::memcpy(v.floats.data(), p, n * 4);
        return v;
    }
    if (s.storedAs == "float16") {
        for (std::size_t i = 0; i < n; ++i) {
            uint16_t h;
            std::memcpy(&h, p + 2 * i, 2);
            v.floats[i] = halfToFloat(h);
        }
    } else if (s.storedAs == "uint16") {
        for (std::size_t i = 0; i < n; ++i) {
            uint16_t q;
            std::memcpy(&q, p + 2 * i, 2);
            v.floats[i] = static_cast<float>(q * s.scale + s.min);
        }
    } else {  // uint8
        for (std::size_t i = 0; i < n; ++i)
            v.floats[i] = static_cast<float>(static_cast<uint8_t>(p[i]) * s.scale + s.min);
    }
    if (s.dtype == "int32") {  // quantised int weights, rounded half to even as LibTorch's round()
        v.type = TfjsWeightValues::Type::Int32;
        v.ints.resize(n);
        for (std::size_t i = 0; i < n; ++i) v.ints[i] = static_cast<std::int32_t>(std::nearbyint(v.floats[i]));
        v.floats.clear();
    }
    return v;
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
    const std::string namedBy = " (named by " + modelName + ")";  // the file the user chose
    std::string names;                                            // the first few, for the errors
    for (std::size_t i = 0; i < files.size() && i < 3; ++i) names += (i ? ", " : "") + files[i].string();
    if (files.size() > 3) names += " and " + std::to_string(files.size() - 3) + " more";
    std::int64_t total = 0;
    for (const auto& f : files) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(f, ec))
            throw ModelError(f.string() + ": weight shard missing or not a file" + namedBy);
        total += static_cast<std::int64_t>(std::filesystem::file_size(f, ec));
        if (ec) throw ModelError(f.string() + ": cannot read the weight shard's size (" + ec.message() + ")" + namedBy);
    }
    if (total != expected)
        throw ModelError(names + ": weight shards hold " + std::to_string(total) + " bytes but " + modelName +
                         " describes " + std::to_string(expected) + " (truncated or mismatched file)");
    std::string bytes;
    bytes.reserve(static_cast<std::size_t>(total));
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in) throw ModelError(f.string() + ": cannot open weight shard" + namedBy);
        bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (in.bad()) throw ModelError(f.string() + ": error reading weight shard" + namedBy);
    }
    if (static_cast<std::int64_t>(bytes.size()) != expected)
        throw ModelError(names + ": weight shards changed while being read" + namedBy);
    return bytes;
}

}  // namespace

nlohmann::json readTfjsModelJson(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ModelError(file.string() + ": cannot open model file");
    try {
        return parseJson(in);
    } catch (const nlohmann::json::exception& e) {
        throw ModelError(file.string() + ": not valid JSON (" + e.what() + ")");
    }
}

std::vector<TfjsWeightValues> readTfjsWeightValues(const nlohmann::json& manifest,
                                                   const std::filesystem::path& modelDir,
                                                   const std::string& modelName) {
    std::vector<TfjsWeightValues> weights;
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
            weights.push_back(decode(s, bytes.data() + offset));
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
