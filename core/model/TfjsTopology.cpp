#include "model/TfjsTopology.h"

#include "model/ModelError.h"

namespace refpose {
namespace {

std::string stripPort(const std::string& ref) {
    const auto colon = ref.rfind(':');
    return colon == std::string::npos ? ref : ref.substr(0, colon);
}

std::vector<int64_t> signatureShape(const nlohmann::json& spec) {
    std::vector<int64_t> shape;
    if (!spec.contains("tensorShape") || !spec["tensorShape"].contains("dim")) return shape;
    for (const auto& d : spec["tensorShape"]["dim"]) shape.push_back(std::stoll(d.value("size", std::string("-1"))));
    return shape;
}

}  // namespace

int TfjsTopology::find(const std::string& name) const {
    const auto it = index_.find(name);
    return it == index_.end() ? -1 : it->second;
}

TfjsNodeRef TfjsTopology::parseRef(const std::string& ref) const {
    const auto colon = ref.rfind(':');
    int node = find(ref), output = 0;
    if (node < 0 && colon != std::string::npos) {
        node = find(ref.substr(0, colon));
        try {
            output = std::stoi(ref.substr(colon + 1));
        } catch (...) {
            node = -1;
        }
    }
    if (node < 0 || output < 0) throw ModelError(file + ": no node named " + ref.substr(0, 200));
    return {node, output};
}

TfjsTopology TfjsTopology::parse(const nlohmann::json& model, const std::string& file) {
    TfjsTopology t;
    t.file = file;
    std::string place = "the top level";  // where a malformed value was met, for the error
    try {
        place = "modelTopology.node";
        const auto& nodes = model.at("modelTopology").at("node");
        for (const auto& n : nodes) {
            place = "modelTopology.node[" + std::to_string(t.nodes.size()) + "]";
            TfjsNodeSpec spec{n.at("name").get<std::string>(),
                              n.at("op").get<std::string>(),
                              {},
                              n.value("attr", nlohmann::json::object())};
            t.index_[spec.name] = static_cast<int>(t.nodes.size());
            t.nodes.push_back(std::move(spec));
        }
        for (std::size_t i = 0; i < t.nodes.size(); ++i) {
            place = "modelTopology.node[" + std::to_string(i) + "] (" + t.nodes[i].name.substr(0, 200) + ")";
            for (const auto& in : nodes[i].value("input", std::vector<std::string>{}))
                if (in.empty() || in[0] != '^') t.nodes[i].inputs.push_back(t.parseRef(in));  // '^' = control edge
        }
        place = "signature";
        if (model.contains("signature") && model["signature"].contains("outputs"))
            for (const auto& [key, spec] : model["signature"]["outputs"].items())
                t.outputs.push_back(stripPort(spec.value("name", key)));
        if (model.contains("signature") && model["signature"].contains("inputs"))
            for (const auto& [key, spec] : model["signature"]["inputs"].items())
                t.inputShapes[stripPort(spec.value("name", key))] = signatureShape(spec);
    } catch (const ModelError& e) {
        throw ModelError(std::string(e.what()) + " (at " + place + ")");
    } catch (const std::exception& e) {  // a JSON value of the wrong type, or a size that is no number
        throw ModelError(file + ": malformed graph model at " + place + " (" + e.what() + ")");
    }
    return t;
}

}  // namespace refpose
