// The Model menu (issue 14 item 1): the built-in models listed with their manifest scores,
// choosing one activates and remembers it, a lower-scoring model is asked about first ("No"
// keeps the current one, from the menu and from the Train tab's "Use this model"), the active
// model is named, never "model", and a remembered model since deleted falls back to the default.
#include "MainWindow.h"
#include "MessageBar.h"
#include "ModelCatalog.h"
#include "ModelMenu.h"
#include "TestPaths.h"
#include "TrainedModel.h"
#include "TrainingPanel.h"
#include "TrainingRunHistory.h"
#include "UiTestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QPainter>
#include <QSettings>
#include <QStatusBar>
#include <QTest>

#include <gtest/gtest.h>

using namespace refpose;
using namespace refpose::ui;

namespace {

QString modelsFolder() { return QString::fromStdString(test::modelsDir().string()); }

// OKS@50 of one block of the manifest's metrics, read here independently of the catalog.
double manifestOks50(const QString& block) {
    QFile f(QDir(modelsFolder()).filePath(QStringLiteral("refpose-illustrated.manifest.json")));
    if (!f.open(QIODevice::ReadOnly)) return -1;
    return QJsonDocument::fromJson(f.readAll())
        .object()[QStringLiteral("metrics")][block][QStringLiteral("OKS@50")]
        .toDouble(-1);
}

class ModelChooserTest : public ::testing::Test {
protected:
    void SetUp() override {
        test::ensureApplication();
        QSettings().clear();
        QSettings().setValue(QStringLiteral("welcome/shown"), true);
        if (!QFileInfo::exists(QDir(modelsFolder()).filePath(QStringLiteral("movenet-thunder.json"))))
            REFPOSE_SKIP_FOR_MISSING("MoveNet Thunder in " << test::modelsDir());
        dir = test::freshTempDir();
        MainWindowOptions o;
        o.restoreSettings = false;
        o.modelsDir = modelsFolder();
        window = std::make_unique<MainWindow>(o);
        window->setConfirmFunction([this](const QString&, const QString& question) {
            questions << question;
            return answer;
        });
        window->resize(1200, 800);
        window->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
    }
    bool idle() {
        return test::waitUntil([this] { return !window->isBusy(); }, std::chrono::seconds(60));
    }

    // The menu as the user opens it (rebuilt on aboutToShow).
    QList<QAction*> menuEntries() {
        Q_EMIT window->modelMenu()->aboutToShow();
        return window->modelMenu()->choiceActions();
    }
    QAction* entry(const QString& name) {
        for (QAction* a : menuEntries())
            if (a->text() == name || a->text().startsWith(name + QStringLiteral(" — "))) return a;
        return nullptr;
    }
    QString statusModelText() const {
        for (QLabel* l : window->statusBar()->findChildren<QLabel*>())
            if (l->text().startsWith(QStringLiteral("Model:"))) return l->text();
        return {};
    }
    // A finished training run with an exported model (not a loadable one: it is never loaded
    // unless the user says yes) and the given best validation OKS@50.
    QString addTrainedRun(const QString& name, double oks50) {
        const QString folder = QString::fromStdString((dir / name.toStdString()).string());
        QDir().mkpath(folder);
        QFile model(QDir(folder).filePath(QStringLiteral("model.refpose")));
        EXPECT_TRUE(model.open(QIODevice::WriteOnly));
        model.write("not a model");
        TrainingRunRecord run;
        run.folder = folder;
        run.architecture = QStringLiteral("task-finetune");
        run.result = QStringLiteral("completed");
        run.metrics = QJsonObject{{QStringLiteral("OKS@50"), oks50}};
        TrainingRunHistory::save(run);
        return model.fileName();
    }
    void activate(const QString& name) {
        QAction* a = entry(name);
        ASSERT_NE(a, nullptr) << name.toStdString();
        a->trigger();
        ASSERT_TRUE(test::waitUntil([&] { return window->activeModelName() == name && !window->isBusy(); },
                                    std::chrono::seconds(60)))
            << "active: " << window->activeModelName().toStdString() << "; "
            << window->messageBar()->text().toStdString();
    }

