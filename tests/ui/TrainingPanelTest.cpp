#include "TrainingPanel.h"
#include "TrainingPlots.h"

#include "TestPaths.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QPushButton>
#include <QTableWidget>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSettings>
#include <QSpinBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

using namespace refpose;
using namespace refpose::ui;

namespace {

std::string readBytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// Every file under `dir` (recursive) and its bytes.
std::map<std::filesystem::path, std::string> filesIn(const std::filesystem::path& dir) {
    std::map<std::filesystem::path, std::string> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        if (e.is_regular_file()) files[std::filesystem::relative(e.path(), dir)] = readBytes(e.path());
    return files;
}

QString renderFigures(const std::filesystem::path& dir, int count) {
    const auto folder = dir / "figures";
    const std::string cmd = test::cliPath().string() + " render-figures --out " + folder.string() + " --count " +
                            std::to_string(count) + " --size 160 --seed 5 --plain > /dev/null";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("render-figures failed");
    return QString::fromStdString((folder / "annotations.json").string());
}

// A tiny CPU run: small ResNet, 128-pixel crops, validation every 5 epochs.
QJsonObject tinySettings(int epochs) {
    return {{"resnet_depth", 18},  {"resnet_width", 16},
            {"head_channels", 32}, {"input_size", 128},
            {"heatmap_size", 32},  {"batch_size", 8},
            {"epochs", epochs},    {"eval_every", 5},
            {"lr", 0.002},         {"architecture", "domain-only"},
            {"patience", 0},       {"augment", QJsonObject{{"enabled", false}}}};
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
        // Cancel's question is answered here, never by a modal dialog in an offscreen test.
        panel().setConfirm([this](const QString&, const QString& text) {
            questions_ << text;
            return answer_;
        });
    }
    bool answer_ = true;
    QStringList questions_;
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
    QSettings().remove(QStringLiteral("training/images_per_s"));
    QSignalSpy chosen(&panel(), &TrainingPanel::modelChosen);
    panel().resize(1280, 800);  // the smallest window the app is made for
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
    // The run's measured speed feeds the next time estimate (tiny CPU runs measure tens of images/s).
    EXPECT_GT(QSettings().value(QStringLiteral("training/images_per_s/domain-only")).toDouble(), 0.5);
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
    EXPECT_TRUE(panel().etaText().contains(QStringLiteral("left"))) << panel().etaText().toStdString();
    panel().stopEarly();
    EXPECT_EQ(panel().run()->state(), TrainingRun::State::Stopping);
    EXPECT_TRUE(panel().statusText().contains(QStringLiteral("Stopping")));
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel().run()->state() == TrainingRun::State::Finished; }, 60000));
    EXPECT_TRUE(panel().statusText().contains(QStringLiteral("stopped")));
    EXPECT_EQ(panel().etaText(), QString());  // no time left to estimate once the run has ended
    EXPECT_TRUE(std::filesystem::exists(dir_ / "run" / "model.refpose"));

    panel().setRunFolder(QString::fromStdString((dir_ / "cancelled").string()));
    panel().startRun();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !panel().etaText().isEmpty(); }, 60000));
    panel().cancelRun();
    ASSERT_EQ(questions_.size(), 1);
    EXPECT_EQ(panel().run()->state(), TrainingRun::State::Cancelled);
    EXPECT_EQ(panel().etaText(), QString());
    // The folder did not exist before Start and held only the run's files: it goes entirely.
    EXPECT_FALSE(std::filesystem::exists(dir_ / "cancelled"));
}

// The reported data loss: the dataset folder itself chosen as run folder, Start, then Cancel.
TEST_F(TrainingPanelTest, CancelOnARunWhoseFolderHoldsOtherFilesLeavesThoseFiles) {
    const auto folder = dir_ / "figures";  // the rendered dataset: images and annotations.json
    std::ofstream(folder / "notes.txt") << "which figures still need hands";
    const auto before = filesIn(folder);
    ASSERT_TRUE(before.count("annotations.json"));
    ASSERT_GE(before.size(), 5u);  // 4 images, annotations.json, notes.txt
    panel().setRunFolder(QString::fromStdString(folder.string()));
    auto settings = tinySettings(1000);
    settings.insert("checkpoint_every", 1);
    panel().setExtraConfig(settings);
    panel().startRun();
    ASSERT_EQ(panel().run()->state(), TrainingRun::State::Running) << panel().statusText().toStdString();
    ASSERT_TRUE(QTest::qWaitFor([&] { return std::filesystem::exists(folder / "checkpoint.pt"); }, 120000));
    panel().cancelRun();
    ASSERT_EQ(questions_.size(), 1);
    EXPECT_TRUE(questions_[0].contains(QStringLiteral("checkpoint.pt"))) << questions_[0].toStdString();
    EXPECT_TRUE(questions_[0].contains(QStringLiteral("run.json"))) << questions_[0].toStdString();
    EXPECT_FALSE(questions_[0].contains(QStringLiteral("annotations.json"))) << questions_[0].toStdString();
    EXPECT_EQ(panel().run()->state(), TrainingRun::State::Cancelled);
    EXPECT_EQ(filesIn(folder), before);  // the user's files, byte for byte, and none of the run's
}

