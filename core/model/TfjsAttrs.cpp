#include "model/TfjsAttrs.h"

#include "model/ModelError.h"

namespace refpose {

TfjsAttrs::TfjsAttrs(const nlohmann::json& attr, std::string nodeName)
    : attr_(attr.is_object() ? attr : nlohmann::json::object()), node_(std::move(nodeName)) {}

bool TfjsAttrs::has(const std::string& key) const { return attr_.contains(key); }

const nlohmann::json& TfjsAttrs::field(const std::string& key) const { return attr_.at(key); }

int64_t TfjsAttrs::getInt(const std::string& key, int64_t fallback) const {
    if (!has(key) || !field(key).contains("i")) return fallback;
    const auto& v = field(key).at("i");
    return v.is_string() ? std::stoll(v.get<std::string>()) : v.get<int64_t>();
}

float TfjsAttrs::getFloat(const std::string& key, float fallback) const {
    if (!has(key) || !field(key).contains("f")) return fallback;
    const auto& v = field(key).at("f");
    return v.is_string() ? std::stof(v.get<std::string>()) : v.get<float>();
}

bool TfjsAttrs::getBool(const std::string& key, bool fallback) const {
    if (!has(key) || !field(key).contains("b")) return fallback;
    return field(key).at("b").get<bool>();
}

std::string TfjsAttrs::getString(const std::string& key, const std::string& fallback) const {
    if (!has(key) || !field(key).contains("s")) return fallback;
    return decodeBase64(field(key).at("s").get<std::string>());
}

std::vector<int64_t> TfjsAttrs::getInts(const std::string& key) const {
    std::vector<int64_t> out;
    if (!has(key) || !field(key).contains("list")) return out;
    const auto& list = field(key).at("list");
    if (!list.contains("i")) return out;
    for (const auto& v : list.at("i"))
        out.push_back(v.is_string() ? std::stoll(v.get<std::string>()) : v.get<int64_t>());
    return out;
}

std::vector<std::string> TfjsAttrs::getStrings(const std::string& key) const {
    std::vector<std::string> out;
    if (!has(key) || !field(key).contains("list")) return out;
    const auto& list = field(key).at("list");
    if (!list.contains("s")) return out;
    for (const auto& v : list.at("s")) out.push_back(decodeBase64(v.get<std::string>()));
    return out;
}

torch::ScalarType TfjsAttrs::getType(const std::string& key, torch::ScalarType fallback) const {
    if (!has(key) || !field(key).contains("type")) return fallback;
    const std::string t = field(key).at("type").get<std::string>();
    if (t == "DT_FLOAT") return torch::kFloat32;
    if (t == "DT_INT32") return torch::kInt32;
    if (t == "DT_INT64") return torch::kInt64;
    if (t == "DT_BOOL") return torch::kBool;
    if (t == "DT_UINT8") return torch::kUInt8;
    throw ModelError("node " + node_ + ": unsupported type " + t + " in attribute " + key);
}

std::string decodeBase64(const std::string& text) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    std::string out;
    int bits = 0, acc = 0;
    for (char c : text) {
        const int v = value(c);
        if (v < 0) continue;  // padding '=' and whitespace
        acc = (acc << 6) | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xff));
        }
    }
    return out;
}

}  // namespace refpose
