// refpose-render-svg, run as a user runs it: a real openclipart drawing renders at the asked
// height with its own aspect, not blank, the same pixels twice; a very wide drawing is capped at
// 3x the height; a broken or missing SVG is skipped with a message, the rest still rendered; the
// committed openclipart labels sit on the images the tool makes from the listed drawings.

#include "RunCommand.h"
#include "TestPaths.h"
#include "dataset/CocoDataset.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using refpose::test::runCommand;

namespace {

const fs::path kOpenclipartRoot = "/usr/share/openclipart/svg";  // Debian package openclipart-svg
const char* kNurse = "people/woman_nurse_gerald_g._01.svg";      // viewBox 118.418 x 476.664

void writeText(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

refpose::test::CommandResult renderList(const fs::path& list, const fs::path& root, const fs::path& out, int height) {
    return runCommand(std::string(REFPOSE_RENDER_SVG_PATH) + " --list " + list.string() + " --svg-root " +
                      root.string() + " --out " + out.string() + " --height " + std::to_string(height));
}

// Share of pixels that are not (near) white.
double inkedShare(const cv::Mat& bgr) {
    int inked = 0;
    for (int y = 0; y < bgr.rows; ++y)
        for (int x = 0; x < bgr.cols; ++x) {
            const auto& p = bgr.at<cv::Vec3b>(y, x);
            inked += (p[0] < 250 || p[1] < 250 || p[2] < 250) ? 1 : 0;
        }
    return static_cast<double>(inked) / (bgr.rows * bgr.cols);
}

}  // namespace

TEST(RenderSvgToolTest, RendersARealOpenclipartPersonAtTheHeightWithItsAspectTwiceTheSame) {
    REFPOSE_SKIP_UNLESS_EXISTS(kOpenclipartRoot / kNurse);
    const fs::path dir = refpose::test::freshTempDir();
    writeText(dir / "sources.tsv", std::string("id\tsvg\n0007\t") + kNurse + "\n");

    const auto first = renderList(dir / "sources.tsv", kOpenclipartRoot, dir / "a", 768);
    ASSERT_EQ(first.exitCode, 0) << first.output;
    const auto second = renderList(dir / "sources.tsv", kOpenclipartRoot, dir / "b", 768);
    ASSERT_EQ(second.exitCode, 0) << second.output;

    const cv::Mat image = cv::imread((dir / "a" / "0007.png").string(), cv::IMREAD_COLOR);
    ASSERT_FALSE(image.empty());
    EXPECT_EQ(image.rows, 768);
    EXPECT_EQ(image.cols, 191);  // 768 * 118.418 / 476.664, rounded
    // Measured 0.295 of the pixels inked (the nurse fills her narrow frame); blank would be 0.
    EXPECT_GT(inkedShare(image), 0.25);
    EXPECT_EQ(image.at<cv::Vec3b>(0, 0), cv::Vec3b(255, 255, 255)) << "background is white";

    const cv::Mat again = cv::imread((dir / "b" / "0007.png").string(), cv::IMREAD_COLOR);
    ASSERT_EQ(again.size(), image.size());
    EXPECT_EQ(cv::norm(image, again, cv::NORM_INF), 0.0) << "same input, same pixels";
}

TEST(RenderSvgToolTest, CapsAVeryWideDrawingAtThreeTimesTheHeight) {
    const fs::path dir = refpose::test::freshTempDir();
    writeText(dir / "wide.svg",
              "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1000 100'>"
              "<rect x='0' y='0' width='1000' height='100' fill='black'/></svg>");
    writeText(dir / "sources.tsv", "id\tsvg\n0001\twide.svg\n");

    const auto result = renderList(dir / "sources.tsv", dir, dir / "out", 200);
    ASSERT_EQ(result.exitCode, 0) << result.output;
    const cv::Mat image = cv::imread((dir / "out" / "0001.png").string(), cv::IMREAD_COLOR);
    ASSERT_FALSE(image.empty());
    EXPECT_EQ(image.rows, 200);
    EXPECT_EQ(image.cols, 600);
    // Aspect kept: the 10:1 bar is 60 px tall, centred, white above and below.
    EXPECT_EQ(image.at<cv::Vec3b>(100, 300), cv::Vec3b(0, 0, 0));
    EXPECT_EQ(image.at<cv::Vec3b>(20, 300), cv::Vec3b(255, 255, 255));
    EXPECT_EQ(image.at<cv::Vec3b>(180, 300), cv::Vec3b(255, 255, 255));
}

TEST(RenderSvgToolTest, SkipsABrokenAndAMissingSvgSaysWhichAndStillRendersTheRest) {
    const fs::path dir = refpose::test::freshTempDir();
    writeText(dir / "broken.svg", "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><rect");
    writeText(dir / "good.svg",
              "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 20'><circle cx='5' cy='10' r='4'/></svg>");
    writeText(dir / "sources.tsv", "id\tsvg\n0001\tbroken.svg\n0002\tgood.svg\n0003\tabsent.svg\n");

    const auto result = renderList(dir / "sources.tsv", dir, dir / "out", 64);
    EXPECT_EQ(result.exitCode, 1) << result.output;
    EXPECT_NE(result.output.find("skipped 0001"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("not a readable SVG"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("skipped 0003"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("no such file"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("rendered 1 of 3"), std::string::npos) << result.output;
    EXPECT_FALSE(fs::exists(dir / "out" / "0001.png"));
    EXPECT_FALSE(fs::exists(dir / "out" / "0003.png"));
    const cv::Mat good = cv::imread((dir / "out" / "0002.png").string(), cv::IMREAD_COLOR);
    ASSERT_FALSE(good.empty());
    EXPECT_EQ(good.rows, 64);
    EXPECT_EQ(good.cols, 32);
    // Only the good file is in the folder: no temporary left behind by the failures.
    int files = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir / "out")) ++files;
    EXPECT_EQ(files, 1);
}

// data/openclipart/annotations.json labels images that are not committed but rendered from the
// Debian package (docs/labelling.md): every labelled image must come out of the tool at the size
// it was labelled at, with every labelled point on the image, or the labels have drifted.
TEST(RenderSvgToolTest, TheCommittedOpenclipartLabelsFitTheImagesTheToolRenders) {
    REFPOSE_SKIP_UNLESS_EXISTS(kOpenclipartRoot);
    const fs::path data = refpose::test::sourceDir().parent_path() / "data" / "openclipart";
    const refpose::CocoDataset labels = refpose::readCoco(data / "annotations.json");
    ASSERT_GE(labels.images.size(), 50u);
    const fs::path out = refpose::test::freshTempDir();

    const auto result = renderList(data / "sources.tsv", kOpenclipartRoot, out, 768);
    ASSERT_EQ(result.exitCode, 0) << result.output;
    for (const auto& annotation : labels.annotations) {
        const refpose::CocoImage* image = labels.findImage(annotation.imageId);
        ASSERT_NE(image, nullptr);
        const cv::Mat rendered = cv::imread((out / image->fileName).string(), cv::IMREAD_COLOR);
        ASSERT_FALSE(rendered.empty()) << image->fileName;
        EXPECT_EQ(rendered.cols, image->width) << image->fileName;
        EXPECT_EQ(rendered.rows, image->height) << image->fileName;
        for (const auto& point : annotation.pose.kp) {
            if (!point.labelled()) continue;
            EXPECT_TRUE(point.x >= 0 && point.x < image->width && point.y >= 0 && point.y < image->height)
                << image->fileName << ": a labelled point off the image";
        }
    }
}