TEST_F(TrainingPanelTest, CancelAnsweredNoKeepsTheRunGoing) {
    panel().setExtraConfig(tinySettings(1000));
    panel().startRun();
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel().plots()->pointCount(QStringLiteral("loss")) >= 1; }, 60000));
    answer_ = false;
    panel().cancelRun();
    ASSERT_EQ(questions_.size(), 1);
    EXPECT_EQ(panel().run()->state(), TrainingRun::State::Running);
    EXPECT_TRUE(std::filesystem::exists(dir_ / "run" / "run.json"));
    const int steps = panel().plots()->pointCount(QStringLiteral("loss"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel().plots()->pointCount(QStringLiteral("loss")) > steps; }, 60000));
    answer_ = true;
    panel().cancelRun();
    EXPECT_EQ(panel().run()->state(), TrainingRun::State::Cancelled);
}

// Resume, then Cancel: the checkpoint and model of the earlier session stay.
TEST_F(TrainingPanelTest, CancelOfAResumedRunKeepsTheEarlierSessionsFiles) {
    panel().setExtraConfig(tinySettings(1000));
    panel().startRun();
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel().plots()->pointCount(QStringLiteral("loss")) >= 1; }, 60000));
    panel().stopEarly();
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel().run()->state() == TrainingRun::State::Finished; }, 60000));
    const auto run = dir_ / "run";
    for (const char* name : {"run.json", "checkpoint.pt", "model.refpose", "summary.json"})
        ASSERT_TRUE(std::filesystem::exists(run / name)) << name;
    const std::string model = readBytes(run / "model.refpose");

    panel().resumeRun();
    ASSERT_EQ(panel().run()->state(), TrainingRun::State::Running) << panel().statusText().toStdString();
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel().plots()->pointCount(QStringLiteral("loss")) >= 1; }, 60000));
    EXPECT_FALSE(panel().run()->filesCancelRemoves().contains(QStringLiteral("checkpoint.pt")));
    EXPECT_FALSE(panel().run()->filesCancelRemoves().contains(QStringLiteral("model.refpose")));
    panel().cancelRun();
    ASSERT_EQ(questions_.size(), 1);
    EXPECT_EQ(panel().run()->state(), TrainingRun::State::Cancelled);
    for (const char* name : {"run.json", "checkpoint.pt", "model.refpose", "summary.json"})
        EXPECT_TRUE(std::filesystem::exists(run / name)) << name;
    EXPECT_EQ(readBytes(run / "model.refpose"), model);
}

TEST_F(TrainingPanelTest, RefusesToStartWithoutADataset) {
    panel().setDataset(QStringLiteral("/nonexistent/annotations.json"));
    panel().startRun();
    EXPECT_EQ(panel().run()->state(), TrainingRun::State::Idle);
    EXPECT_TRUE(panel().statusText().contains(QStringLiteral("dataset")));
}

// The reported bug: a long status (a trainer error naming long paths) squeezed the plots. Now it
// wraps within the form, shows at most three lines and keeps the whole text in its tooltip.
TEST_F(TrainingPanelTest, ALongStatusNeverTakesThePlotsSpace) {
    panel().resize(1280, 800);
    panel().show();
    QCoreApplication::processEvents();
    const QSize plotsBefore = panel().plots()->size();
    const QSize minimumBefore = panel().minimumSizeHint();
    QString message = QStringLiteral("Cannot read /home/artist/a/very/long/folder/name/that/goes/on/");
    for (int i = 0; i < 40; ++i) message += QStringLiteral("and/on/and/on/");
    message +=
        QStringLiteral("annotations.json: ") + QStringLiteral("the file is not a COCO keypoints file. ").repeated(20);
    Q_EMIT panel().run()->failed(message);
    QCoreApplication::processEvents();
    auto* status = panel().findChild<QLabel*>(QStringLiteral("trainingStatus"));
    ASSERT_NE(status, nullptr);
    EXPECT_EQ(panel().statusText(), QStringLiteral("Failed: ") + message);
    EXPECT_EQ(status->toolTip(), panel().statusText());
    EXPECT_LE(status->height(), status->fontMetrics().lineSpacing() * 3 + 4);
    EXPECT_EQ(panel().plots()->size(), plotsBefore);
    EXPECT_EQ(panel().minimumSizeHint(), minimumBefore);
    EXPECT_TRUE(
        panel().grab().save(QString::fromStdString((test::binaryDir() / "training_panel_long_status.png").string())));
}

