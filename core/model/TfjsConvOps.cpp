// Convolutions, transposed convolutions, average pooling and bilinear resizing with
// TensorFlow's padding and sampling rules.
#include "model/TfjsOps.h"

#include "model/ModelError.h"

#include <torch/torch.h>

#include <array>
#include <cmath>

namespace refpose {
namespace {

struct ConvGeometry {
    int64_t strideH = 1, strideW = 1, dilH = 1, dilW = 1;
    int64_t top = 0, bottom = 0, left = 0, right = 0;
};

ConvGeometry geometry(const torch::Tensor& x, const torch::Tensor& w, const TfjsAttrs& a) {
    if (a.getString("data_format", "NHWC") != "NHWC")
        throw ModelError("node " + a.nodeName() + ": only NHWC data_format is supported");
    if (x.dim() != 4) throw ModelError("node " + a.nodeName() + ": convolution input must be 4-D");
    ConvGeometry g;
    const auto s = a.getInts("strides"), d = a.getInts("dilations");
    if (s.size() == 4) {
        g.strideH = s[1];
        g.strideW = s[2];
    }
    if (d.size() == 4) {
        g.dilH = d[1];
        g.dilW = d[2];
    }
    const std::string padding = a.getString("padding", "VALID");
    if (padding == "SAME") {
        std::tie(g.top, g.bottom) = samePadding(x.size(1), w.size(2), g.strideH, g.dilH);
        std::tie(g.left, g.right) = samePadding(x.size(2), w.size(3), g.strideW, g.dilW);
    } else if (padding == "EXPLICIT") {
        const auto p = a.getInts("explicit_paddings");  // NHWC pairs: [0,0, t,b, l,r, 0,0]
        if (p.size() != 8) throw ModelError("node " + a.nodeName() + ": explicit_paddings needs 8 values");
        g.top = p[2];
        g.bottom = p[3];
        g.left = p[4];
        g.right = p[5];
    } else if (padding != "VALID") {
        throw ModelError("node " + a.nodeName() + ": unsupported padding " + padding);
    }
    return g;
}

// LibTorch's CPU convolution picks oneDNN only for "large" cases (batch > 1, several threads,
// big kernels); batch-1 1x1 convolutions on one thread fall back to im2col + the system BLAS,
// which is tens of times slower where that BLAS is the reference one (Debian's default).
// Inference on the CPU therefore calls oneDNN directly; with gradients, torch::conv2d keeps autograd.
bool useOneDnnDirectly(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& bias) {
    if (!at::hasMKLDNN() || !x.device().is_cpu() || x.scalar_type() != torch::kFloat32) return false;
    const bool needsGrad = x.requires_grad() || w.requires_grad() || (bias.defined() && bias.requires_grad());
    return !(torch::GradMode::is_enabled() && needsGrad);
}

// x: NHWC; w: OIHW (prepared). Returns NHWC.
torch::Tensor convolve(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& bias, const TfjsAttrs& a,
                       int64_t groups) {
    const ConvGeometry g = geometry(x, w, a);
    torch::Tensor xn = x.permute({0, 3, 1, 2});  // NCHW view of NHWC memory: channels-last
    int64_t padH = g.top, padW = g.left;
    if (g.top != g.bottom || g.left != g.right) {  // asymmetric (SAME with an odd total): pad explicitly
        xn = torch::constant_pad_nd(xn, {g.left, g.right, g.top, g.bottom}, 0);
        padH = padW = 0;
    }
    // Padding (and odd strides from upstream ops) can lose the channels-last format; LibTorch's
    // fast (oneDNN) CPU convolutions need it, the fallback (im2col + BLAS) is many times slower.
    xn = xn.contiguous(at::MemoryFormat::ChannelsLast);
    torch::Tensor y;
    if (useOneDnnDirectly(xn, w, bias)) {
        const c10::optional<at::Tensor> b = bias.defined() ? c10::optional<at::Tensor>(bias) : c10::nullopt;
        y = at::mkldnn_convolution(xn, w, b, {padH, padW}, {g.strideH, g.strideW}, {g.dilH, g.dilW}, groups);
    } else {
        y = torch::conv2d(xn, w, bias, {g.strideH, g.strideW}, {padH, padW}, {g.dilH, g.dilW}, groups);
    }
    return y.contiguous(at::MemoryFormat::ChannelsLast).permute({0, 2, 3, 1});
}

torch::Tensor activate(torch::Tensor y, const std::string& op, const TfjsAttrs& a) {
    if (op == "Relu") return torch::relu(y);
    if (op == "Relu6") return torch::clamp(y, 0, 6);
    if (op == "Elu") return torch::elu(y);
    if (op == "Sigmoid") return torch::sigmoid(y);
    if (op == "Tanh") return torch::tanh(y);
    if (op == "LeakyRelu") return torch::leaky_relu(y, a.getFloat("leakyrelu_alpha", 0.2f));
    throw ModelError("node " + a.nodeName() + ": unsupported fused activation " + op);
}

torch::Tensor fused(const TfjsInputs& in, const TfjsAttrs& a, bool depthwise) {
    const auto ops = a.getStrings("fused_ops");
    if (ops.empty() || ops[0] != "BiasAdd" || ops.size() > 2 || in.size() != 3)
        throw ModelError("node " + a.nodeName() + ": unsupported fused_ops (only BiasAdd[+activation])");
    const int64_t groups = depthwise ? in[0].size(3) : 1;
    torch::Tensor y = convolve(in[0], in[1], in[2], a, groups);  // bias fused into the convolution
    return ops.size() == 2 ? activate(y, ops[1], a) : y;
}

struct AxisSampling {
    torch::Tensor lower, upper, frac;  // source indices and interpolation weight per output index
};

// TF's spatial padding of a window op on NHWC input: {top, bottom, left, right}.
std::array<int64_t, 4> windowPadding(const torch::Tensor& x, int64_t kh, int64_t kw, int64_t sh, int64_t sw,
                                     const TfjsAttrs& a) {
    const std::string padding = a.getString("padding", "VALID");
    if (padding == "VALID") return {0, 0, 0, 0};
    if (padding != "SAME") throw ModelError("node " + a.nodeName() + ": unsupported padding " + padding);
    const auto [top, bottom] = samePadding(x.size(1), kh, sh, 1);
    const auto [left, right] = samePadding(x.size(2), kw, sw, 1);
    return {top, bottom, left, right};
}

AxisSampling sampling(int64_t in, int64_t out, bool alignCorners, bool halfPixel, const torch::Device& device) {
    const double scale = (alignCorners && out > 1) ? double(in - 1) / double(out - 1) : double(in) / double(out);
    std::vector<int64_t> lo(out), hi(out);
    std::vector<float> fr(out);
    for (int64_t i = 0; i < out; ++i) {
        const double src = halfPixel ? (i + 0.5) * scale - 0.5 : i * scale;
        const double f = std::floor(src);
        lo[i] = std::max<int64_t>(static_cast<int64_t>(f), 0);
        hi[i] = std::min<int64_t>(static_cast<int64_t>(std::ceil(src)), in - 1);
        fr[i] = static_cast<float>(src - f);
    }
    const auto opts = torch::TensorOptions().device(device);
    return {torch::tensor(lo, opts.dtype(torch::kLong)), torch::tensor(hi, opts.dtype(torch::kLong)),
            torch::tensor(fr, opts.dtype(torch::kFloat32))};
}

}  // namespace

std::pair<int64_t, int64_t> samePadding(int64_t in, int64_t kernel, int64_t stride, int64_t dilation) {
    const int64_t effective = (kernel - 1) * dilation + 1;
    const int64_t out = (in + stride - 1) / stride;
    const int64_t total = std::max<int64_t>((out - 1) * stride + effective - in, 0);
    return {total / 2, total - total / 2};
}

torch::Tensor prepareFilter(const torch::Tensor& f, FilterLayout layout) {
    if (f.dim() != 4) throw ModelError("convolution filter must be 4-D");
    if (layout == FilterLayout::Conv) return f.permute({3, 2, 0, 1}).contiguous();
    // [kh, kw, in, m] -> [in, m, kh, kw] -> [in*m, 1, kh, kw]: output channel c*m + k, as TF.
    return f.permute({2, 3, 0, 1}).reshape({f.size(2) * f.size(3), 1, f.size(0), f.size(1)}).contiguous();
}

std::vector<torch::Tensor> conv2dKernel(const TfjsInputs& in, const TfjsAttrs& a) {
    return {convolve(in[0], in[1], {}, a, 1)};
}
std::vector<torch::Tensor> fusedConv2dKernel(const TfjsInputs& in, const TfjsAttrs& a) { return {fused(in, a, false)}; }
std::vector<torch::Tensor> depthwiseKernel(const TfjsInputs& in, const TfjsAttrs& a) {
    return {convolve(in[0], in[1], {}, a, in[0].size(3))};
}
std::vector<torch::Tensor> fusedDepthwiseKernel(const TfjsInputs& in, const TfjsAttrs& a) {
    return {fused(in, a, true)};
}

// TF's ResizeBilinear: src = (dst + 0.5) * scale - 0.5 (half-pixel), dst * (in-1)/(out-1)
// (align corners) or dst * in/out (legacy); lower = max(floor, 0), upper = min(ceil, in-1).
std::vector<torch::Tensor> resizeBilinearKernel(const TfjsInputs& in, const TfjsAttrs& a) {
    const torch::Tensor& x = in[0];
    const auto size = tensorInts(in[1]);
    if (x.dim() != 4 || size.size() != 2)
        throw ModelError("node " + a.nodeName() + ": ResizeBilinear needs NHWC and [h, w]");
    const bool align = a.getBool("align_corners", false), half = a.getBool("half_pixel_centers", false);
    const torch::Tensor xf = x.to(torch::kFloat32);
    const AxisSampling sw = sampling(x.size(2), size[1], align, half, x.device());
    const AxisSampling sh = sampling(x.size(1), size[0], align, half, x.device());
    const torch::Tensor left = xf.index_select(2, sw.lower), right = xf.index_select(2, sw.upper);
    const torch::Tensor cols = left + (right - left) * sw.frac.view({1, 1, -1, 1});
    const torch::Tensor top = cols.index_select(1, sh.lower), bottom = cols.index_select(1, sh.upper);
    return {top + (bottom - top) * sh.frac.view({1, -1, 1, 1})};
}

}  // namespace refpose

