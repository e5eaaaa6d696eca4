// One user story with the real MoveNet estimator: add a folder of rendered figures to the
// library (indexed in the background), drop one of them, see its estimated skeleton and find
// it first. Skips when the models are absent (scripts/fetch-models.sh fetches them).
#include "LibraryPanel.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "QueryPanel.h"
#include "ResultsModel.h"
#include "ResultsView.h"
#include "SearchScheduler.h"
#include "SkeletonCanvas.h"
#include "TestPaths.h"
#include "UiTestSupport.h"

#include <QDropEvent>
#include <QMimeData>
#include <QSettings>
#include <QTest>
#include <QUrl>

#include <gtest/gtest.h>

using namespace refpose;
using namespace refpose::ui;

namespace {
constexpr int kFigures = 5;         // keeps the test to a few seconds on a CPU
constexpr int kFigureHeight = 640;  // pixels: MoveNet sees the figure at a usual size
}  // namespace

TEST(EndToEndTest, RealEstimatorIndexesAFolderAndFindsADroppedFigureFirst) {
    const auto model = test::modelsDir() / "movenet-thunder.json";
    REFPOSE_SKIP_UNLESS_EXISTS(model);
    test::ensureApplication();
    QSettings().clear();
    QSettings().setValue(QStringLiteral("welcome/shown"), true);
    const auto dir = test::freshTempDir();
    const auto figures = test::writeFigures(dir / "figures", kFigures, 30, kFigureHeight);

    MainWindowOptions o;
    o.restoreSettings = false;
    o.libraryFile = QString::fromStdString((dir / "library.sqlite").string());
    o.modelFile = QString::fromStdString(model.string());
    MainWindow window(o);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    ASSERT_TRUE(test::waitUntil([&] { return !window.isBusy(); }, std::chrono::seconds(60)));
    ASSERT_TRUE(window.messageBar()->text().isEmpty()) << window.messageBar()->text().toStdString();

    window.libraryPanel()->addFolders({QString::fromStdString((dir / "figures").string())});
    ASSERT_TRUE(test::waitUntil([&] { return window.libraryPanel()->lastReport().has_value() && !window.isBusy(); },
                                std::chrono::seconds(60)));
    const IndexReport& report = *window.libraryPanel()->lastReport();
    for (const auto& f : report.failures) ADD_FAILURE() << f.path << ": " << f.reason;
    EXPECT_EQ(report.estimated, kFigures);
    EXPECT_EQ(window.libraryPanel()->counts().images, kFigures);

    // A copy of a library figure outside the library: its pixels, but not its file (the file
    // itself is not a result of its own query; checked at the end).
    const auto copy = dir / "query.png";
    std::filesystem::copy_file(figures[2].first, copy);
    const auto dropFile = [&](const std::filesystem::path& file) {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(QString::fromStdString(file.string()))});
        QDragEnterEvent enter(QPoint(200, 200), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &enter);
        QDropEvent drop(QPointF(200, 200), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &drop);
    };
    dropFile(copy);
    ASSERT_TRUE(
        test::waitUntil([&] { return window.queryPanel()->hasImage() && !window.isBusy(); }, std::chrono::seconds(60)))
        << "message: " << window.messageBar()->text().toStdString() << " image " << window.queryPanel()->hasImage()
        << " searching " << window.scheduler()->busy() << " library " << window.libraryPanel()->busy();

    const Pose& estimated = window.queryPanel()->imageCanvas()->state().pose;
    EXPECT_EQ(countLabelled(estimated), int(kNumKeypoints));  // the skeleton drawn over the image
    auto* results = window.resultsView()->model();
    ASSERT_EQ(results->rowCount(), kFigures);
    // The same image through the same estimator: the same pose, so distance 0 and first.
    EXPECT_EQ(results->item(0).hit.entry.imagePath, figures[2].first.string());
    EXPECT_NEAR(results->item(0).hit.distance, 0.f, 1e-3);
    const Pose& stored = results->item(0).hit.entry.pose;
    for (std::size_t i = 0; i < kNumKeypoints; ++i) {
        EXPECT_NEAR(stored.kp[i].x, estimated.kp[i].x, 1e-2) << kKeypointNames[i];
        EXPECT_NEAR(stored.kp[i].y, estimated.kp[i].y, 1e-2) << kKeypointNames[i];
    }

    // The library's own file: the nearest other figures, not itself.
    dropFile(figures[2].first);
    ASSERT_TRUE(test::waitUntil([&] { return !window.isBusy() && results->rowCount() == kFigures - 1; },
                                std::chrono::seconds(60)))
        << results->rowCount();
    for (int i = 0; i < results->rowCount(); ++i)
        EXPECT_NE(results->item(i).hit.entry.imagePath, figures[2].first.string()) << i;
}
