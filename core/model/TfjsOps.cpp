// Element-wise, shape and indexing ops; the registry of every supported op.
#include "model/TfjsOps.h"

#include "model/ModelError.h"

#include <torch/torch.h>

#include <map>

namespace refpose {
namespace {

using Out = std::vector<torch::Tensor>;

int64_t normaliseAxis(int64_t axis, int64_t rank, const TfjsAttrs& a) {
    const int64_t r = axis < 0 ? axis + rank : axis;
    if (r < 0 || r >= rank)
        throw ModelError("node " + a.nodeName() + ": axis " + std::to_string(axis) + " out of range");
    return r;
}

Out identity(const TfjsInputs& in, const TfjsAttrs&) { return {in[0]}; }
Out cast(const TfjsInputs& in, const TfjsAttrs& a) { return {in[0].to(a.getType("DstT", torch::kFloat32))}; }
Out sub(const TfjsInputs& in, const TfjsAttrs&) { return {in[0] - in[1]}; }
Out mul(const TfjsInputs& in, const TfjsAttrs&) { return {in[0] * in[1]}; }
Out add(const TfjsInputs& in, const TfjsAttrs&) { return {in[0] + in[1]}; }
Out realDiv(const TfjsInputs& in, const TfjsAttrs&) { return {in[0] / in[1]}; }
Out floorDiv(const TfjsInputs& in, const TfjsAttrs&) { return {torch::div(in[0], in[1], "floor")}; }
Out squaredDifference(const TfjsInputs& in, const TfjsAttrs&) { return {(in[0] - in[1]).square()}; }
Out sqrt(const TfjsInputs& in, const TfjsAttrs&) { return {torch::sqrt(in[0])}; }
Out sigmoid(const TfjsInputs& in, const TfjsAttrs&) { return {torch::sigmoid(in[0])}; }
Out relu(const TfjsInputs& in, const TfjsAttrs&) { return {torch::relu(in[0])}; }
Out relu6(const TfjsInputs& in, const TfjsAttrs&) { return {torch::clamp(in[0], 0, 6)}; }
Out maximum(const TfjsInputs& in, const TfjsAttrs&) { return {torch::maximum(in[0], in[1])}; }
Out minimum(const TfjsInputs& in, const TfjsAttrs&) { return {torch::minimum(in[0], in[1])}; }
Out biasAdd(const TfjsInputs& in, const TfjsAttrs&) { return {in[0] + in[1]}; }

Out addN(const TfjsInputs& in, const TfjsAttrs& a) {
    if (in.empty()) throw ModelError("node " + a.nodeName() + ": AddN needs at least one input");
    torch::Tensor sum = in[0];
    for (std::size_t i = 1; i < in.size(); ++i) sum = sum + in[i];
    return {sum};
}

Out unpack(const TfjsInputs& in, const TfjsAttrs& a) {
    const auto parts = torch::unbind(in[0], normaliseAxis(a.getInt("axis", 0), in[0].dim(), a));
    return {parts.begin(), parts.end()};
}

Out expandDims(const TfjsInputs& in, const TfjsAttrs& a) {
    const auto dims = tensorInts(in[1]);
    if (dims.size() != 1) throw ModelError("node " + a.nodeName() + ": ExpandDims needs one axis");
    return {in[0].unsqueeze(normaliseAxis(dims[0], in[0].dim() + 1, a))};
}

Out squeeze(const TfjsInputs& in, const TfjsAttrs& a) {
    auto dims = a.getInts("squeeze_dims");
    if (dims.empty()) return {in[0].squeeze()};
    for (auto& d : dims) d = normaliseAxis(d, in[0].dim(), a);
    std::sort(dims.rbegin(), dims.rend());
    torch::Tensor t = in[0];
    for (int64_t d : dims) {
        if (t.size(d) != 1)
            throw ModelError("node " + a.nodeName() + ": cannot squeeze a dimension of size " +
                             std::to_string(t.size(d)));
        t = t.squeeze(d);
    }
    return {t};
}

Out reshape(const TfjsInputs& in, const TfjsAttrs&) { return {in[0].reshape(tensorInts(in[1]))}; }

Out argMax(const TfjsInputs& in, const TfjsAttrs& a) {
    const auto axis = tensorInts(in[1]);
    const int64_t d = normaliseAxis(axis.at(0), in[0].dim(), a);
    return {torch::argmax(in[0], d).to(a.getType("output_type", torch::kInt64))};
}

Out pack(const TfjsInputs& in, const TfjsAttrs& a) {
    return {torch::stack(in, normaliseAxis(a.getInt("axis", 0), in[0].dim() + 1, a))};
}

Out concat(const TfjsInputs& in, const TfjsAttrs& a) {
    const TfjsInputs parts(in.begin(), in.end() - 1);
    return {torch::cat(parts, normaliseAxis(tensorInts(in.back()).at(0), parts.at(0).dim(), a))};
}

// GatherNd: indices [..., K] address the first K dimensions of params.
Out gatherNd(const TfjsInputs& in, const TfjsAttrs& a) {
    const torch::Tensor& params = in[0];
    const torch::Tensor idx = in[1].to(torch::kLong);
    const int64_t k = idx.size(-1);
    if (k > params.dim()) throw ModelError("node " + a.nodeName() + ": GatherNd index depth exceeds rank");
    std::vector<int64_t> flatShape{1}, outShape(idx.sizes().begin(), idx.sizes().end() - 1);
    for (int64_t d = 0; d < k; ++d) flatShape[0] *= params.size(d);
    for (int64_t d = k; d < params.dim(); ++d) {
        flatShape.push_back(params.size(d));
        outShape.push_back(params.size(d));
    }
    torch::Tensor linear = torch::zeros(idx.sizes().slice(0, idx.dim() - 1), idx.options());
    for (int64_t d = 0; d < k; ++d) linear = linear * params.size(d) + idx.select(-1, d);
    if (linear.numel() && (linear.min().item<int64_t>() < 0 || linear.max().item<int64_t>() >= flatShape[0]))
        throw ModelError("node " + a.nodeName() + ": GatherNd index out of range");
    return {params.reshape(flatShape).index_select(0, linear.reshape(-1)).reshape(outShape)};
}

const std::map<std::string, TfjsKernel>& kernels() {
    static const std::map<std::string, TfjsKernel> k = {
        {"Identity", identity},
        {"Cast", cast},
        {"Sub", sub},
        {"Mul", mul},
        {"AddV2", add},
        {"Add", add},
        {"RealDiv", realDiv},
        {"FloorDiv", floorDiv},
        {"SquaredDifference", squaredDifference},
        {"Sqrt", sqrt},
        {"Sigmoid", sigmoid},
        {"Relu", relu},
        {"Relu6", relu6},
        {"Maximum", maximum},
        {"Minimum", minimum},
        {"BiasAdd", biasAdd},
        {"AddN", addN},
        {"Unpack", unpack},
        {"ExpandDims", expandDims},
        {"Squeeze", squeeze},
        {"Reshape", reshape},
        {"ArgMax", argMax},
        {"Pack", pack},
        {"ConcatV2", concat},
        {"GatherNd", gatherNd},
        {"Conv2D", conv2dKernel},
        {"_FusedConv2D", fusedConv2dKernel},
        {"DepthwiseConv2dNative", depthwiseKernel},
        {"FusedDepthwiseConv2dNative", fusedDepthwiseKernel},
        {"ResizeBilinear", resizeBilinearKernel},
        {"AvgPool", avgPoolKernel},
        {"Conv2DBackpropInput", conv2dTransposeKernel},
    };
    return k;
}

}  // namespace

TfjsKernel findTfjsKernel(const std::string& op) {
    const auto it = kernels().find(op);
    return it == kernels().end() ? nullptr : it->second;
}

FilterLayout filterLayoutOf(const std::string& op) {
    // Conv2DBackpropInput (a transposed convolution) stores its filter as the forward
    // convolution's [kh, kw, out, in]: the same OIHW conversion gives LibTorch's transposed layout.
    if (op == "Conv2D" || op == "_FusedConv2D" || op == "Conv2DBackpropInput") return FilterLayout::Conv;
    if (op == "DepthwiseConv2dNative" || op == "FusedDepthwiseConv2dNative") return FilterLayout::Depthwise;
    return FilterLayout::None;
}

std::vector<int64_t> tensorInts(const torch::Tensor& t) {
    const torch::Tensor c = t.to(torch::kCPU, torch::kLong).contiguous().reshape(-1);
    return {c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel()};
}

}  // namespace refpose
