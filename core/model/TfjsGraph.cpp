#include "model/TfjsGraph.h"

#include "model/ModelError.h"
#include "model/TfjsOps.h"
#include "model/TfjsTopology.h"
#include "model/TfjsWeights.h"
#include "util/SafeJson.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>

namespace refpose {

struct TfjsGraph::Impl {
    using Input = TfjsNodeRef;
    // A node of the topology with what running it needs.
    struct Node {
        std::string name, op;
        std::vector<Input> inputs;
        TfjsAttrs attrs;
        TfjsKernel kernel = nullptr;
        torch::Tensor value;  // Const nodes (filters already in LibTorch layout)
        bool parameter = false;
    };
    TfjsTopology topology;  // names, edges and signature
    std::vector<Node> nodes;
    torch::Device device = torch::kCPU;
    std::string file;

    int find(const std::string& name) const { return topology.find(name); }
    Input parseRef(const std::string& ref) const { return topology.parseRef(ref); }
    void attachWeightsAndKernels(const std::map<std::string, torch::Tensor>& weights);
    void prepareFilters();
};

void TfjsGraph::Impl::attachWeightsAndKernels(const std::map<std::string, torch::Tensor>& weights) {
    for (const TfjsNodeSpec& spec : topology.nodes) {
        Node node{spec.name, spec.op, spec.inputs, TfjsAttrs(spec.attr, spec.name), nullptr, {}, false};
        if (node.op == "Const") {
            const auto w = weights.find(node.name);
            if (w == weights.end())
                throw ModelError(file + ": constant " + node.name + " has no weight in the manifest");
            node.value = w->second;
        } else if (node.op != "Placeholder") {
            node.kernel = findTfjsKernel(node.op);
            if (!node.kernel) throw ModelError(file + ": unsupported op " + node.op + " (node " + node.name + ")");
        }
        nodes.push_back(std::move(node));
    }
}

// Converts filters once; marks convolution filters and biases as the trainable weights.
void TfjsGraph::Impl::prepareFilters() {
    for (Node& node : nodes) {
        const FilterLayout layout = filterLayoutOf(node.op);
        if (layout == FilterLayout::None) continue;
        if (node.inputs.size() < 2) throw ModelError(file + ": node " + node.name + " lacks a filter");
        Node& filter = nodes[node.inputs[1].node];
        if (filter.op != "Const") throw ModelError(file + ": node " + node.name + " has a non-constant filter");
        try {
            if (!filter.parameter) filter.value = prepareFilter(filter.value, layout);
        } catch (const c10::Error& e) {
            throw ModelError(file + ": node " + node.name + " cannot use filter " + filter.name + ": " +
                             e.what_without_backtrace());
        }
        filter.parameter = true;
        // A constant third input is the fused bias (Conv2DBackpropInput's third input is its data).
        if (node.inputs.size() > 2 && nodes[node.inputs[2].node].op == "Const")
            nodes[node.inputs[2].node].parameter = true;
    }
}

TfjsGraph TfjsGraph::load(const std::filesystem::path& modelJson) {
    const nlohmann::json model = readTfjsModelJson(modelJson);
    auto impl = std::make_shared<Impl>();
    impl->file = modelJson.string();
    impl->topology = TfjsTopology::parse(model, impl->file);
    if (!model.contains("weightsManifest")) throw ModelError(impl->file + ": no weightsManifest");
    impl->attachWeightsAndKernels(readTfjsWeights(model["weightsManifest"], modelJson.parent_path(), impl->file));
    impl->prepareFilters();
    TfjsGraph g;
    g.impl_ = std::move(impl);
    return g;
}

std::map<std::string, torch::Tensor> TfjsGraph::run(const std::map<std::string, torch::Tensor>& feeds,
                                                    const std::vector<std::string>& outputs) const {
    const Impl& g = *impl_;
    std::vector<std::vector<torch::Tensor>> values(g.nodes.size());
    std::vector<char> fed(g.nodes.size(), 0);
    for (const auto& [name, tensor] : feeds) {
        const int i = g.find(name);
        if (i < 0) throw ModelError(g.file + ": cannot feed unknown node " + name);
        values[i] = {tensor.to(g.device)};
        fed[i] = 1;
    }
    // Which nodes the outputs need, in dependency order, and how often each value is read.
    std::vector<char> state(g.nodes.size(), 0);  // 0 unseen, 1 visiting, 2 scheduled
    std::vector<int> order, uses(g.nodes.size(), 0);
    std::function<void(int)> visit = [&](int i) {
        if (state[i] == 2) return;
        if (state[i] == 1) throw ModelError(g.file + ": cycle through node " + g.nodes[i].name);
        state[i] = 1;
        if (!fed[i])
            for (const auto& in : g.nodes[i].inputs) {
                visit(in.node);
                ++uses[in.node];
            }
        state[i] = 2;
        order.push_back(i);
    };
    std::vector<Impl::Input> wanted;
    for (const auto& name : outputs) {
        wanted.push_back(g.parseRef(name));
        visit(wanted.back().node);
        ++uses[wanted.back().node];
    }
    // REFPOSE_TFJS_PROFILE=1 prints the time spent per op type (finding slow kernels).
    static const bool profiling = std::getenv("REFPOSE_TFJS_PROFILE") != nullptr;
    std::unique_ptr<std::map<std::string, double>> profile;
    if (profiling) {
        profile = std::make_unique<std::map<std::string, double>>();
        for (const auto& n : g.nodes) (*profile)[n.op] = 0;
    }
    for (int i : order) {
        const Impl::Node& node = g.nodes[i];
        if (fed[i]) continue;
        if (node.op == "Const") {
            values[i] = {node.value};
            continue;
        }
        if (node.op == "Placeholder") throw ModelError(g.file + ": input " + node.name + " was not fed");
        TfjsInputs in;
        for (const auto& ref : node.inputs) {
            if (ref.output >= static_cast<int>(values[ref.node].size()))
                throw ModelError(g.file + ": node " + node.name + " reads a missing output of " +
                                 g.nodes[ref.node].name);
            in.push_back(values[ref.node][ref.output]);
        }
        try {
            const auto t0 = std::chrono::steady_clock::now();
            values[i] = node.kernel(in, node.attrs);
            if (profile)
                profile->at(node.op) +=
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        } catch (const ModelError& e) {  // a kernel's own check names the node, not the file
            throw ModelError(g.file + ": " + e.what());
        } catch (const c10::Error& e) {  // without the C++ backtrace LibTorch appends to what()
            throw ModelError(g.file + ": op " + node.op + " failed at node " + node.name + ": " +
                             e.what_without_backtrace());
        } catch (const std::exception& e) {
            throw ModelError(g.file + ": op " + node.op + " failed at node " + node.name + ": " + e.what());
        }
        for (const auto& ref : node.inputs)  // release intermediate values nobody reads any more
            if (--uses[ref.node] == 0) values[ref.node].clear();
    }
    if (profile)
        for (const auto& [op, ms] : *profile)
            if (ms > 0) std::cerr << "[tfjs profile] " << op << " " << ms << " ms\n";
    std::map<std::string, torch::Tensor> result;
    for (std::size_t k = 0; k < outputs.size(); ++k) {
        const auto& v = values[wanted[k].node];
        if (wanted[k].output >= static_cast<int>(v.size()))
            throw ModelError(g.file + ": node " + g.nodes[wanted[k].node].name + " has no output " +
                             std::to_string(wanted[k].output));
        result[outputs[k]] = v[wanted[k].output];
    }
    return result;
}

TfjsGraph TfjsGraph::clone() const {
    auto copy = std::make_shared<Impl>(*impl_);
    for (auto& n : copy->nodes) {
        if (!n.value.defined()) continue;
        const bool grad = n.value.requires_grad();
        n.value = n.value.detach().clone();
        if (grad) n.value.set_requires_grad(true);
    }
    TfjsGraph g;
    g.impl_ = std::move(copy);
    return g;
}

std::vector<std::pair<std::string, torch::Tensor>> TfjsGraph::namedParameters() const {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& n : impl_->nodes)
        if (n.parameter) out.emplace_back(n.name, n.value);
    return out;
}

