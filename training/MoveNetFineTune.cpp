#include "MoveNetFineTune.h"

#include "estimate/MoveNetEstimator.h"
#include "estimate/PoseEstimator.h"

#include <array>

namespace refpose::training {
namespace {

// Node name parts of MoveNet's layers (the same in Thunder and Lightning).
constexpr const char* kBackbonePart = "/model_1/model/";
constexpr const char* kHeatmapHeadPart = "/kpt_heatmap_0/";
// MoveNet's other heads (centre, keypoint regression and offsets): the heatmaps do not depend
// on them and RefPose's decoding does not read them, so they never train.
constexpr std::array<const char*, 3> kUnusedHeadParts = {"/center_0/", "/kpt_regress_0/", "/kpt_offset_0/"};

bool trains(const std::string& node, MoveNetFineTune::Scope scope) {
    for (const char* head : kUnusedHeadParts)
        if (node.find(head) != std::string::npos) return false;
    switch (scope) {
        case MoveNetFineTune::Scope::All:
            return true;
        case MoveNetFineTune::Scope::FpnAndHead:
            return node.find(kBackbonePart) == std::string::npos;
        case MoveNetFineTune::Scope::Head:
            return node.find(kHeatmapHeadPart) != std::string::npos;
    }
    return true;
}

}  // namespace

MoveNetFineTune::Scope MoveNetFineTune::scopeFromName(const std::string& name) {
    if (name == "fpn-head") return Scope::FpnAndHead;
    if (name == "head") return Scope::Head;
    return Scope::All;
}

std::vector<torch::Tensor> MoveNetFineTune::parameters() const {
    std::vector<torch::Tensor> out;
    for (const auto& p : graph_.parameters())
        if (p.requires_grad()) out.push_back(p);
    return out;
}

MoveNetFineTune::MoveNetFineTune(const std::filesystem::path& modelJson, Scope scope)
    : graph_(TfjsGraph::load(modelJson)) {
    for (const char* node : {kMoveNetHeatmapNode, kMoveNetImageNode})
        if (!graph_.hasNode(node))
            throw ModelError(modelJson.string() + ": not a MoveNet model (no node " + node + ")");
    const auto sigmoidInputs = graph_.inputsOf(kMoveNetHeatmapNode);
    if (sigmoidInputs.size() != 1) throw ModelError(modelJson.string() + ": the heatmap sigmoid has no single input");
    logitsNode_ = sigmoidInputs.front();
    const auto shape = graph_.inputShape("input");
    inputSize_ = shape.size() == 4 && shape[1] > 0 ? int(shape[1]) : 0;
    if (inputSize_ <= 0) throw ModelError(modelJson.string() + ": the signature gives no input size");
    for (auto& [name, weight] : graph_.namedParameters()) weight.set_requires_grad(trains(name, scope));
}

torch::Tensor MoveNetFineTune::logits(const torch::Tensor& rgb01) {
    // The image node takes NHWC floats in 0..255 (the model's own normalisation follows it).
    const auto input = (rgb01 * 255.0).permute({0, 2, 3, 1}).contiguous();
    const auto out = graph_.run({{kMoveNetImageNode, input}}, {logitsNode_}).at(logitsNode_);
    return out.permute({0, 3, 1, 2}).contiguous();
}

}  // namespace refpose::training
