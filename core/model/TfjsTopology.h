#pragma once
// The graph of a TensorFlow.js model.json without its weights or kernels: the nodes in model
// order, their input edges and the signature. Free of LibTorch, so a fuzz target can build it;
// TfjsGraph attaches the weights and ops.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace refpose {

// An edge: output `output` of node `node` (an index into TfjsTopology::nodes).
struct TfjsNodeRef {
    int node = 0;
    int output = 0;
};

struct TfjsNodeSpec {
    std::string name, op;
    std::vector<TfjsNodeRef> inputs;  // control edges ("^name") left out
    nlohmann::json attr;              // the "attr" object ({} when absent)
};

class TfjsTopology {
public:
    // Reads modelTopology.node and the signature of a parsed model.json. Throws ModelError
    // naming `file` and the place (the node, or the signature) of a malformed value or of an
    // input that names no node.
    static TfjsTopology parse(const nlohmann::json& model, const std::string& file);

    // The node called `name`, -1 when there is none.
    int find(const std::string& name) const;
    // "name" or "name:k" as an edge; throws ModelError naming the file for an unknown node.
    TfjsNodeRef parseRef(const std::string& ref) const;

    std::string file;
    std::vector<TfjsNodeSpec> nodes;
    std::vector<std::string> outputs;                         // the signature's, without ":0"
    std::map<std::string, std::vector<int64_t>> inputShapes;  // the signature's, -1 for free sizes

private:
    std::unordered_map<std::string, int> index_;
};

}  // namespace refpose