    std::filesystem::path dir;
    std::unique_ptr<MainWindow> window;
    QStringList questions;
    bool answer = false;
};

TEST_F(ModelChooserTest, TheMenuListsTheBuiltInModelsWithTheirManifestScores) {
    const double refposeDev = manifestOks50(QStringLiteral("illustrations_dev"));
    const double thunderDev = manifestOks50(QStringLiteral("illustrations_dev_thunder"));
    ASSERT_GT(refposeDev, 0);
    ASSERT_GT(thunderDev, 0);
    QStringList labels;
    for (QAction* a : menuEntries()) labels << a->text();
    ASSERT_GE(labels.size(), 3) << labels.join(QStringLiteral(" | ")).toStdString();
    EXPECT_EQ(labels[0], QStringLiteral("RefPose illustrated — OKS@50 %1").arg(refposeDev, 0, 'f', 2));
    EXPECT_EQ(labels[1], QStringLiteral("MoveNet Thunder — OKS@50 %1").arg(thunderDev, 0, 'f', 2));
    EXPECT_EQ(labels[2], QStringLiteral("MoveNet Lightning"));  // not measured on illustrations: no score shown
    // The tooltip says where the score comes from, held-out folds included.
    EXPECT_TRUE(entry(QStringLiteral("RefPose illustrated"))->toolTip().contains(QStringLiteral("held-out folds")));
    // A trained run appears under its folder's name with its validation score.
    addTrainedRun(QStringLiteral("my-run"), 0.08);
    QAction* trained = entry(QStringLiteral("my-run"));
    ASSERT_NE(trained, nullptr);
    EXPECT_EQ(trained->text(), QStringLiteral("my-run — OKS@50 0.08"));
}

TEST_F(ModelChooserTest, ChoosingMoveNetThunderActivatesItRemembersItAndTheStatusBarNamesIt) {
    activate(QStringLiteral("MoveNet Thunder"));
    EXPECT_TRUE(statusModelText().startsWith(QStringLiteral("Model: MoveNet Thunder")))
        << statusModelText().toStdString();
    EXPECT_EQ(QFileInfo(QSettings().value(QLatin1String(kActiveModelKey)).toString()).fileName(),
              QStringLiteral("movenet-thunder.json"));
    EXPECT_TRUE(entry(QStringLiteral("MoveNet Thunder"))->isChecked());
    EXPECT_TRUE(questions.isEmpty());  // nothing active with a score before: nothing to ask

    // Reversible from the menu: Lightning has no measured score, so it is not asked about either.
    activate(QStringLiteral("MoveNet Lightning"));
    EXPECT_TRUE(statusModelText().startsWith(QStringLiteral("Model: MoveNet Lightning")))
        << statusModelText().toStdString();
    EXPECT_TRUE(entry(QStringLiteral("MoveNet Lightning"))->isChecked());
    EXPECT_FALSE(entry(QStringLiteral("MoveNet Thunder"))->isChecked());
}

TEST_F(ModelChooserTest, ALowerScoringTrainedModelIsAskedAboutAndNoKeepsTheCurrentOne) {
    activate(QStringLiteral("MoveNet Thunder"));
    const QString thunderFile = window->activeModelFile();
    const QString weak = addTrainedRun(QStringLiteral("weak-run"), 0.08);

    answer = false;
    entry(QStringLiteral("weak-run"))->trigger();
    ASSERT_TRUE(idle());
    ASSERT_EQ(questions.size(), 1);
    for (const char* part : {"weak-run", "0.08", "MoveNet Thunder", "0.73"})
        EXPECT_TRUE(questions[0].contains(QLatin1String(part))) << part << " not in: " << questions[0].toStdString();
    EXPECT_EQ(window->activeModelName(), QStringLiteral("MoveNet Thunder"));
    EXPECT_EQ(QSettings().value(QLatin1String(kActiveModelKey)).toString(), thunderFile);
    EXPECT_TRUE(entry(QStringLiteral("MoveNet Thunder"))->isChecked());  // the menu's check went back

    // "Use this model" in the Train tab goes through the same question.
    auto* panel = window->findChild<TrainingPanel*>();
    ASSERT_NE(panel, nullptr);
    Q_EMIT panel->modelChosen(weak);
    ASSERT_TRUE(idle());
    EXPECT_EQ(questions.size(), 2);
    EXPECT_EQ(window->activeModelName(), QStringLiteral("MoveNet Thunder"));

    // "Yes" tries it; this file is no model, so the error names it and Thunder stays, not remembered.
    answer = true;
    Q_EMIT panel->modelChosen(weak);
    ASSERT_TRUE(idle());
    EXPECT_EQ(questions.size(), 3);
    EXPECT_EQ(window->activeModelName(), QStringLiteral("MoveNet Thunder"));
    EXPECT_TRUE(window->messageBar()->text().contains(weak)) << window->messageBar()->text().toStdString();
    EXPECT_EQ(QSettings().value(QLatin1String(kActiveModelKey)).toString(), thunderFile);
}

// A run's exported model is always "model.refpose": the window names it after the run's folder.
TEST_F(ModelChooserTest, ATrainedModelIsNamedAfterItsRunNotModel) {
    training::registerTrainedModelLoader();
    const QString source = ModelCatalog::defaultModelFile(modelsFolder());
    if (!QFileInfo::exists(source)) REFPOSE_SKIP_FOR_MISSING(source.toStdString());
    activate(QStringLiteral("MoveNet Thunder"));
    const QString model = addTrainedRun(QStringLiteral("good-run"), 0.9);
    QFile::remove(model);
    ASSERT_TRUE(QFile::copy(source, model));
    Q_EMIT window->findChild<TrainingPanel*>()->modelChosen(model);  // "Use this model"
    ASSERT_TRUE(test::waitUntil([&] { return window->activeModelFile() == model && !window->isBusy(); },
                                std::chrono::seconds(60)))
        << window->messageBar()->text().toStdString();
    EXPECT_TRUE(questions.isEmpty());  // higher than Thunder's score: nothing to ask
    EXPECT_EQ(window->activeModelName(), QStringLiteral("good-run"));
    EXPECT_EQ(statusModelText(), QStringLiteral("Model: good-run — OKS@50 0.90"));
    EXPECT_EQ(QSettings().value(QLatin1String(kActiveModelKey)).toString(), model);
    EXPECT_TRUE(entry(QStringLiteral("good-run"))->isChecked());
}

TEST_F(ModelChooserTest, ScreenshotOfTheOpenModelMenu) {
    activate(QStringLiteral("MoveNet Thunder"));
    addTrainedRun(QStringLiteral("weak-run"), 0.08);
    QMenuBar* bar = window->menuBar();
    const QRect title = bar->actionGeometry(window->modelMenu()->menuAction());
    window->modelMenu()->popup(bar->mapToGlobal(title.bottomLeft()));
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window->modelMenu()));
    QPixmap shot = window->grab();
    {
        QPainter p(&shot);
        p.drawPixmap(window->mapFromGlobal(window->modelMenu()->pos()), window->modelMenu()->grab());
    }
    window->modelMenu()->hide();
    const auto outDir = test::binaryDir() / "screenshots";
    std::filesystem::create_directories(outDir);
    const QString file = QString::fromStdString((outDir / "model-menu.png").string());
    ASSERT_TRUE(shot.save(file));
    EXPECT_TRUE(statusModelText().startsWith(QStringLiteral("Model: MoveNet Thunder")));
}

