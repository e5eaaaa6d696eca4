#include "model/GraphWeights.h"

#include "model/ModelError.h"
#include "model/TfjsGraph.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

namespace refpose {
namespace {

constexpr const char* kNamesKey = "graph_weight_names";

std::string weightKey(std::size_t i) { return "graph_weight_" + std::to_string(i); }

}  // namespace

void writeGraphWeights(const TfjsGraph& graph, torch::serialize::OutputArchive& archive, bool halfPrecision) {
    nlohmann::json names = nlohmann::json::array();
    const auto params = graph.namedParameters();
    for (std::size_t i = 0; i < params.size(); ++i) {
        const torch::Tensor w = params[i].second.detach().to(torch::kCPU);
        archive.write(weightKey(i), halfPrecision ? w.to(torch::kFloat16) : w.clone());
        names.push_back(params[i].first);
    }
    archive.write(kNamesKey, c10::IValue(names.dump()));
}

void readGraphWeights(TfjsGraph& graph, torch::serialize::InputArchive& archive, const std::string& source) {
    c10::IValue value;
    if (!archive.try_read(kNamesKey, value) || !value.isString())
        throw ModelError(source + ": holds no fine-tuned graph weights");
    const auto names = nlohmann::json::parse(value.toStringRef(), nullptr, false);
    const auto params = graph.namedParameters();
    if (!names.is_array() || names.size() != params.size())
        throw ModelError(source + ": its weights were made for another graph (" +
                         std::to_string(names.is_array() ? names.size() : 0) + " tensors, the graph has " +
                         std::to_string(params.size()) + ")");
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < params.size(); ++i) {
        const auto& [name, live] = params[i];
        if (!names[i].is_string() || names[i].get<std::string>() != name)
            throw ModelError(source + ": weight " + std::to_string(i) + " belongs to another graph (expected " + name +
                             ")");
        torch::Tensor stored;
        if (!archive.try_read(weightKey(i), stored))
            throw ModelError(source + ": weight " + std::to_string(i) + " (" + name + ") is missing");
        if (stored.sizes() != live.sizes()) throw ModelError(source + ": weight " + name + " has the wrong shape");
        const torch::Tensor converted = stored.to(live.device(), live.scalar_type());
        if (!torch::isfinite(converted).all().item<bool>())
            throw ModelError(source + ": weight " + name + " holds NaN or infinity");
        live.copy_(converted);
    }
}

}  // namespace refpose
