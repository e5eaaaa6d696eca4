// refpose-cli import-poses, index and query, end to end as a user runs them.
#include "ImageFiles.h"
#include "RunCommand.h"
#include "TestPaths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace refpose::test;

namespace {

std::string cli() { return cliPath().string(); }

// The JSON part of a command's output (everything from the first '{').
nlohmann::json jsonOf(const std::string& output) { return nlohmann::json::parse(output.substr(output.find('{'))); }

}  // namespace

TEST(CliSearchCommands, ImportedAddPoseFindsItselfFirst) {
    const auto add = sharedDir() / "add" / "test.json";
    REFPOSE_SKIP_UNLESS_EXISTS(add);
    const auto dir = freshTempDir();
    const auto lib = dir / "lib.db";
    const auto imp = runCommand(cli() + " import-poses --add " + add.string() + " --library " + lib.string());
    ASSERT_EQ(imp.exitCode, 0) << imp.output;
    EXPECT_NE(imp.output.find("imported 500 poses"), std::string::npos) << imp.output;
    const auto coco = dir / "coco.json";
    ASSERT_EQ(runCommand(cli() + " convert-add " + add.string() + " -o " + coco.string()).exitCode, 0);
    const auto q = runCommand(cli() + " query --pose " + coco.string() + " --library " + lib.string() + " -k 3 --json");
    ASSERT_EQ(q.exitCode, 0) << q.output;
    const auto hits = jsonOf(q.output)["hits"];
    ASSERT_EQ(hits.size(), 3u);
    const auto first = nlohmann::json::parse(readFileText(coco))["images"][0]["file_name"].get<std::string>();
    EXPECT_NE(hits[0]["source"].get<std::string>().find(first), std::string::npos) << hits.dump();
    EXPECT_NEAR(hits[0]["distance"].get<double>(), 0.0, 1e-4);
    EXPECT_GT(hits[1]["distance"].get<double>(), hits[0]["distance"].get<double>());
    // A partial query by joint names, and a wrong name.
    const auto partial = runCommand(cli() + " query --pose " + coco.string() + " --library " + lib.string() +
                                    " -k 1 --joints left_wrist,left_elbow,left_shoulder,right_shoulder,left_hip");
    EXPECT_EQ(partial.exitCode, 0) << partial.output;
    const auto wrong =
        runCommand(cli() + " query --pose " + coco.string() + " --library " + lib.string() + " --joints elbow");
    EXPECT_NE(wrong.exitCode, 0);
    EXPECT_NE(wrong.output.find("unknown keypoint \"elbow\""), std::string::npos) << wrong.output;
}

TEST(CliSearchCommands, RefusesAForeignLibraryWithoutTouchingIt) {
    const auto dir = freshTempDir();
    const auto notes = dir / "notes.txt";
    std::ofstream(notes) << "{\"keypoints\": []}\n";
    const std::string before = readFileText(notes);
    const auto pose = dir / "pose.json";
    std::ofstream(pose) << "{\"keypoints\": [" << [] {
        std::string s;
        for (int i = 0; i < 17; ++i)
            s += std::string(i ? "," : "") + std::to_string(10 * i) + "," + std::to_string(7 * i % 50) + ",2";
        return s;
    }() << "]}";
    const auto r = runCommand(cli() + " query --pose " + pose.string() + " --library " + notes.string());
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.output.find("not a RefPose library"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(notes.string()), std::string::npos) << r.output;
    EXPECT_EQ(readFileText(notes), before);
    const auto bad = runCommand(cli() + " query --pose " + notes.string() + " --library " + notes.string());
    EXPECT_NE(bad.exitCode, 0);
    EXPECT_NE(bad.output.find("keypoints"), std::string::npos) << bad.output;
}

TEST(CliSearchCommands, IndexedRenderedFigureFindsItselfFirst) {
    const auto model = modelsDir() / "movenet-lightning.json";
    REFPOSE_SKIP_UNLESS_EXISTS(model);
    const auto dir = freshTempDir();
    const auto figures = dir / "figures";
    const auto render = runCommand(cli() + " render-figures --out " + figures.string() + " --count 5 --size 256");
    ASSERT_EQ(render.exitCode, 0) << render.output;
    std::ofstream(figures / "notes.txt") << "not an image";
    std::ofstream(figures / "broken.png") << "not a png";
    const auto lib = dir / "lib.db";
    const auto idx = runCommand(cli() + " index " + figures.string() + " --library " + lib.string() + " --model " +
                                model.string() + " --jobs 2 --quiet");
    ASSERT_EQ(idx.exitCode, 0) << idx.output;
    EXPECT_NE(idx.output.find("estimated 5"), std::string::npos) << idx.output;
    EXPECT_NE(idx.output.find("unreadable: " + (figures / "broken.png").string()), std::string::npos) << idx.output;
    std::filesystem::path image;
    for (const auto& e : std::filesystem::directory_iterator(figures))
        if (e.path().extension() == ".png" && e.path().filename() != "broken.png") image = e.path();
    ASSERT_FALSE(image.empty());
    const auto q = runCommand(cli() + " query " + image.string() + " --library " + lib.string() + " --model " +
                              model.string() + " -k 3 --json");
    ASSERT_EQ(q.exitCode, 0) << q.output;
    const auto hits = jsonOf(q.output)["hits"];
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(hits[0]["image"].get<std::string>(), image.string());
    EXPECT_NEAR(hits[0]["distance"].get<double>(), 0.0, 1e-3);
    // A second run estimates nothing.
    const auto again = runCommand(cli() + " index " + figures.string() + " --library " + lib.string() + " --model " +
                                  model.string() + " --quiet");
    EXPECT_NE(again.output.find("estimated 0"), std::string::npos) << again.output;
}
