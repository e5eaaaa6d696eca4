#pragma once
// TensorFlow op kernels on LibTorch tensors, with TensorFlow's exact semantics. Tensors keep
// TensorFlow's NHWC layout; convolutions view it as NCHW in channels-last memory (a free
// permute), so no op ever copies data to change layout (docs/adr/0100-tfjs-import.md).

#include "model/TfjsAttrs.h"

#include <torch/types.h>

#include <string>
#include <vector>

namespace refpose {

using TfjsInputs = std::vector<torch::Tensor>;
using TfjsKernel = std::vector<torch::Tensor> (*)(const TfjsInputs&, const TfjsAttrs&);

// The kernel of an op, or nullptr when the importer does not support it.
TfjsKernel findTfjsKernel(const std::string& op);

// How a convolution wants its filter (input 1) stored. Filters are converted once at load.
enum class FilterLayout { None, Conv, Depthwise };
FilterLayout filterLayoutOf(const std::string& op);
// TF filter [kh, kw, in, out] (Conv) or [kh, kw, in, multiplier] (Depthwise) -> LibTorch OIHW.
torch::Tensor prepareFilter(const torch::Tensor& tfFilter, FilterLayout layout);

// Kernels of TfjsConvOps.cpp (convolutions and resizing), registered by findTfjsKernel.
std::vector<torch::Tensor> conv2dKernel(const TfjsInputs& in, const TfjsAttrs& a);
std::vector<torch::Tensor> fusedConv2dKernel(const TfjsInputs& in, const TfjsAttrs& a);
std::vector<torch::Tensor> depthwiseKernel(const TfjsInputs& in, const TfjsAttrs& a);
std::vector<torch::Tensor> fusedDepthwiseKernel(const TfjsInputs& in, const TfjsAttrs& a);
std::vector<torch::Tensor> resizeBilinearKernel(const TfjsInputs& in, const TfjsAttrs& a);
std::vector<torch::Tensor> avgPoolKernel(const TfjsInputs& in, const TfjsAttrs& a);
// Conv2DBackpropInput: inputs (output size, filter, gradient) = a transposed convolution.
std::vector<torch::Tensor> conv2dTransposeKernel(const TfjsInputs& in, const TfjsAttrs& a);

// TensorFlow's SAME padding for one spatial dimension: {before, after}; the odd pixel goes after.
std::pair<int64_t, int64_t> samePadding(int64_t in, int64_t kernel, int64_t stride, int64_t dilation);

// Values of a small integer tensor (shapes, axes).
std::vector<int64_t> tensorInts(const torch::Tensor& t);

}  // namespace refpose