// The reported bug: the form forgot its settings on restart. A new panel (the next start of the
// app) shows every field as the last one left it.
TEST_F(TrainingPanelTest, RemembersTheFormAcrossRestarts) {
    QSettings().remove(QStringLiteral("training/form"));
    {
        TrainingPanel first;
        first.setDataset(QStringLiteral("/data/figures/annotations.json"));
        first.setRunFolder(QStringLiteral("/data/runs/hands"));
        first.setTaskModel(QStringLiteral("/models/movenet/model.json"));
        auto* form = &first;
        form->findChildren<QComboBox*>().at(0)->setCurrentIndex(2);  // architecture: concat
        form->findChildren<QComboBox*>().at(1)->setCurrentIndex(2);  // backbone: ResNet-18
        const auto spins = form->findChildren<QSpinBox*>();
        ASSERT_EQ(spins.size(), 4);  // input size, batch, epochs, patience
        spins[0]->setValue(192);
        spins[1]->setValue(4);
        spins[2]->setValue(7);
        spins[3]->setValue(0);
        form->findChild<QDoubleSpinBox*>()->setValue(0.0005);
        form->findChildren<QCheckBox*>().at(0)->setChecked(false);  // augment
    }
    TrainingPanel second;
    const QJsonObject c = second.config();
    EXPECT_EQ(c["dataset"].toString(), QStringLiteral("/data/figures/annotations.json"));
    EXPECT_EQ(c["out_dir"].toString(), QStringLiteral("/data/runs/hands"));
    EXPECT_EQ(c["task_model"].toString(), QStringLiteral("/models/movenet/model.json"));
    EXPECT_EQ(c["architecture"].toString(), QStringLiteral("concat"));
    EXPECT_EQ(c["resnet_depth"].toInt(), 18);
    EXPECT_EQ(c["input_size"].toInt(), 192);
    EXPECT_EQ(c["batch_size"].toInt(), 4);
    EXPECT_EQ(c["epochs"].toInt(), 7);
    EXPECT_EQ(c["patience"].toInt(), 0);
    EXPECT_DOUBLE_EQ(c["lr"].toDouble(), 0.0005);
    EXPECT_FALSE(c["augment"].toObject()["enabled"].toBool());
    QSettings().remove(QStringLiteral("training/form"));  // later tests start from the defaults
}

// Settings from an older version or edited by hand that name no known choice leave the default.
TEST_F(TrainingPanelTest, IgnoresUnknownRememberedChoices) {
    QSettings settings;
    settings.setValue(QStringLiteral("training/form/architecture"), QStringLiteral("no-such-architecture"));
    settings.sync();
    TrainingPanel restored;
    EXPECT_EQ(restored.config()["architecture"].toString(), QStringLiteral("matching"));
    settings.remove(QStringLiteral("training/form"));
}

// The reported gap: a past run in the history could not be opened. Opening it (double-click)
// shows its plots from the run folder's event log and offers its model.
TEST_F(TrainingPanelTest, OpensAPastRunsPlotsAndModel) {
    panel().setExtraConfig(tinySettings(20));
    panel().startRun();
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel().run()->state() != TrainingRun::State::Running; }, 180000));
    ASSERT_EQ(panel().run()->state(), TrainingRun::State::Finished) << panel().statusText().toStdString();
    ASSERT_TRUE(std::filesystem::exists(dir_ / "run" / "events.jsonl"));

    TrainingPanel later;  // the app started again: empty plots, the run in the history
    later.setRunFolder(QString::fromStdString((dir_ / "elsewhere").string()));
    auto* use = later.findChild<QPushButton*>(QStringLiteral("useModel"));
    auto* history = later.findChild<QTableWidget*>();
    ASSERT_NE(use, nullptr);
    ASSERT_NE(history, nullptr);
    EXPECT_FALSE(use->isEnabled());  // no model in the form's run folder
    EXPECT_EQ(later.plots()->pointCount(QStringLiteral("loss")), 0);
    ASSERT_GE(history->rowCount(), 1);
    EXPECT_EQ(history->item(0, 0)->toolTip(), QString::fromStdString((dir_ / "run").string()));
    history->selectRow(0);
    Q_EMIT history->cellDoubleClicked(0, 0);
    EXPECT_EQ(later.plots()->pointCount(QStringLiteral("loss")), 20);
    EXPECT_EQ(later.plots()->pointCount(QStringLiteral("train_loss")), 4);
    EXPECT_EQ(later.plots()->pointCount(QStringLiteral("OKS@50")), 4);
    EXPECT_EQ(later.plots()->bestPoint(), panel().plots()->bestPoint());
    EXPECT_TRUE(use->isEnabled());
    QSignalSpy chosen(&later, &TrainingPanel::modelChosen);
    use->click();
    ASSERT_EQ(chosen.count(), 1);
    EXPECT_EQ(chosen.at(0).at(0).toString(), QString::fromStdString((dir_ / "run" / "model.refpose").string()));

    // Without its log the run still opens from summary.json: the best validation as one point.
    std::filesystem::remove(dir_ / "run" / "events.jsonl");
    later.openRun(QString::fromStdString((dir_ / "run").string()));
    EXPECT_EQ(later.plots()->pointCount(QStringLiteral("OKS@50")), 1);
    EXPECT_EQ(later.plots()->bestPoint().x(), panel().plots()->bestPoint().x());
    later.openRun(QString::fromStdString((dir_ / "nothing-here").string()));
    EXPECT_TRUE(later.statusText().contains(QStringLiteral("No saved progress"))) << later.statusText().toStdString();
}

