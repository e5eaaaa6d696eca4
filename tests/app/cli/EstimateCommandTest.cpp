// refpose-cli estimate end to end: JSON with 25 named points, drawings, unreadable images.
#include "TestPaths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sys/wait.h>

namespace refpose {
namespace {

int runCli(const std::string& args, const std::filesystem::path& log, const std::string& env = "") {
    const std::string cmd = env + "\"" + test::cliPath().string() + "\" " + args + " > \"" + log.string() + "\" 2>&1";
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string slurp(const std::filesystem::path& f) {
    std::ifstream in(f);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(EstimateCommand, WritesPosesAndDrawingsAndReportsUnreadableImages) {
    const auto image = test::sharedDir() / "illustrations-dev" / "images" / "002.png";
    REFPOSE_SKIP_UNLESS_EXISTS(test::modelsDir() / "movenet-lightning.json");
    REFPOSE_SKIP_UNLESS_EXISTS(image);
    const auto dir = test::freshTempDir();
    std::ofstream(dir / "broken.png") << "not an image";
    const std::string args = "estimate \"" + image.string() + "\" \"" + (dir / "broken.png").string() +
                             "\" --model lightning --json \"" + (dir / "poses.json").string() + "\" --draw \"" +
                             (dir / "drawn.png").string() + "\"";
    // REFPOSE_MODELS_DIR makes "lightning" resolve to the test's model folder.
    const std::string env = "REFPOSE_MODELS_DIR=\"" + test::modelsDir().string() + "\" ";
    EXPECT_NE(runCli(args, dir / "log.txt", env), 0) << "an unreadable image must give a non-zero exit";
    const std::string log = slurp(dir / "log.txt");
    EXPECT_NE(log.find("broken.png"), std::string::npos) << log;
    const auto doc = nlohmann::json::parse(slurp(dir / "poses.json"));
    ASSERT_EQ(doc["results"].size(), 2u);
    const auto& first = doc["results"][0];
    ASSERT_EQ(first["keypoints"].size(), 25u);
    EXPECT_EQ(first["keypoints"][0]["name"], "nose");
    EXPECT_EQ(first["keypoints"][24]["name"], "right_shin");
    // Measured 0.611 (Lightning on 002.png, CPU, 2026-12-01); margin 0.05 for numeric drift.
    EXPECT_GT(first["score"].get<float>(), 0.56f);
    EXPECT_EQ(first["box"].size(), 4u);
    EXPECT_TRUE(doc["results"][1].contains("error"));
    EXPECT_TRUE(std::filesystem::exists(dir / "drawn-0.png"));
    EXPECT_FALSE(std::filesystem::exists(dir / "drawn-1.png"));
}

TEST(EstimateCommand, PrintsJsonToStandardOutput) {
    const auto image = test::sharedDir() / "illustrations-dev" / "images" / "002.png";
    REFPOSE_SKIP_UNLESS_EXISTS(test::modelsDir() / "movenet-lightning.json");
    REFPOSE_SKIP_UNLESS_EXISTS(image);
    const auto dir = test::freshTempDir();
    const std::string args = "estimate \"" + image.string() + "\" --model \"" +
                             (test::modelsDir() / "movenet-lightning.json").string() + "\" --json -";
    ASSERT_EQ(runCli(args, dir / "out.json"), 0) << slurp(dir / "out.json");
    const auto doc = nlohmann::json::parse(slurp(dir / "out.json"));
    EXPECT_EQ(doc["results"][0]["keypoints"].size(), 25u);
    EXPECT_EQ(doc["model"].get<std::string>().rfind("movenet-lightning@", 0), 0u);
}

// With no --model, estimate uses RefPose's own model (MoveNet Thunder fine-tuned on
// illustrations, models/refpose-illustrated.refpose) with the Lightning box pass.
TEST(EstimateCommand, UsesTheIllustrationModelByDefault) {
    const auto image = test::sharedDir() / "illustrations-dev" / "images" / "002.png";
    REFPOSE_SKIP_UNLESS_EXISTS(test::modelsDir() / "refpose-illustrated.refpose");
    REFPOSE_SKIP_UNLESS_EXISTS(image);
    const auto dir = test::freshTempDir();
    const std::string env = "REFPOSE_MODELS_DIR=\"" + test::modelsDir().string() + "\" ";
    ASSERT_EQ(runCli("estimate \"" + image.string() + "\" --json -", dir / "out.json", env), 0)
        << slurp(dir / "out.json");
    const auto doc = nlohmann::json::parse(slurp(dir / "out.json"));
    const std::string model = doc["model"];
    EXPECT_EQ(model.rfind("refpose-illustrated@", 0), 0u) << model;
    EXPECT_NE(model.find("+box:movenet-lightning@"), std::string::npos) << model;
    EXPECT_EQ(doc["results"][0]["keypoints"].size(), 25u);
}

TEST(EstimateCommand, FindsTheBoxWithLightningUnlessToldOtherwise) {
    const auto image = test::sharedDir() / "illustrations-dev" / "images" / "002.png";
    REFPOSE_SKIP_UNLESS_EXISTS(test::modelsDir() / "movenet-lightning.json");
    REFPOSE_SKIP_UNLESS_EXISTS(image);
    const auto dir = test::freshTempDir();
    const std::string env = "REFPOSE_MODELS_DIR=\"" + test::modelsDir().string() + "\" ";
    const auto modelOf = [&](const std::string& options) {
        const auto out = dir / "out.json";
        EXPECT_EQ(runCli("estimate \"" + image.string() + "\" --json - " + options, out, env), 0) << slurp(out);
        return nlohmann::json::parse(slurp(out))["model"].get<std::string>();
    };
    const std::string thunder = modelOf("--model thunder"), ownBox = modelOf("--model thunder --box-model thunder");
    EXPECT_EQ(thunder.rfind("movenet-thunder@", 0), 0u) << thunder;
    EXPECT_NE(thunder.find("+box:movenet-lightning@"), std::string::npos) << thunder;
    EXPECT_EQ(ownBox.find("+box:"), std::string::npos) << ownBox;
    EXPECT_NE(runCli("estimate \"" + image.string() + "\" --box-model \"" + (dir / "none.json").string() + "\"",
                     dir / "log.txt", env),
              0);
    EXPECT_NE(slurp(dir / "log.txt").find("none.json"), std::string::npos) << slurp(dir / "log.txt");
}

}  // namespace
}  // namespace refpose