// Start-up as app/gui/main.cpp does it: the remembered model was deleted, so the window opens the
// default, names it in the status bar and says why once it loaded.
TEST_F(ModelChooserTest, AtStartAMissingRememberedModelFallsBackToRefPoseIllustratedWithAMessage) {
    training::registerTrainedModelLoader();
    const QString defaultFile = ModelCatalog::defaultModelFile(modelsFolder());
    if (!QFileInfo::exists(defaultFile)) REFPOSE_SKIP_FOR_MISSING(defaultFile.toStdString());
    const StartModel start = ModelCatalog::startModel(defaultFile, {}, QStringLiteral("/gone/old-run/model.refpose"));
    MainWindowOptions o;
    o.restoreSettings = false;
    o.modelsDir = modelsFolder();
    o.modelFile = start.file;
    o.modelNotice = start.notice;
    window = std::make_unique<MainWindow>(o);
    window->show();
    ASSERT_TRUE(idle());
    EXPECT_EQ(window->activeModelName(), QStringLiteral("RefPose illustrated"))
        << window->messageBar()->text().toStdString();
    EXPECT_TRUE(statusModelText().startsWith(QStringLiteral("Model: RefPose illustrated")))
        << statusModelText().toStdString();
    EXPECT_TRUE(window->messageBar()->text().contains(QStringLiteral("/gone/old-run/model.refpose")))
        << window->messageBar()->text().toStdString();
    EXPECT_TRUE(entry(QStringLiteral("RefPose illustrated"))->isChecked());
}

