// The imported MoveNet against the original runtime: TF.js (pinned in tests/tfjs) runs the same
// model files on the same inputs in a child process; heatmaps and final keypoints must agree.
// Tolerances are justified in docs/adr/0100-tfjs-import.md.
#include "TestPaths.h"

#include "image/ImageLoader.h"
#include "model/TfjsGraph.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <fstream>

namespace refpose {
namespace {

constexpr const char* kHeatmaps = "StatefulPartitionedCall/Sigmoid";
constexpr const char* kKeypoints = "Identity";
constexpr float kHeatmapTolerance = 1e-4f;   // absolute, on sigmoid outputs in [0, 1]
constexpr float kKeypointTolerance = 1e-4f;  // on MoveNet's normalised [0, 1] coordinates and scores
// The selfie mask: its logits reach |900| and differ from TF.js's by at most 2.4e-5 of that
// (float32 summation order; the pooled and resized nodes inside agree to 1e-5 relative), so a
// logit near 0 moves the sigmoid by up to 6.3e-4 (measured, illustration 002): 1e-3 allowed.
constexpr float kMaskTolerance = 1e-3f;
// Mask pixels (of 65536) on the other side of the 0.5 threshold from TF.js's: measured 0.
constexpr int64_t kMaxFlippedMaskPixels = 2;

std::filesystem::path tfjsDir() { return test::sourceDir() / "tfjs"; }

// Input images: two illustrations (letterboxed, resized) and seeded noise; without the data
// beside the project, three noise images of different seeds.
torch::Tensor inputImage(int which, int size) {
    cv::Mat rgb(size, size, CV_8UC3);
    const auto file = test::sharedDir() / "illustrations-dev" / "images" / (which == 1 ? "002.png" : "018.png");
    if (which == 0 || !std::filesystem::exists(file)) {
        cv::RNG rng(7 + which);
        rng.fill(rgb, cv::RNG::UNIFORM, 0, 256);
    } else {
        const cv::Mat bgr = loadImage(file);
        const int side = std::max(bgr.cols, bgr.rows);
        cv::Mat square(side, side, CV_8UC3, cv::Scalar::all(0));
        bgr.copyTo(square(cv::Rect((side - bgr.cols) / 2, (side - bgr.rows) / 2, bgr.cols, bgr.rows)));
        cv::resize(square, rgb, cv::Size(size, size), 0, 0, cv::INTER_AREA);
        cv::cvtColor(rgb, rgb, cv::COLOR_BGR2RGB);
    }
    return torch::from_blob(rgb.data, {1, size, size, 3}, torch::kUInt8).to(torch::kInt32).clone();
}

// A graph's input node and the outputs compared.
struct GraphSignature {
    std::string input, dtype;  // dtype: "int32" or "float32"
    std::vector<std::string> outputs;
};
const GraphSignature kMoveNet{"input", "int32", {kHeatmaps, kKeypoints}};

// Runs TF.js once on all inputs; one map of output name -> tensor per input.
std::vector<std::map<std::string, torch::Tensor>> runTfjs(const std::filesystem::path& model,
                                                          const std::vector<torch::Tensor>& inputs,
                                                          const GraphSignature& signature = kMoveNet) {
    const auto dir = test::freshTempDir();
    std::string files;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const auto file = dir / ("input" + std::to_string(i) + ".bin");
        std::ofstream(file, std::ios::binary)
            .write(static_cast<const char*>(inputs[i].data_ptr()), inputs[i].numel() * 4);
        files += (i ? "," : "") + file.string();
    }
    const torch::Tensor& first = inputs.front();
    const std::string shape = std::to_string(first.size(0)) + "," + std::to_string(first.size(1)) + "," +
                              std::to_string(first.size(2)) + ",3";
    std::string cmd = "node \"" + (tfjsDir() / "run_graph.js").string() + "\" \"" + model.string() + "\" \"" +
                      (dir / "out").string() + "\" " + signature.input + " " + signature.dtype + " " + shape + " \"" +
                      files + "\"";
    for (const auto& output : signature.outputs) cmd += " " + output;
    cmd += " > \"" + (dir / "node.log").string() + "\" 2>&1";
    if (std::system(cmd.c_str()) != 0) {
        std::ifstream log(dir / "node.log");
        throw std::runtime_error("TF.js reference run failed: " + cmd + "\n" +
                                 std::string(std::istreambuf_iterator<char>(log), std::istreambuf_iterator<char>()));
    }
    std::vector<std::map<std::string, torch::Tensor>> results;
    const auto manifest = nlohmann::json::parse(std::ifstream(dir / "out" / "outputs.json"));
    for (std::size_t i = 0; i < manifest.size(); ++i) {
        results.emplace_back();
        for (std::size_t k = 0; k < manifest[i].size(); ++k) {
            torch::Tensor t = torch::empty(manifest[i][k]["shape"].get<std::vector<int64_t>>(), torch::kFloat32);
            std::ifstream in(dir / "out" / (std::to_string(i) + "-" + std::to_string(k) + ".bin"), std::ios::binary);
            in.read(static_cast<char*>(t.data_ptr()), t.numel() * 4);
            results.back()[manifest[i][k]["name"].get<std::string>()] = t;
        }
    }
    return results;
}

void expectParity(const std::string& name, int size) {
    REFPOSE_SKIP_UNLESS_EXISTS(test::modelsDir() / (name + ".json"));
    if (!std::filesystem::exists(tfjsDir() / "node_modules"))
        REFPOSE_SKIP_FOR_MISSING(tfjsDir() / "node_modules"
                                 << " is absent (run scripts/fetch-tfjs.sh)");
    const auto model = test::modelsDir() / (name + ".json");
    const TfjsGraph graph = TfjsGraph::load(model);
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> inputs;
    for (int which = 0; which < 3; ++which) inputs.push_back(inputImage(which, size));
    const auto reference = runTfjs(model, inputs);
    ASSERT_EQ(reference.size(), inputs.size());
    for (std::size_t which = 0; which < inputs.size(); ++which) {
        const auto ours = graph.run({{"input", inputs[which]}}, {kHeatmaps, kKeypoints});
        for (const auto& [node, tolerance] :
             {std::pair{kHeatmaps, kHeatmapTolerance}, std::pair{kKeypoints, kKeypointTolerance}}) {
            const torch::Tensor a = ours.at(node), b = reference[which].at(node);
            ASSERT_EQ(a.sizes(), b.sizes()) << name << " " << node;
            const float diff = (a - b).abs().max().item<float>();
            std::cout << name << " input " << which << " " << node << ": max |LibTorch - TF.js| = " << diff << "\n";
            EXPECT_LE(diff, tolerance) << name << " input " << which << " node " << node;
        }
    }
}

TEST(TfjsParity, ThunderMatchesTfjs) { expectParity("movenet-thunder", 256); }
TEST(TfjsParity, LightningMatchesTfjs) { expectParity("movenet-lightning", 192); }

// The selfie segmenter (the optional character-box source): its float input in [0, 1], the
// same three images; the mask after the sigmoid must agree as MoveNet's heatmaps do.
TEST(TfjsParity, SelfieSegmenterMatchesTfjs) {
    const auto model = test::modelsDir() / "selfie.json";
    REFPOSE_SKIP_UNLESS_EXISTS(model);
    if (!std::filesystem::exists(tfjsDir() / "node_modules"))
        REFPOSE_SKIP_FOR_MISSING(tfjsDir() / "node_modules"
                                 << " is absent (run scripts/fetch-tfjs.sh)");
    const GraphSignature selfie{"input_1", "float32", {"activation_10"}};
    const TfjsGraph graph = TfjsGraph::load(model);
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> inputs;
    for (int which = 0; which < 3; ++which) inputs.push_back(inputImage(which, 256).to(torch::kFloat32) / 255);
    const auto reference = runTfjs(model, inputs, selfie);
    ASSERT_EQ(reference.size(), inputs.size());
    for (std::size_t which = 0; which < inputs.size(); ++which) {
        const torch::Tensor a = graph.run({{"input_1", inputs[which]}}, {"activation_10"}).at("activation_10");
        const torch::Tensor b = reference[which].at("activation_10");
        ASSERT_EQ(a.sizes(), b.sizes());
        const float diff = (a - b).abs().max().item<float>();
        const int64_t flipped = ((a > 0.5) != (b > 0.5)).sum().item<int64_t>();
        std::cout << "selfie input " << which << ": max |LibTorch - TF.js| = " << diff
                  << ", pixels on the other side of 0.5: " << flipped
                  << ", mask share above 0.5 = " << (b > 0.5).to(torch::kFloat32).mean().item<float>() << "\n";
        EXPECT_LE(diff, kMaskTolerance) << "selfie input " << which;
        EXPECT_LE(flipped, kMaxFlippedMaskPixels) << "selfie input " << which;
    }
}

}  // namespace
}  // namespace refpose
