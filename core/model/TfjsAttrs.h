#pragma once
// Typed access to a TF.js graph node's "attr" map (TensorFlow AttrValue protos as JSON:
// {"i": "2"}, {"f": 0.5}, {"b": true}, {"s": base64}, {"type": "DT_FLOAT"}, {"list": {...}}).
// Errors name the node and the attribute.

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <string>
#include <vector>

namespace refpose {

class TfjsAttrs {
public:
    TfjsAttrs(const nlohmann::json& attr, std::string nodeName);

    bool has(const std::string& key) const;
    int64_t getInt(const std::string& key, int64_t fallback) const;
    float getFloat(const std::string& key, float fallback) const;
    bool getBool(const std::string& key, bool fallback) const;
    std::string getString(const std::string& key, const std::string& fallback) const;  // base64-decoded
    std::vector<int64_t> getInts(const std::string& key) const;                        // empty when absent
    std::vector<std::string> getStrings(const std::string& key) const;                 // base64-decoded
    // A DT_* type attribute as a torch dtype; throws for types the importer does not support.
    torch::ScalarType getType(const std::string& key, torch::ScalarType fallback) const;

    const std::string& nodeName() const { return node_; }

private:
    const nlohmann::json& field(const std::string& key) const;
    nlohmann::json attr_;
    std::string node_;
};

// Decodes standard base64 (attribute strings in model.json are base64-encoded bytes).
std::string decodeBase64(const std::string& text);

}  // namespace refpose
