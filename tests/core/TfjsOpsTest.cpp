// TensorFlow semantics of the imported ops on cases small enough to check by hand.
#include "TestPaths.h"
#include "TfjsModelWriter.h"

#include "estimate/PoseEstimator.h"
#include "model/TfjsGraph.h"

#include <gtest/gtest.h>
#include <array>
#include <torch/torch.h>

namespace refpose {
namespace {

using test::constNode;
using test::opNode;
using test::placeholder;

// base64 of the attribute strings TF.js writes.
const std::string kSame = "U0FNRQ==", kValid = "VkFMSUQ=", kNhwc = "TkhXQw==", kBiasAdd = "Qmlhc0FkZA==",
                  kRelu6 = "UmVsdTY=";

nlohmann::json convAttrs(const std::string& padding, int stride) {
    return {{"padding", {{"s", padding}}},
            {"data_format", {{"s", kNhwc}}},
            {"strides", {{"list", {{"i", {"1", std::to_string(stride), std::to_string(stride), "1"}}}}}},
            {"dilations", {{"list", {{"i", {"1", "1", "1", "1"}}}}}}};
}

torch::Tensor runOne(const std::vector<nlohmann::json>& nodes, const std::vector<test::TinyWeight>& weights,
                     const torch::Tensor& x, const std::string& output = "y") {
    const TfjsGraph g = TfjsGraph::load(test::writeTinyModel(test::freshTempDir(), nodes, weights));
    return g.run({{"x", x}}, {output}).at(output);
}

torch::Tensor ramp4x4() { return torch::arange(1, 17, torch::kFloat32).reshape({1, 4, 4, 1}); }

TEST(TfjsOps, SamePaddingWithStrideTwoPadsTheExtraPixelBottomRight) {
    // 3x3 ones, stride 2 on a 4x4 ramp: TF pads 0 rows on top and 1 at the bottom (same for
    // columns), so output (0,0) sums rows/cols 0..2 of the ramp: 1+2+3+5+6+7+9+10+11 = 54.
    const auto y = runOne({placeholder("x"), constNode("w"), opNode("y", "Conv2D", {"x", "w"}, convAttrs(kSame, 2))},
                          {{"w", {3, 3, 1, 1}, std::vector<float>(9, 1.f)}}, ramp4x4());
    ASSERT_EQ(y.sizes(), torch::IntArrayRef({1, 2, 2, 1}));
    EXPECT_TRUE(torch::equal(y.flatten(), torch::tensor({54.f, 45.f, 72.f, 54.f})));
}

TEST(TfjsOps, ValidPaddingAndFusedBiasRelu6) {
    auto attrs = convAttrs(kValid, 1);
    attrs["fused_ops"] = {{"list", {{"s", {kBiasAdd, kRelu6}}}}};
    // 2x2 filter of 0.25 (a mean) minus 4: means 3.5, 4.5, 7.5 ... minus 4 -> clamped to [0, 6].
    const auto y =
        runOne({placeholder("x"), constNode("w"), constNode("b"), opNode("y", "_FusedConv2D", {"x", "w", "b"}, attrs)},
               {{"w", {2, 2, 1, 1}, {.25f, .25f, .25f, .25f}}, {"b", {1}, {-4.f}}}, ramp4x4());
    ASSERT_EQ(y.sizes(), torch::IntArrayRef({1, 3, 3, 1}));
    EXPECT_TRUE(torch::allclose(y.flatten(), torch::tensor({0.f, 0.5f, 1.5f, 3.5f, 4.5f, 5.5f, 6.f, 6.f, 6.f})));
}

// A kernel's own refusal names the model file as well as the node (the campaign of issue 15
// found "node ...: unsupported fused_ops" without the file).
TEST(TfjsOps, AKernelsRefusalNamesTheModelFileAndTheNode) {
    auto attrs = convAttrs(kValid, 1);
    attrs["fused_ops"] = {{"list", {{"s", {kRelu6}}}}};
    const auto dir = test::freshTempDir();
    const auto model = test::writeTinyModel(
        dir, {placeholder("x"), constNode("w"), constNode("b"), opNode("y", "_FusedConv2D", {"x", "w", "b"}, attrs)},
        {{"w", {2, 2, 1, 1}, {.25f, .25f, .25f, .25f}}, {"b", {1}, {-4.f}}});
    const TfjsGraph g = TfjsGraph::load(model);
    try {
        g.run({{"x", ramp4x4()}}, {"y"});
        FAIL() << "an unsupported fused_ops ran";
    } catch (const ModelError& e) {
        EXPECT_NE(std::string(e.what()).find(model.string() + ": node y: unsupported fused_ops"), std::string::npos)
            << e.what();
    }
}

TEST(TfjsOps, DepthwiseMultiplierOrdersChannelsAsTensorFlow) {
    // Channels (1, 10), multiplier 2, filter [1,1,2,2] = {{2,3},{4,5}}: output c*2+m = 2, 3, 40, 50.
    auto attrs = convAttrs(kSame, 1);
    const auto y = runOne({placeholder("x"), constNode("w"), opNode("y", "DepthwiseConv2dNative", {"x", "w"}, attrs)},
                          {{"w", {1, 1, 2, 2}, {2, 3, 4, 5}}}, torch::tensor({1.f, 10.f}).reshape({1, 1, 1, 2}));
    EXPECT_TRUE(torch::equal(y.flatten(), torch::tensor({2.f, 3.f, 40.f, 50.f})));
}

torch::Tensor resize(bool alignCorners, bool halfPixel) {
    const nlohmann::json attrs = {{"align_corners", {{"b", alignCorners}}}, {"half_pixel_centers", {{"b", halfPixel}}}};
    const std::string size(reinterpret_cast<const char*>(std::array<int32_t, 2>{1, 4}.data()), 8);
    return runOne(
               {placeholder("x"), constNode("size", "DT_INT32"), opNode("y", "ResizeBilinear", {"x", "size"}, attrs)},
               {{"size", {2}, {}, "int32", nullptr, size}}, torch::tensor({0.f, 1.f}).reshape({1, 1, 2, 1}))
        .flatten();
}

TEST(TfjsOps, ResizeBilinearHalfPixelAlignCornersAndLegacy) {
    // Width 2 -> 4 of [0, 1]. Half-pixel: src = (i + .5) / 2 - .5 = -.25, .25, .75, 1.25.
    EXPECT_TRUE(torch::allclose(resize(false, true), torch::tensor({0.f, .25f, .75f, 1.f})));
    // Align corners: src = i / 3.
    EXPECT_TRUE(torch::allclose(resize(true, false), torch::tensor({0.f, 1.f / 3, 2.f / 3, 1.f})));
    // Legacy: src = i / 2, clamped at the last pixel.
    EXPECT_TRUE(torch::allclose(resize(false, false), torch::tensor({0.f, .5f, 1.f, 1.f})));
}

TEST(TfjsOps, ArgMaxFloorDivAndGatherNdAsInMoveNetsDecoder) {
    const std::string axis("\x01\x00\x00\x00", 4), three("\x03\x00\x00\x00", 4),
        rows("\x00\x00\x00\x00\x01\x00\x00\x00", 8);
    const std::vector<nlohmann::json> nodes = {
        placeholder("x"),
        constNode("axis", "DT_INT32"),
        constNode("three", "DT_INT32"),
        constNode("rows", "DT_INT32"),
        opNode("am", "ArgMax", {"x", "axis"}, {{"output_type", {{"type", "DT_INT32"}}}}),
        opNode("q", "FloorDiv", {"am", "three"}),
        opNode("idx", "Pack", {"rows", "am"}, {{"axis", {{"i", "1"}}}}),
        opNode("y", "GatherNd", {"x", "idx"})};
    // Row 0 peaks at column 4 (value 5), row 1 at column 0 (value 9): indices (0, 4) and (1, 0).
    const torch::Tensor x = torch::tensor({1.f, 0.f, 0.f, 0.f, 5.f, 9.f, 0.f, 0.f, 0.f, 0.f}).reshape({2, 5});
    const TfjsGraph g = TfjsGraph::load(test::writeTinyModel(test::freshTempDir(), nodes,
                                                             {{"axis", {}, {}, "int32", nullptr, axis},
                                                              {"three", {}, {}, "int32", nullptr, three},
                                                              {"rows", {2}, {}, "int32", nullptr, rows}}));
    const auto out = g.run({{"x", x}}, {"am", "q", "y"});
    EXPECT_TRUE(torch::equal(out.at("am"), torch::tensor({4, 0}, torch::kInt32)));
    EXPECT_TRUE(torch::equal(out.at("q"), torch::tensor({1, 0}, torch::kInt32)));
    EXPECT_TRUE(torch::equal(out.at("y"), torch::tensor({5.f, 9.f})));
}

nlohmann::json poolAttrs(const std::string& padding, int size, int stride) {
    auto attrs = convAttrs(padding, stride);
    attrs.erase("dilations");
    attrs["ksize"] = {{"list", {{"i", {"1", std::to_string(size), std::to_string(size), "1"}}}}};
    return attrs;
}

TEST(TfjsOps, AvgPoolValidAndSameCountsOnlyRealPixels) {
    // VALID 2x2 stride 2 on the ramp: means of (1,2,5,6), (3,4,7,8), (9,10,13,14), (11,12,15,16).
    const auto valid =
        runOne({placeholder("x"), opNode("y", "AvgPool", {"x"}, poolAttrs(kValid, 2, 2))}, {}, ramp4x4());
    ASSERT_EQ(valid.sizes(), torch::IntArrayRef({1, 2, 2, 1}));
    EXPECT_TRUE(torch::allclose(valid.flatten(), torch::tensor({3.5f, 5.5f, 11.5f, 13.5f})));
    // SAME 3x3 stride 1: TF averages over the pixels inside the image only, so the corner is
    // mean(1, 2, 5, 6) = 3.5 (not 14 / 9) and pixel (1, 1) is mean(1..3, 5..7, 9..11) = 6.
    const auto same = runOne({placeholder("x"), opNode("y", "AvgPool", {"x"}, poolAttrs(kSame, 3, 1))}, {}, ramp4x4());
    ASSERT_EQ(same.sizes(), torch::IntArrayRef({1, 4, 4, 1}));
    EXPECT_FLOAT_EQ(same[0][0][0][0].item<float>(), 3.5f);
    EXPECT_FLOAT_EQ(same[0][1][1][0].item<float>(), 6.f);
    EXPECT_FLOAT_EQ(same[0][3][3][0].item<float>(), (11.f + 12 + 15 + 16) / 4);
}

TEST(TfjsOps, AddNSumsEveryInput) {
    const auto y =
        runOne({placeholder("x"), constNode("c"), opNode("y", "AddN", {"x", "c", "x"}, {{"N", {{"i", "3"}}}})},
               {{"c", {2}, {10.f, 20.f}}}, torch::tensor({1.f, 2.f}));
    EXPECT_TRUE(torch::equal(y, torch::tensor({12.f, 24.f})));
}

torch::Tensor transposed(const std::vector<int64_t>& filterShape, const std::vector<float>& filter, int stride,
                         const torch::Tensor& dy, const std::vector<int32_t>& outputSize) {
    const std::string sizes(reinterpret_cast<const char*>(outputSize.data()), outputSize.size() * 4);
    return runOne({placeholder("x"), constNode("sizes", "DT_INT32"), constNode("w"),
                   opNode("y", "Conv2DBackpropInput", {"sizes", "w", "x"}, convAttrs(kSame, stride))},
                  {{"sizes", {4}, {}, "int32", nullptr, sizes}, {"w", filterShape, filter}}, dy);
}

TEST(TfjsOps, Conv2DBackpropInputScattersEachInputThroughTheFilter) {
    // 2x2 filter, stride 2 (the selfie segmenter's last layer): no padding, each input pixel
    // v writes v * filter into its own 2x2 block.
    const auto dy = torch::tensor({1.f, 2.f, 3.f, 4.f}).reshape({1, 2, 2, 1});
    const auto y = transposed({2, 2, 1, 1}, {1, 10, 100, 1000}, 2, dy, {1, 4, 4, 1});
    ASSERT_EQ(y.sizes(), torch::IntArrayRef({1, 4, 4, 1}));
    EXPECT_TRUE(torch::equal(y.flatten(), torch::tensor({1.f, 10.f, 2.f, 20.f, 100.f, 1000.f, 200.f, 2000.f,  //
                                                         3.f, 30.f, 4.f, 40.f, 300.f, 3000.f, 400.f, 4000.f})));
    // 3x3 ones, stride 2, SAME for a 4x4 result: the forward convolution pads 0 before and 1
    // after, so row/column 2 is read by both input rows/columns and row/column 3 by the second:
    // y(0,0) = 1, y(0,2) = 1 + 2, y(2,2) = 1 + 2 + 3 + 4, y(2,0) = 1 + 3, y(3,3) = 4.
    const auto z = transposed({3, 3, 1, 1}, std::vector<float>(9, 1.f), 2, dy, {1, 4, 4, 1});
    ASSERT_EQ(z.sizes(), torch::IntArrayRef({1, 4, 4, 1}));
    EXPECT_EQ(z[0][0][0][0].item<float>(), 1.f);
    EXPECT_EQ(z[0][0][2][0].item<float>(), 3.f);
    EXPECT_EQ(z[0][2][2][0].item<float>(), 10.f);
    EXPECT_EQ(z[0][2][0][0].item<float>(), 4.f);
    EXPECT_EQ(z[0][3][3][0].item<float>(), 4.f);
}

TEST(TfjsOps, Conv2DBackpropInputChannelsFollowTheForwardFilter) {
    // Filter [1, 1, result channels 2, input channels 1] = {2, 3}: result channel c = dy * filter[c].
    const auto y = transposed({1, 1, 2, 1}, {2, 3}, 1, torch::tensor({5.f}).reshape({1, 1, 1, 1}), {1, 1, 1, 2});
    EXPECT_TRUE(torch::equal(y.flatten(), torch::tensor({10.f, 15.f})));
    EXPECT_THROW(transposed({1, 1, 3, 1}, {1, 2, 3}, 1, torch::ones({1, 1, 1, 1}), {1, 1, 1, 2}), ModelError);
}

}  // namespace
}  // namespace refpose