// The catalog's naming and start-up choice, without a window.
TEST(ModelCatalogTest, TheActiveModelIsNeverNamedModel) {
    test::ensureApplication();
    QSettings().clear();
    EXPECT_EQ(ModelCatalog::describe(QStringLiteral("/runs/pose-run-7/model.refpose"), {}).name,
              QStringLiteral("pose-run-7"));
    EXPECT_EQ(ModelCatalog::describe(QStringLiteral("/models/other.refpose"), {}).name, QStringLiteral("other"));
    const QList<ModelChoice> builtIns = ModelCatalog::builtIns(modelsFolder());
    ASSERT_FALSE(builtIns.isEmpty());
    for (const ModelChoice& c : builtIns) EXPECT_NE(c.name, QStringLiteral("model"));
    EXPECT_EQ(ModelCatalog::describe(ModelCatalog::defaultModelFile(modelsFolder()), builtIns).name,
              QStringLiteral("RefPose illustrated"));
}

TEST(ModelCatalogTest, AMissingRememberedModelFallsBackToTheDefaultWithANotice) {
    test::ensureApplication();
    const QString defaultFile = ModelCatalog::defaultModelFile(modelsFolder());
    const QString missing = QStringLiteral("/nonexistent/run/model.refpose");
    const StartModel fallback = ModelCatalog::startModel(defaultFile, {}, missing);
    EXPECT_EQ(fallback.file, defaultFile);
    EXPECT_TRUE(fallback.notice.contains(QDir::toNativeSeparators(missing))) << fallback.notice.toStdString();
    EXPECT_TRUE(fallback.notice.contains(QStringLiteral("RefPose illustrated"))) << fallback.notice.toStdString();

    const QString thunder = QDir(modelsFolder()).filePath(QStringLiteral("movenet-thunder.json"));
    EXPECT_EQ(ModelCatalog::startModel(defaultFile, {}, thunder).file, thunder);
    EXPECT_TRUE(ModelCatalog::startModel(defaultFile, {}, thunder).notice.isEmpty());
    EXPECT_EQ(ModelCatalog::startModel(defaultFile, QStringLiteral("cli.json"), missing).file,
              QStringLiteral("cli.json"));
    EXPECT_EQ(ModelCatalog::startModel(defaultFile, {}, {}).file, defaultFile);
}

}  // namespace
