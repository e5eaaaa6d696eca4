// The Debian package works on its own: built with CPack, unpacked with dpkg-deb into a
// temporary root, and run from there with the source tree's models out of reach (no build
// path is compiled in, REFPOSE_MODELS_DIR is unset, the commands run in a temporary folder).
#include "RunCommand.h"
#include "TestPaths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <QColor>
#include <QImage>
#include <QSet>

#include <cstdio>
#include <filesystem>
#include <string>

namespace refpose {
namespace {

namespace fs = std::filesystem;

std::string inQuotes(const fs::path& p) { return "\"" + p.string() + "\""; }

// Runs a command in `dir` with nothing pointing at the build or source tree.
test::CommandResult runIn(const fs::path& dir, const std::string& command) {
    return test::runCommand("cd " + inQuotes(dir) + " && env -u REFPOSE_MODELS_DIR -u REFPOSE_SHARED_DIR " + command +
                            " 2>&1");
}

fs::path buildPackage(const fs::path& work) {
    const auto run = runIn(work, "cpack -G DEB -B " + inQuotes(work / "pkg") + " --config " +
                                     inQuotes(fs::path(REFPOSE_BUILD_ROOT) / "CPackConfig.cmake"));
    EXPECT_EQ(run.exitCode, 0) << run.output;
    for (const auto& entry : fs::directory_iterator(work / "pkg"))
        if (entry.path().extension() == ".deb") return entry.path();
    ADD_FAILURE() << "cpack wrote no .deb:\n" << run.output;
    return {};
}

void expectListed(const std::string& listing, const std::string& path) {
    EXPECT_NE(listing.find(" ./" + path + "\n"), std::string::npos) << "the package lacks " << path;
}

void expectContents(const fs::path& deb) {
    const auto run = test::runCommand("dpkg-deb -c " + inQuotes(deb));
    ASSERT_EQ(run.exitCode, 0) << run.output;
    for (const char* file : {"usr/bin/refpose",
                             "usr/bin/refpose-cli",
                             "usr/bin/refpose-train",
                             "usr/bin/refpose-render-svg",
                             "usr/share/refpose/models/refpose-illustrated.refpose",
                             "usr/share/refpose/models/refpose-illustrated.manifest.json",
                             "usr/share/refpose/models/movenet-thunder.json",
                             "usr/share/refpose/models/movenet-thunder.bin",
                             "usr/share/refpose/models/movenet-lightning.json",
                             "usr/share/refpose/models/movenet-lightning.bin",
                             "usr/share/refpose/models/models-NOTICE",
                             "usr/share/refpose/example-library/annotations.json",
                             "usr/share/man/man1/refpose.1.gz",
                             "usr/share/man/man1/refpose-cli.1.gz",
                             "usr/share/man/man1/refpose-train.1.gz",
                             "usr/share/man/man1/refpose-render-svg.1.gz",
                             "usr/share/doc/refpose/copyright",
                             "usr/share/doc/refpose/changelog.gz",
                             "usr/share/applications/refpose.desktop",
                             "usr/share/metainfo/io.github.refpose.RefPose.metainfo.xml"})
        expectListed(run.output, file);
}

// The programs must not know where they were built.
void expectNoBuildPathInside(const fs::path& bin) {
    for (const fs::path& path : {fs::path(REFPOSE_BUILD_ROOT), test::modelsDir()}) {
        const auto run = test::runCommand("grep -l -F " + inQuotes(path.string()) + " " + inQuotes(bin) + "/* 2>&1");
        EXPECT_EQ(run.exitCode, 1) << "a program holds " << path << ": " << run.output;
    }
}

void expectEstimateIndexAndQuery(const fs::path& bin, const fs::path& work) {
    const std::string cli = inQuotes(bin / "refpose-cli");
    auto run = runIn(work, cli + " render-figures --out figures --count 4 --plain --seed 5 --size 384");
    ASSERT_EQ(run.exitCode, 0) << run.output;

    run = runIn(work, cli + " estimate figures/figure-000001.png --json - 2>/dev/null");
    ASSERT_EQ(run.exitCode, 0) << run.output;
    const auto estimate = nlohmann::json::parse(run.output);
    EXPECT_EQ(estimate.at("model").get<std::string>().rfind("refpose-illustrated@", 0), 0u) << run.output;
    EXPECT_EQ(estimate.at("results").at(0).at("keypoints").size(), 25u);

    run = runIn(work, cli + " index --quiet --library library.db figures");
    ASSERT_EQ(run.exitCode, 0) << run.output;
    run = runIn(work, cli + " query --library library.db -k 1 --json figures/figure-000002.png 2>/dev/null");
    ASSERT_EQ(run.exitCode, 0) << run.output;
    EXPECT_NE(run.output.find("figure-000002.png"), std::string::npos) << "its own figure comes first:\n" << run.output;
}

// The installed GUI opens the library, estimates a figure and shows results: a real window,
// not a blank one.
void expectGuiScreenshot(const fs::path& bin, const fs::path& work) {
    const auto run =
        runIn(work, "env HOME=" + inQuotes(work / "home") + " XDG_CONFIG_HOME=" + inQuotes(work / "home/config") +
                        " QT_QPA_PLATFORM=offscreen " + inQuotes(bin / "refpose") +
                        " --library library.db --image figures/figure-000003.png --screenshot shot.png");
    ASSERT_EQ(run.exitCode, 0) << run.output;
    const QImage shot(QString::fromStdString((work / "shot.png").string()));
    ASSERT_FALSE(shot.isNull());
    EXPECT_GE(shot.width(), 800);
    QSet<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 4)
        for (int x = 0; x < shot.width(); x += 4) colours.insert(shot.pixel(x, y));
    EXPECT_GT(colours.size(), 200) << "a window of few colours shows no image or results";
}

// The Train tab's real launch path (TrainingPanel -> TrainingRun -> the trainer it finds),
// from a program placed in the unpacked bin/: the panel's own test, run from there.
void expectTrainTabStartsTheInstalledTrainer(const fs::path& bin, const fs::path& work) {
    const fs::path panelTests = bin / "refpose_ui_tests";
    fs::copy_file(REFPOSE_UI_TESTS_PATH, panelTests, fs::copy_options::overwrite_existing);
    const auto run = runIn(work, "env QT_QPA_PLATFORM=offscreen " + inQuotes(panelTests) +
                                     " --gtest_filter=TrainingPanelTest.RunsARealTrainingAndPlotsItLive");
    fs::remove(panelTests);
    EXPECT_EQ(run.exitCode, 0) << run.output;
    EXPECT_NE(run.output.find("launched trainer: " + (bin / "refpose-train").string() + "\n"), std::string::npos)
        << run.output;
}

void expectValidMetadata(const fs::path& root) {
    auto run = test::runCommand("desktop-file-validate " + inQuotes(root / "usr/share/applications/refpose.desktop") +
                                " 2>&1");
    EXPECT_EQ(run.exitCode, 0) << run.output;
    run = test::runCommand("appstreamcli validate --no-net " +
                           inQuotes(root / "usr/share/metainfo/io.github.refpose.RefPose.metainfo.xml") + " 2>&1");
    EXPECT_EQ(run.exitCode, 0) << run.output;
}

// Errors and warnings fail; the remaining information tags are explained in packaging/README.md.
void expectLintianClean(const fs::path& deb) {
    const auto run = test::runCommand("lintian --fail-on error,warning " + inQuotes(deb) + " 2>&1");
    EXPECT_EQ(run.exitCode, 0) << run.output;
    std::printf("lintian:\n%s\n", run.output.c_str());
}

TEST(InstallPackage, RunsFromTheUnpackedPackage) {
    const fs::path work = test::freshTempDir();
    const fs::path deb = buildPackage(work);
    ASSERT_FALSE(deb.empty());
    expectContents(deb);

    const fs::path root = work / "root";
    const auto unpack = test::runCommand("dpkg-deb -x " + inQuotes(deb) + " " + inQuotes(root) + " 2>&1");
    ASSERT_EQ(unpack.exitCode, 0) << unpack.output;
    const fs::path bin = root / "usr/bin";
    expectNoBuildPathInside(bin);
    expectEstimateIndexAndQuery(bin, work);
    expectGuiScreenshot(bin, work);
    expectTrainTabStartsTheInstalledTrainer(bin, work);
    expectValidMetadata(root);
    expectLintianClean(deb);
}

}  // namespace
}  // namespace refpose