namespace refpose {

// TF's AvgPool: the mean over each window's pixels inside the image (SAME padding is not
// counted), so the sum over the zero-padded window is divided by the count of real pixels.
std::vector<torch::Tensor> avgPoolKernel(const TfjsInputs& in, const TfjsAttrs& a) {
    const torch::Tensor& x = in[0];
    if (a.getString("data_format", "NHWC") != "NHWC")
        throw ModelError("node " + a.nodeName() + ": only NHWC data_format is supported");
    const auto k = a.getInts("ksize"), s = a.getInts("strides");
    if (x.dim() != 4 || k.size() != 4 || s.size() != 4 || k[0] != 1 || k[3] != 1)
        throw ModelError("node " + a.nodeName() + ": AvgPool needs NHWC input and 4-value ksize and strides over H, W");
    const auto [top, bottom, left, right] = windowPadding(x, k[1], k[2], s[1], s[2], a);
    const torch::Tensor xn = x.to(torch::kFloat32).permute({0, 3, 1, 2});
    if (top + bottom + left + right == 0)
        return {torch::avg_pool2d(xn, {k[1], k[2]}, {s[1], s[2]}).permute({0, 2, 3, 1})};
    const std::vector<int64_t> pad{left, right, top, bottom};
    const torch::Tensor sums = torch::avg_pool2d(torch::constant_pad_nd(xn, pad, 0), {k[1], k[2]}, {s[1], s[2]});
    const torch::Tensor ones = torch::ones({1, 1, x.size(1), x.size(2)}, xn.options());
    const torch::Tensor share = torch::avg_pool2d(torch::constant_pad_nd(ones, pad, 0), {k[1], k[2]}, {s[1], s[2]});
    return {(sums / share).permute({0, 2, 3, 1})};
}

// Conv2DBackpropInput(sizes, filter, dy): the gradient of a forward convolution of an input of
// `sizes` with `filter`. LibTorch's transposed convolution without padding gives the full
// result; the forward convolution's padding (SAME: the odd pixel at the end) is cropped off it,
// and rows the forward convolution never read (VALID with a remainder) are zeros.
std::vector<torch::Tensor> conv2dTransposeKernel(const TfjsInputs& in, const TfjsAttrs& a) {
    const auto sizes = tensorInts(in[0]);
    const torch::Tensor& w = in[1];
    const torch::Tensor& dy = in[2];
    if (sizes.size() != 4 || dy.dim() != 4 || w.dim() != 4 || w.size(0) != dy.size(3) || w.size(1) != sizes[3])
        throw ModelError("node " + a.nodeName() +
                         ": Conv2DBackpropInput needs NHWC sizes, a matching filter and input");
    // The forward convolution's input, shape only (meta tensor), gives its padding.
    const torch::Tensor forwardInput =
        torch::empty({sizes[0], sizes[1], sizes[2], sizes[3]}, torch::TensorOptions().device(torch::kMeta));
    const ConvGeometry g = geometry(forwardInput, w, a);
    torch::Tensor full =
        torch::conv_transpose2d(dy.permute({0, 3, 1, 2}), w, {}, {g.strideH, g.strideW}, 0, 0, 1, {g.dilH, g.dilW});
    const int64_t extraH = std::max<int64_t>(g.top + sizes[1] - full.size(2), 0);
    const int64_t extraW = std::max<int64_t>(g.left + sizes[2] - full.size(3), 0);
    if (extraH || extraW) full = torch::constant_pad_nd(full, {0, extraW, 0, extraH}, 0);
    const torch::Tensor y = full.slice(2, g.top, g.top + sizes[1]).slice(3, g.left, g.left + sizes[2]);
    return {y.permute({0, 2, 3, 1}).contiguous()};
}

}  // namespace refpose
