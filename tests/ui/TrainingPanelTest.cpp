#include "TrainingPanel.h"
#include "TrainingPlots.h"

#include "TestPaths.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

#include <cstdio>
#include <cstdlib>

using namespace refpose;
using namespace refpose::ui;

namespace {

QString renderFigures(const std::filesystem::path& dir, int count) {
    const auto folder = dir / "figures";
    const std::string cmd = test::cliPath().string() + " render-figures --out " + folder.string() + " --count " +
                            std::to_string(count) + " --size 160 --seed 5 --plain > /dev/null";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("render-figures failed");
    return QString::fromStdString((folder / "annotations.json").string());
}

// A tiny CPU run: small ResNet, 128-pixel crops, validation every 5 epochs.
QJsonObject tinySettings(int epochs) {
    return {{"resnet_depth", 18}, {"resnet_width", 16}, {"head_channels", 32}, {"input_size", 128},
            {"heatmap_size", 32}, {"batch_size", 8}, {"epochs", epochs}, {"eval_every", 5}, {"lr", 0.002},
            {"architecture", "domain-only"}, {"patience", 0}, {"augment", QJsonObject{{"enabled", false}}}};
}

class TrainingPanelTest : public ::testing::Test {
protected:
    void SetUp() override {
        test::ensureApplication();  // never destroyed: see UiTestSupport
        panelHolder_ = std::make_unique<TrainingPanel>();
        dir_ = test::freshTempDir();
        panel().setDataset(renderFigures(dir_, 4));
        panel().setRunFolder(QString::fromStdString((dir_ / "run").string()));
        panel().resize(1200, 800);
    }
    std::filesystem::path dir_;
    std::unique_ptr<TrainingPanel> panelHolder_;  // built after the QApplication
    TrainingPanel& panel() { return *panelHolder_; }
};

}  // namespace

// The panel launches the trainer it finds itself (util/InstallLayout.h), as the app does: from
// this test's folder, <build>/tests, that is the build tree's <build>/training/refpose-train.
TEST_F(TrainingPanelTest, FindsTheBuildTreesTrainerWithoutBeingTold) {
    EXPECT_EQ(QFileInfo(TrainingRun::defaultTrainerPath()).canonicalFilePath(),
              QFileInfo(QStringLiteral(REFPOSE_TRAIN_PATH)).canonicalFilePath());
}

// Start launches the trainer the panel finds itself; the install test runs this test from an
// unpacked package and reads the line below to see that the installed trainer was the one.
TEST_F(TrainingPanelTest, RunsARealTrainingAndPlotsItLive) {
    std::printf("launched trainer: %s\n", qPrintable(TrainingRun::defaultTrainerPath()));
    panel().setExtraConfig(tinySettings(20));
    QSignalSpy chosen(&panel(), &TrainingPanel::modelChosen);
    panel().show();
    panel().startRun();
    ASSERT_EQ(panel().run()->state(), TrainingRun::State::Running) << panel().statusText().toStdString();
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel().run()->state() != TrainingRun::State::Running; }, 180000));
    ASSERT_EQ(panel().run()->state(), TrainingRun::State::Finished) << panel().statusText().toStdString();
    EXPECT_EQ(panel().plots()->pointCount(QStringLiteral("loss")), 20);
    EXPECT_EQ(panel().plots()->pointCount(QStringLiteral("train_loss")), 4);
    EXPECT_EQ(panel().plots()->pointCount(QStringLiteral("OKS@50")), 4);
    EXPECT_GE(panel().plots()->bestPoint().x(), 5);
    EXPECT_TRUE(panel().statusText().contains(QStringLiteral("completed")));
    const QString shot = QString::fromStdString((test::binaryDir() / "training_panel.png").string());
    EXPECT_TRUE(panel().grab().save(shot));
    panel().useModel();
    ASSERT_EQ(chosen.count(), 1);
    EXPECT_TRUE(chosen.at(0).at(0).toString().endsWith(QStringLiteral("model.refpose")));
}

TEST_F(TrainingPanelTest, StopEarlyKeepsTheModelAndCancelDiscardsTheRun) {
    panel().setExtraConfig(tinySettings(1000));
    panel().startRun();
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel().plots()->pointCount(QStringLiteral("OKS@50")) >= 1; }, 120000));
    panel().stopEarly();
    EXPECT_EQ(panel().run()->state(), TrainingRun::State::Stopping);
    EXPECT_TRUE(panel().statusText().contains(QStringLiteral("Stopping")));
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel().run()->state() == TrainingRun::State::Finished; }, 60000));
    EXPECT_TRUE(panel().statusText().contains(QStringLiteral("stopped")));
    EXPECT_TRUE(std::filesystem::exists(dir_ / "run" / "model.refpose"));

    panel().setRunFolder(QString::fromStdString((dir_ / "cancelled").string()));
    panel().startRun();
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel().plots()->pointCount(QStringLiteral("loss")) >= 1; }, 60000));
    panel().cancelRun();
    EXPECT_EQ(panel().run()->state(), TrainingRun::State::Cancelled);
    EXPECT_FALSE(std::filesystem::exists(dir_ / "cancelled"));
}

TEST_F(TrainingPanelTest, RefusesToStartWithoutADataset) {
    panel().setDataset(QStringLiteral("/nonexistent/annotations.json"));
    panel().startRun();
    EXPECT_EQ(panel().run()->state(), TrainingRun::State::Idle);
    EXPECT_TRUE(panel().statusText().contains(QStringLiteral("dataset")));
}
