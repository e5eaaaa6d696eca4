#pragma once
// A TensorFlow.js graph model (model.json + weight shards) executed with LibTorch ops, so the
// network runs without TensorFlow and is differentiable (fine-tuning, transfer learning).
// Tensors at the graph boundary, and inside it, use TensorFlow's NHWC layout
// (docs/adr/0100-tfjs-import.md). Copies are cheap and share the weights; clone() does not.
//
//   TfjsGraph g = TfjsGraph::load("models/movenet-thunder.json");
//   auto out = g.run({{"input", imageNhwcInt32}}, {"StatefulPartitionedCall/Sigmoid", "Identity"});
//
// run() changes nothing, but copies share weights: an owner that trains or moves the graph, or
// wants one thread per module, serialises its calls or uses clone().

#include <torch/types.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace refpose {

class TfjsGraph {
public:
    // Reads model.json and its weight shards; weights are converted once (float16 and
    // quantised ones to float32, filters to LibTorch's OIHW). Throws ModelError naming the file
    // (unreadable, broken JSON, missing or truncated shard, unknown op: op and node named).
    static TfjsGraph load(const std::filesystem::path& modelJson);

    // Computes the named nodes ("name" or "name:k" for an op's k-th output) from `feeds`.
    // Any node may be fed, not only placeholders: its producers are then not evaluated.
    // Only the nodes the outputs depend on run. Throws ModelError for an unknown name or a
    // placeholder left unfed, and names the node whose op failed.
    std::map<std::string, torch::Tensor> run(const std::map<std::string, torch::Tensor>& feeds,
                                             const std::vector<std::string>& outputs) const;

    // A deep copy with its own weights (per-thread clones; independent fine-tuning).
    TfjsGraph clone() const;

    // The trainable weights: the filters (LibTorch OIHW layout) and biases of the convolutions.
    std::vector<torch::Tensor> parameters() const;
    std::vector<std::pair<std::string, torch::Tensor>> namedParameters() const;
    void setRequiresGrad(bool requiresGrad);

    // Moves every weight to `device` (the graph then expects its feeds there too; run() moves them).
    void to(const torch::Device& device);
    torch::Device device() const;

    // Placeholders in model order, and the signature's outputs (node names, no ":0").
    std::vector<std::string> inputNames() const;
    std::vector<std::string> outputNames() const;
    // Input shape from the signature ({} when unknown; -1 for free dimensions).
    std::vector<int64_t> inputShape(const std::string& name) const;
    bool hasNode(const std::string& name) const;
    std::string opOf(const std::string& name) const;
    // The names of the nodes feeding `name`, in input order (without ":k" ports).
    std::vector<std::string> inputsOf(const std::string& name) const;
    // Every node's name, in model order (to discover feature maps for transfer learning).
    std::vector<std::string> nodeNames() const;

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace refpose
