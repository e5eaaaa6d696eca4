// refpose-cli render-figures and make-examples, end to end.
#include "RunCommand.h"
#include "TestPaths.h"

#include "dataset/CocoDataset.h"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include <fstream>
#include <iterator>

using namespace refpose;
using namespace refpose::test;

namespace {

std::string cli() { return cliPath().string(); }

std::string bytesOf(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

int pngCount(const std::filesystem::path& dir) {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) n += e.path().extension() == ".png";
    return n;
}

}  // namespace

TEST(RenderFiguresCli, WritesImagesAndAValidCocoFile) {
    const auto dir = freshTempDir() / "figs";
    const auto r = runCommand(cli() + " render-figures --out " + dir.string() + " --count 6 --seed 3 --size 200");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("wrote 6 figures"), std::string::npos) << r.output;
    const CocoDataset d = readCoco(dir / "annotations.json");  // validates
    ASSERT_EQ(d.images.size(), 6u);
    ASSERT_EQ(d.annotations.size(), 6u);
    EXPECT_EQ(pngCount(dir), 6);
    for (std::size_t i = 0; i < d.images.size(); ++i) {
        const cv::Mat img = cv::imread((dir / d.images[i].fileName).string(), cv::IMREAD_UNCHANGED);
        ASSERT_FALSE(img.empty()) << d.images[i].fileName;
        EXPECT_EQ(img.cols, 200);
        EXPECT_EQ(img.rows, 200);
        EXPECT_EQ(d.images[i].width, 200);
        const CocoAnnotation& a = d.annotations[i];
        EXPECT_EQ(a.imageId, d.images[i].id);
        // The varied look may cut the figure: points outside the image are unlabelled (0, 0).
        EXPECT_GE(countLabelled(a.pose, kNumCocoKeypoints), 1);
        EXPECT_GT(a.area, 0.0);
        EXPECT_LE(a.area, double(a.pose.box.w) * a.pose.box.h);
        for (std::size_t k = 0; k < kNumCocoKeypoints; ++k) {
            if (!a.pose.kp[k].labelled()) {
                EXPECT_EQ(a.pose.kp[k].x, 0.f);
                continue;
            }
            EXPECT_GE(a.pose.kp[k].x, 0.f);
            EXPECT_LE(a.pose.kp[k].x, 199.f);
        }
        EXPECT_NE(d.images[i].extra.at("look").get<std::string>().find("heads"), std::string::npos);
    }
}

TEST(RenderFiguresCli, SameSeedWritesTheSameFiles) {
    const auto root = freshTempDir();
    for (const char* sub : {"a", "b", "c"}) {
        const std::string seed = std::string(sub) == "c" ? "5" : "4";
        const auto r = runCommand(cli() + " render-figures --out " + (root / sub).string() +
                                  " --count 2 --size 128 --seed " + seed);
        ASSERT_EQ(r.exitCode, 0) << r.output;
    }
    EXPECT_EQ(bytesOf(root / "a" / "figure-000002.png"), bytesOf(root / "b" / "figure-000002.png"));
    EXPECT_EQ(bytesOf(root / "a" / "annotations.json"), bytesOf(root / "b" / "annotations.json"));
    EXPECT_NE(bytesOf(root / "a" / "figure-000002.png"), bytesOf(root / "c" / "figure-000002.png"));
}

TEST(RenderFiguresCli, TakesPosesFromAdd) {
    const auto add = sharedDir() / "add" / "val.json";
    REFPOSE_SKIP_UNLESS_EXISTS(add);
    const auto dir = freshTempDir() / "figs";
    const auto r =
        runCommand(cli() + " render-figures --out " + dir.string() + " --count 3 --size 160 --add " + add.string());
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const CocoDataset d = readCoco(dir / "annotations.json");
    ASSERT_EQ(d.images.size(), 3u);
    for (const auto& img : d.images) EXPECT_EQ(img.extra.at("pose_name").get<std::string>().rfind("add-", 0), 0u);
}

TEST(RenderFiguresCli, PlainGivesTheClassicLook) {
    const auto dir = freshTempDir() / "plain";
    const auto r =
        runCommand(cli() + " render-figures --plain --out " + dir.string() + " --count 4 --seed 3 --size 160");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const CocoDataset d = readCoco(dir / "annotations.json");
    for (std::size_t i = 0; i < d.images.size(); ++i) {
        EXPECT_EQ(d.images[i].extra.at("look").get<std::string>().find("heads"), std::string::npos);
        EXPECT_EQ(countLabelled(d.annotations[i].pose, kNumCocoKeypoints), 17);  // no cut by the frame
    }
}

TEST(RenderFiguresCli, TakesPosesFromSeveralAddFilesAndTheTestSplitOnlyForScoring) {
    const auto train = sharedDir() / "add" / "train.json", val = sharedDir() / "add" / "val.json";
    REFPOSE_SKIP_UNLESS_EXISTS(val);
    const auto dir = freshTempDir();
    const auto both = runCommand(cli() + " render-figures --out " + (dir / "both").string() +
                                 " --count 2 --size 128 --add " + train.string() + " --add " + val.string());
    EXPECT_EQ(both.exitCode, 0) << both.output;
    const auto test = runCommand(cli() + " render-figures --out " + (dir / "test").string() + " --count 2 --add " +
                                 (sharedDir() / "add" / "test.json").string());
    EXPECT_NE(test.exitCode, 0);
    EXPECT_NE(test.output.find("held out"), std::string::npos) << test.output;
    EXPECT_FALSE(std::filesystem::exists(dir / "test" / "annotations.json"));
    // Renders that only score a model (bench/run_illustrated_eval.sh) may use the test split.
    const auto scoring = runCommand(cli() + " render-figures --for-scoring --out " + (dir / "scoring").string() +
                                    " --count 2 --size 128 --add " + (sharedDir() / "add" / "test.json").string());
    EXPECT_EQ(scoring.exitCode, 0) << scoring.output;
    EXPECT_TRUE(std::filesystem::exists(dir / "scoring" / "annotations.json"));
}

TEST(RenderFiguresCli, BadArgumentsFailWithAMessage) {
    const auto dir = freshTempDir();
    const auto zero = runCommand(cli() + " render-figures --out " + (dir / "x").string() + " --count 0");
    EXPECT_NE(zero.exitCode, 0);
    const auto missing = runCommand(cli() + " render-figures --out " + (dir / "y").string() + " --count 1 --add " +
                                    (dir / "absent.json").string());
    EXPECT_NE(missing.exitCode, 0);
    EXPECT_NE(missing.output.find("absent.json"), std::string::npos) << missing.output;
    // A file where the folder should be.
    std::ofstream(dir / "file") << "x";
    const auto blocked = runCommand(cli() + " render-figures --out " + (dir / "file").string() + " --count 1");
    EXPECT_NE(blocked.exitCode, 0);
    EXPECT_NE(blocked.output.find((dir / "file").string()), std::string::npos) << blocked.output;
}

TEST(RenderFiguresCli, MakeExamplesWritesTheExampleLibrary) {
    const auto dir = freshTempDir() / "examples";
    const auto r = runCommand(cli() + " make-examples --out " + dir.string());
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const CocoDataset d = readCoco(dir / "annotations.json");
    EXPECT_EQ(d.images.size(), 24u);
    EXPECT_EQ(pngCount(dir), 24);
    // Descriptive names: number, pose, hair, outfit.
    EXPECT_TRUE(std::filesystem::exists(dir / "01-standing-twin-tails-skirt.png"));
    for (const auto& img : d.images) EXPECT_FALSE(img.extra.at("pose_name").get<std::string>().empty());
}
