// User story: `refpose-cli estimate <rendered figure> --json -` prints 25 points near the
// figure's true keypoints (the renderer knows them exactly).
#include "RunCommand.h"
#include "TestPaths.h"

#include "render/FigureRenderer.h"
#include "render/SkeletonSource.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cmath>

namespace refpose {
namespace {

// A body point is "near" when within this share of the figure box's longest side (the COCO
// OKS scale of a shoulder at ks = 0.5 is about 0.09; MoveNet's heatmap cell is 1/64 of its crop).
constexpr float kNearShare = 0.08f;
// At least this many of the 12 shoulder-to-ankle points must be near, per figure.
constexpr int kMinNearBodyPoints = 11;
constexpr int kFigureSize = 512;  // rendered image side, pixels

TEST(EstimateRenderedFigure, CliFindsTheTrueKeypointsOfRenderedFigures) {
    REFPOSE_SKIP_UNLESS_EXISTS(test::modelsDir() / "movenet-thunder.json");
    const auto dir = test::freshTempDir();
    for (const std::string wanted : {"standing", "arms-raised"}) {
        const auto& poses = builtinPoses();
        const auto it = std::find_if(poses.begin(), poses.end(), [&](const NamedPose& p) { return p.name == wanted; });
        ASSERT_NE(it, poses.end()) << wanted;
        const RenderedFigure figure =
            renderFigure(fitToImage(it->pose, kFigureSize, kFigureSize),
                         {.seed = 5, .width = kFigureSize, .height = kFigureSize, .background = BackgroundKind::Plain});
        const auto file = dir / (wanted + ".png");
        ASSERT_TRUE(cv::imwrite(file.string(), figure.image));
        const auto run =
            test::runCommand("REFPOSE_MODELS_DIR=\"" + test::modelsDir().string() + "\" \"" + test::cliPath().string() +
                             "\" estimate \"" + file.string() + "\" --json - 2>/dev/null");
        ASSERT_EQ(run.exitCode, 0) << run.output;
        const auto points = nlohmann::json::parse(run.output)["results"][0]["keypoints"];
        ASSERT_EQ(points.size(), kNumKeypoints);
        const float scale = figure.pose.box.longestSide();
        int near = 0;
        for (std::size_t i = idx(Kp::LeftShoulder); i < kNumCocoKeypoints; ++i) {
            const float d = std::hypot(points[i]["x"].get<float>() - figure.pose.kp[i].x,
                                       points[i]["y"].get<float>() - figure.pose.kp[i].y);
            std::cout << wanted << " " << kKeypointNames[i] << ": " << d / scale << " of the box\n";
            near += d <= kNearShare * scale;
        }
        EXPECT_GE(near, kMinNearBodyPoints) << wanted;
    }
}

}  // namespace
}  // namespace refpose