// The reported bug: a resumed run's plots started empty. They start with the earlier session's
// points and go on from there.
TEST_F(TrainingPanelTest, AResumedRunsPlotsKeepTheEarlierPoints) {
    panel().setExtraConfig(tinySettings(1000));
    panel().startRun();
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel().plots()->pointCount(QStringLiteral("OKS@50")) >= 1; }, 120000));
    panel().stopEarly();
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel().run()->state() == TrainingRun::State::Finished; }, 60000));
    const int steps = panel().plots()->pointCount(QStringLiteral("loss"));
    const int validations = panel().plots()->pointCount(QStringLiteral("OKS@50"));
    const QPointF best = panel().plots()->bestPoint();

    panel().resumeRun();
    // As soon as the resumed trainer starts, before its first new step, the earlier points are back.
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel().statusText().contains(QStringLiteral("resumed")); }, 60000));
    // (>=: the same read may have brought the first new steps too.)
    EXPECT_GE(panel().plots()->pointCount(QStringLiteral("loss")), steps);
    EXPECT_GE(panel().plots()->pointCount(QStringLiteral("OKS@50")), validations);
    EXPECT_GE(panel().plots()->bestPoint().x(), best.x());
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel().plots()->pointCount(QStringLiteral("loss")) > steps; }, 60000));
    panel().stopEarly();
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel().run()->state() == TrainingRun::State::Finished; }, 60000));
}

// Every term of the form is explained in plain words (a tooltip on its label and its field), and
// the form estimates the time from the last measured speed, saying that it is an estimate.
TEST_F(TrainingPanelTest, ExplainsItsTermsAndEstimatesTheTime) {
    auto* form = panel().findChild<QFormLayout*>();
    ASSERT_NE(form, nullptr);
    int labelled = 0;
    for (int row = 0; row < form->rowCount(); ++row) {
        auto* item = form->itemAt(row, QFormLayout::LabelRole);
        auto* label = item ? qobject_cast<QLabel*>(item->widget()) : nullptr;
        if (!label || label->text().isEmpty()) continue;
        ++labelled;
        EXPECT_FALSE(label->toolTip().isEmpty()) << label->text().toStdString();
    }
    EXPECT_EQ(labelled, 10);  // images, run folder, method, MoveNet, network size, crop, speed, batch, passes, stop
    auto* method = panel().findChildren<QComboBox*>().at(0);
    for (int i = 0; i < method->count(); ++i)
        EXPECT_FALSE(method->itemData(i, Qt::ToolTipRole).toString().isEmpty()) << method->itemText(i).toStdString();
    for (auto* spin : panel().findChildren<QAbstractSpinBox*>()) EXPECT_FALSE(spin->toolTip().isEmpty());

    QSettings().remove(QStringLiteral("training/images_per_s"));
    auto* epochs = panel().findChildren<QSpinBox*>().at(2);
    epochs->setValue(11);
    EXPECT_TRUE(panel().estimateText().contains(QStringLiteral("after its first steps")))
        << panel().estimateText().toStdString();
    QSettings().setValue(QStringLiteral("training/images_per_s/matching"), 2.0);
    epochs->setValue(10);  // 10 passes x 4 figures / 2 images/s = 20 s
    EXPECT_TRUE(panel().estimateText().contains(QStringLiteral("about 0:00:20")))
        << panel().estimateText().toStdString();
    EXPECT_TRUE(panel().estimateText().contains(QStringLiteral("estimate"))) << panel().estimateText().toStdString();
    panel().setDataset(QStringLiteral("/nonexistent/annotations.json"));
    EXPECT_TRUE(panel().estimateText().contains(QStringLiteral("choose the training images")))
        << panel().estimateText().toStdString();
    QSettings().remove(QStringLiteral("training/images_per_s"));
}