std::vector<torch::Tensor> TfjsGraph::parameters() const {
    std::vector<torch::Tensor> out;
    for (auto& [name, t] : namedParameters()) out.push_back(t);
    return out;
}

void TfjsGraph::setRequiresGrad(bool requiresGrad) {
    for (auto& n : impl_->nodes)
        if (n.parameter) n.value.set_requires_grad(requiresGrad);
}

void TfjsGraph::to(const torch::Device& device) {
    for (auto& n : impl_->nodes) {
        if (!n.value.defined()) continue;
        const bool grad = n.value.requires_grad();
        n.value = n.value.detach().to(device);
        if (grad) n.value.set_requires_grad(true);
    }
    impl_->device = device;
}

torch::Device TfjsGraph::device() const { return impl_->device; }

std::vector<std::string> TfjsGraph::inputNames() const {
    std::vector<std::string> out;
    for (const auto& n : impl_->nodes)
        if (n.op == "Placeholder") out.push_back(n.name);
    return out;
}

std::vector<std::string> TfjsGraph::outputNames() const { return impl_->topology.outputs; }

std::vector<int64_t> TfjsGraph::inputShape(const std::string& name) const {
    const auto& shapes = impl_->topology.inputShapes;
    const auto it = shapes.find(name);
    return it == shapes.end() ? std::vector<int64_t>{} : it->second;
}

bool TfjsGraph::hasNode(const std::string& name) const { return impl_->find(name) >= 0; }

std::string TfjsGraph::opOf(const std::string& name) const {
    const int i = impl_->find(name);
    if (i < 0) throw ModelError(impl_->file + ": no node named " + name);
    return impl_->nodes[i].op;
}

std::vector<std::string> TfjsGraph::inputsOf(const std::string& name) const {
    const int i = impl_->find(name);
    if (i < 0) throw ModelError(impl_->file + ": no node named " + name);
    std::vector<std::string> out;
    for (const auto& in : impl_->nodes[i].inputs) out.push_back(impl_->nodes[in.node].name);
    return out;
}

std::vector<std::string> TfjsGraph::nodeNames() const {
    std::vector<std::string> out;
    for (const auto& n : impl_->nodes) out.push_back(n.name);
    return out;
}

}  // namespace refpose
