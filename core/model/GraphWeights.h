#pragma once
// Fine-tuned weights of a TF.js graph model inside a LibTorch archive (docs/adr/0500): the
// graph keeps its topology from its model.json; the archive replaces its trainable weights.
// Stored in TfjsGraph::namedParameters() order as "graph_weight_<i>", with the node names as
// JSON under "graph_weight_names", so a file made for another graph is refused by name and shape.

#include <torch/serialize.h>

#include <string>

namespace refpose {

class TfjsGraph;

// Writes the graph's trainable weights; `halfPrecision` stores them as float16 (half the size,
// a relative error of ~5e-4 per weight).
void writeGraphWeights(const TfjsGraph& graph, torch::serialize::OutputArchive& archive, bool halfPrecision);

// Copies the archive's weights into the graph (converted to its dtype and device). Throws
// ModelError naming `source` when the archive holds no graph weights or they do not fit.
void readGraphWeights(TfjsGraph& graph, torch::serialize::InputArchive& archive, const std::string& source);

}  // namespace refpose
