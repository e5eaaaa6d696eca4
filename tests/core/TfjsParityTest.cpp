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

std::filesystem::path tfjsDir() { return test::sourceDir() / "tfjs"; }

// Input images: two illustrations (letterboxed, resized) and seeded noise.
torch::Tensor inputImage(int which, int size) {
    cv::Mat rgb(size, size, CV_8UC3);
    if (which == 0) {
        cv::RNG rng(7);
        rng.fill(rgb, cv::RNG::UNIFORM, 0, 256);
    } else {
        const auto file = test::sharedDir() / "illustrations-dev" / "images" / (which == 1 ? "002.png" : "018.png");
        const cv::Mat bgr = loadImage(file);
        const int side = std::max(bgr.cols, bgr.rows);
        cv::Mat square(side, side, CV_8UC3, cv::Scalar::all(0));
        bgr.copyTo(square(cv::Rect((side - bgr.cols) / 2, (side - bgr.rows) / 2, bgr.cols, bgr.rows)));
        cv::resize(square, rgb, cv::Size(size, size), 0, 0, cv::INTER_AREA);
        cv::cvtColor(rgb, rgb, cv::COLOR_BGR2RGB);
    }
    return torch::from_blob(rgb.data, {1, size, size, 3}, torch::kUInt8).to(torch::kInt32).clone();
}

std::map<std::string, torch::Tensor> runTfjs(const std::filesystem::path& model, const torch::Tensor& input) {
    const auto dir = test::freshTempDir();
    {
        std::ofstream out(dir / "input.bin", std::ios::binary);
        out.write(static_cast<const char*>(input.data_ptr()), input.numel() * 4);
    }
    const std::string shape = std::to_string(input.size(0)) + "," + std::to_string(input.size(1)) + "," +
                              std::to_string(input.size(2)) + ",3";
    const std::string cmd = "node \"" + (tfjsDir() / "run_graph.js").string() + "\" \"" + model.string() + "\" \"" +
                            (dir / "out").string() + "\" input int32 " + shape + " \"" + (dir / "input.bin").string() +
                            "\" " + kHeatmaps + " " + kKeypoints + " 2>&1";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("TF.js reference run failed: " + cmd);
    std::map<std::string, torch::Tensor> result;
    const auto manifest = nlohmann::json::parse(std::ifstream(dir / "out" / "outputs.json"));
    for (std::size_t k = 0; k < manifest.size(); ++k) {
        const auto shapeOut = manifest[k]["shape"].get<std::vector<int64_t>>();
        torch::Tensor t = torch::empty(shapeOut, torch::kFloat32);
        std::ifstream in(dir / "out" / (std::to_string(k) + ".bin"), std::ios::binary);
        in.read(static_cast<char*>(t.data_ptr()), t.numel() * 4);
        result[manifest[k]["name"].get<std::string>()] = t;
    }
    return result;
}

void expectParity(const std::string& name, int size) {
    REFPOSE_SKIP_UNLESS_EXISTS(test::modelsDir() / (name + ".json"));
    REFPOSE_SKIP_UNLESS_EXISTS(test::sharedDir() / "illustrations-dev");
    if (!std::filesystem::exists(tfjsDir() / "node_modules"))
        GTEST_SKIP() << "skipped: " << tfjsDir() / "node_modules" << " is absent (run scripts/fetch-tfjs.sh)";
    const auto model = test::modelsDir() / (name + ".json");
    const TfjsGraph graph = TfjsGraph::load(model);
    torch::NoGradGuard noGrad;
    for (int which = 0; which < 3; ++which) {
        const torch::Tensor input = inputImage(which, size);
        const auto ours = graph.run({{"input", input}}, {kHeatmaps, kKeypoints});
        const auto theirs = runTfjs(model, input);
        for (const auto& [node, tolerance] : {std::pair{kHeatmaps, kHeatmapTolerance}, std::pair{kKeypoints, kKeypointTolerance}}) {
            const torch::Tensor a = ours.at(node), b = theirs.at(node);
            ASSERT_EQ(a.sizes(), b.sizes()) << name << " " << node;
            const float diff = (a - b).abs().max().item<float>();
            std::cout << name << " input " << which << " " << node << ": max |LibTorch - TF.js| = " << diff << "\n";
            EXPECT_LE(diff, tolerance) << name << " input " << which << " node " << node;
        }
    }
}

TEST(TfjsParity, ThunderMatchesTfjs) { expectParity("movenet-thunder", 256); }
TEST(TfjsParity, LightningMatchesTfjs) { expectParity("movenet-lightning", 192); }

}  // namespace
}  // namespace refpose
