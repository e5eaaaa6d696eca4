// Importing TF.js graph models: weights (float32, float16, uint8, several shards) and every
// way a model file can be broken.
#include "TestPaths.h"
#include "TfjsModelWriter.h"

#include "estimate/PoseEstimator.h"
#include "model/TfjsGraph.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <fstream>

namespace refpose {
namespace {

using test::constNode;
using test::opNode;
using test::placeholder;
using test::TinyWeight;

// y = x * w + b with w, b of 3 values.
std::filesystem::path writeAffine(const std::filesystem::path& dir, int shards = 1) {
    return test::writeTinyModel(dir,
                                {placeholder("x"), constNode("w"), constNode("b"), opNode("xw", "Mul", {"x", "w"}),
                                 opNode("y", "AddV2", {"xw", "b"})},
                                {{"w", {3}, {1, 2, 3}}, {"b", {3}, {10, 20, 30}}}, shards);
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const ModelError& e) {
        return e.what();
    }
    return "no ModelError";
}

TEST(TfjsGraphImport, RunsAnAffineGraphFromSeveralShards) {
    const auto model = writeAffine(test::freshTempDir(), 3);
    const TfjsGraph g = TfjsGraph::load(model);
    const auto out = g.run({{"x", torch::tensor({1.f, 1.f, 2.f})}}, {"y", "xw"});
    EXPECT_TRUE(torch::equal(out.at("y"), torch::tensor({11.f, 22.f, 36.f})));
    EXPECT_TRUE(torch::equal(out.at("xw"), torch::tensor({1.f, 2.f, 6.f})));
}

TEST(TfjsGraphImport, DequantisesFloat16AndUint8Weights) {
    const auto dir = test::freshTempDir();
    // float16: 1.0 = 0x3c00, -2.5 = 0xc100, 0.099975586 = 0x2e66; uint8: q * 0.5 + (-1).
    const std::string half("\x00\x3c\x00\xc1\x66\x2e", 6), bytes("\x00\x02\xff", 3);
    const auto model =
        test::writeTinyModel(dir, {constNode("h"), constNode("q")},
                             {{"h", {3}, {}, "float32", {{"dtype", "float16"}}, half},
                              {"q", {3}, {}, "float32", {{"dtype", "uint8"}, {"scale", 0.5}, {"min", -1.0}}, bytes}});
    const auto out = TfjsGraph::load(model).run({}, {"h", "q"});
    EXPECT_TRUE(torch::allclose(out.at("h"), torch::tensor({1.f, -2.5f, 0.099975586f})));
    EXPECT_TRUE(torch::equal(out.at("q"), torch::tensor({-1.f, 0.f, 126.5f})));
}

TEST(TfjsGraphImport, UnknownOpNamesTheOpAndTheNode) {
    const auto model =
        test::writeTinyModel(test::freshTempDir(), {placeholder("x"), opNode("odd", "FancyOp", {"x"})}, {});
    const std::string msg = errorOf([&] { TfjsGraph::load(model); });
    EXPECT_NE(msg.find("FancyOp"), std::string::npos) << msg;
    EXPECT_NE(msg.find("odd"), std::string::npos) << msg;
}

TEST(TfjsGraphImport, TruncatedShardNamesTheFile) {
    const auto dir = test::freshTempDir();
    const auto model = writeAffine(dir);
    std::filesystem::resize_file(dir / "group1-shard1of1.bin", 20);  // 24 bytes expected
    const std::string msg = errorOf([&] { TfjsGraph::load(model); });
    EXPECT_NE(msg.find("group1-shard1of1.bin"), std::string::npos) << msg;
    EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
}

TEST(TfjsGraphImport, ManifestLargerOrSmallerThanShardsIsRefused) {
    const auto dir = test::freshTempDir();
    const auto model = writeAffine(dir);
    std::ofstream(dir / "group1-shard1of1.bin", std::ios::app) << "extra";
    EXPECT_NE(errorOf([&] { TfjsGraph::load(model); }).find("group1-shard1of1.bin"), std::string::npos);
    std::filesystem::remove(dir / "group1-shard1of1.bin");
    // The missing shard, and the model.json that names it (tfjs_weights_fuzz's first finding).
    const std::string missing = errorOf([&] { TfjsGraph::load(model); });
    EXPECT_NE(missing.find("group1-shard1of1.bin: weight shard missing"), std::string::npos) << missing;
    EXPECT_NE(missing.find("(named by " + model.string() + ")"), std::string::npos) << missing;
}

// model.json may name weight shards only inside its own folder: "/dev/zero" used to be read
// until memory ran out, and "../../etc/passwd" was read (issue 15).
TEST(TfjsGraphImport, ShardPathsOutsideTheModelsFolderAreRefused) {
    const auto dir = test::freshTempDir();
    const auto model = writeAffine(dir);
    const auto withShard = [&](const std::string& path) {
        std::ifstream in(model);
        nlohmann::json j = nlohmann::json::parse(in);
        j["weightsManifest"][0]["paths"] = {path};
        std::ofstream(dir / "hostile.json") << j.dump();
        return errorOf([&] { TfjsGraph::load(dir / "hostile.json"); });
    };
    for (const std::string path : {"/dev/zero", "../../etc/passwd", "sub/../../x.bin"}) {
        const std::string msg = withShard(path);
        EXPECT_NE(msg.find("inside the model's folder"), std::string::npos) << path << ": " << msg;
    }
    std::filesystem::create_symlink("/dev/zero", dir / "zero.bin");  // inside, but not a file
    EXPECT_NE(withShard("zero.bin").find("not a file"), std::string::npos);
}

TEST(TfjsGraphImport, BrokenJsonNamesTheFile) {
    const auto dir = test::freshTempDir();
    std::ofstream(dir / "model.json") << "{\"modelTopology\": {\"node\": [";
    const std::string msg = errorOf([&] { TfjsGraph::load(dir / "model.json"); });
    EXPECT_NE(msg.find("model.json"), std::string::npos) << msg;
    EXPECT_NE(msg.find("JSON"), std::string::npos) << msg;
    std::ofstream(dir / "other.json") << R"({"format": "graph-model"})";
    EXPECT_NE(errorOf([&] { TfjsGraph::load(dir / "other.json"); }).find("other.json"), std::string::npos);
}

// A value of the wrong type or size names the file and where in it (the campaign of issue 15
// found "type must be number, but is string" with neither).
TEST(TfjsGraphImport, MalformedValuesNameTheirPlace) {
    const auto dir = test::freshTempDir();
    const auto model = writeAffine(dir);
    const auto withChange = [&](const std::function<void(nlohmann::json&)>& change) {
        std::ifstream in(model);
        nlohmann::json j = nlohmann::json::parse(in);
        change(j);
        std::ofstream(dir / "changed.json") << j.dump();
        return errorOf([&] { TfjsGraph::load(dir / "changed.json"); });
    };
    std::string msg = withChange([](nlohmann::json& j) { j["weightsManifest"][0]["weights"][1]["shape"][0] = "3"; });
    EXPECT_NE(msg.find("changed.json: malformed weightsManifest[0].weights[1]"), std::string::npos) << msg;
    msg = withChange([](nlohmann::json& j) { j["weightsManifest"][0]["paths"][0] = 7; });
    EXPECT_NE(msg.find("weightsManifest[0].paths"), std::string::npos) << msg;
    msg = withChange([](nlohmann::json& j) {
        j["weightsManifest"][0]["weights"][0]["shape"] = {1 << 30, 1 << 30, 1 << 30};
    });
    EXPECT_NE(msg.find("weight w has an impossible shape"), std::string::npos) << msg;
    msg = withChange([](nlohmann::json& j) { j["modelTopology"]["node"][3]["op"] = nlohmann::json::array(); });
    EXPECT_NE(msg.find("malformed graph model at modelTopology.node[3]"), std::string::npos) << msg;
    msg = withChange([](nlohmann::json& j) {
        j["signature"]["inputs"]["x"] = {{"name", "x"}, {"tensorShape", {{"dim", {{{"size", "many"}}}}}}};
    });
    EXPECT_NE(msg.find("malformed graph model at signature"), std::string::npos) << msg;
}

// An op that LibTorch refuses names the op and node; LibTorch's C++ backtrace stays out (a
// mutated model.json gave a 3,425-character message).
TEST(TfjsGraphImport, OpFailureNamesTheNodeWithoutABacktrace) {
    const TfjsGraph g = TfjsGraph::load(writeAffine(test::freshTempDir()));
    const std::string msg = errorOf([&] { g.run({{"x", torch::ones({4})}}, {"y"}); });
    EXPECT_NE(msg.find("op Mul failed at node xw: The size of tensor a (4) must match"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("Exception raised from"), std::string::npos) << msg;
    EXPECT_LT(msg.size(), 400u) << msg;
}

TEST(TfjsGraphImport, UnfedPlaceholderAndUnknownOutputAreErrors) {
    const TfjsGraph g = TfjsGraph::load(writeAffine(test::freshTempDir()));
    EXPECT_NE(errorOf([&] { g.run({}, {"y"}); }).find("x was not fed"), std::string::npos);
    EXPECT_NE(errorOf([&] { g.run({{"x", torch::ones({3})}}, {"nope"}); }).find("nope"), std::string::npos);
}

TEST(TfjsGraphImport, FeedingAnInnerNodeSkipsItsProducers) {
    const TfjsGraph g = TfjsGraph::load(writeAffine(test::freshTempDir()));
    // "x" is not fed: only "b" and the fed "xw" are needed.
    const auto out = g.run({{"xw", torch::zeros({3})}}, {"y"});
    EXPECT_TRUE(torch::equal(out.at("y"), torch::tensor({10.f, 20.f, 30.f})));
}

TEST(TfjsGraphImport, MoveNetWeightsAreTrainableParameters) {
    const auto file = test::modelsDir() / "movenet-lightning.json";
    REFPOSE_SKIP_UNLESS_EXISTS(file);
    TfjsGraph g = TfjsGraph::load(file);
    const auto params = g.namedParameters();
    ASSERT_GT(params.size(), 100u);
    g.setRequiresGrad(true);
    const auto out =
        g.run({{"input", torch::full({1, 192, 192, 3}, 128, torch::kInt32)}}, {"StatefulPartitionedCall/Sigmoid"});
    out.begin()->second.sum().backward();
    int withGradient = 0;
    for (const auto& p : g.parameters()) withGradient += p.grad().defined() && p.grad().abs().sum().item<float>() > 0;
    EXPECT_GT(withGradient, 100);
}

TEST(TfjsGraphImport, MoveNetFeatureMapsForTransferLearning) {
    for (const auto& [name, size] : {std::pair{"movenet-thunder", 256}, std::pair{"movenet-lightning", 192}}) {
        const auto file = test::modelsDir() / (std::string(name) + ".json");
        REFPOSE_SKIP_UNLESS_EXISTS(file);
        const TfjsGraph g = TfjsGraph::load(file);
        const std::string fpn = "StatefulPartitionedCall/center_net_mobile_net_v2fpn_feature_extractor/model_1/";
        const std::vector<std::pair<std::string, int>> nodes = {
            {fpn + "re_lu_2/Relu", 4},
            {fpn + "re_lu_1/Relu", 8},
            {fpn + "re_lu/Relu", 16},
            {"StatefulPartitionedCall/Sigmoid", 4},
            {"StatefulPartitionedCall/kpt_offset_0/conv2d_7/BiasAdd", 4}};
        std::vector<std::string> names;
        for (const auto& n : nodes) names.push_back(n.first);
        torch::NoGradGuard noGrad;
        // Two images at once through the float image node: batches work below the int32 placeholder.
        const auto out = g.run({{"StatefulPartitionedCall/stack", torch::full({2, size, size, 3}, 100.f)}}, names);
        for (const auto& [node, stride] : nodes) {
            const torch::Tensor t = out.at(node);
            std::cout << name << " " << node << " " << t.sizes() << "\n";
            ASSERT_EQ(t.dim(), 4);
            EXPECT_EQ(t.size(0), 2);
            EXPECT_EQ(t.size(1), size / stride) << node;
            EXPECT_EQ(t.size(2), size / stride) << node;
        }
        EXPECT_EQ(out.at("StatefulPartitionedCall/Sigmoid").size(3), 17);
    }
}

}  // namespace
}  // namespace refpose
