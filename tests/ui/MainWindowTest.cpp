// User stories of the main window on the offscreen platform: drop an image and see its
// skeleton and results; drag a joint and see the results change, undo restores them; cancel an
// index run; bad files give messages, not crashes; a screenshot of the populated window.
#include "BodyPart.h"
#include "LibraryPanel.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "QueryPanel.h"
#include "ResultsModel.h"
#include "ResultViewer.h"
#include "ResultsView.h"
#include "SearchScheduler.h"
#include "SkeletonCanvas.h"
#include "TestPaths.h"
#include "UiTestSupport.h"

#include <QComboBox>
#include <QDropEvent>
#include <QFileInfo>
#include <QLabel>
#include <QListView>
#include <QMimeData>
#include <QSettings>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>
#include <QUrl>

#include <gtest/gtest.h>

#include <cmath>

#include <fstream>
#include <set>

using namespace refpose;
using namespace refpose::ui;

namespace {
constexpr int kLibraryFigures = 24;

class MainWindowTest : public ::testing::Test {
protected:
    void SetUp() override {
        test::ensureApplication();
        dir = test::freshTempDir();
        lib = test::makeFigureLibrary(dir, kLibraryFigures);
        window = test::showWindowOnFigures(lib, [this](const QueryResult& r) { shown.push_back(r); });
        ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
        ASSERT_TRUE(idle());
    }
    bool idle() {
        return test::waitUntil([this] { return !window->isBusy(); });
    }

    void drop(const QString& file) {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(file)});
        const QPointF at(window->width() / 2.0, window->height() / 2.0);
        QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(window.get(), &enter);
        QDropEvent dropEvent(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(window.get(), &dropEvent);
    }
    // Drops a new drawing of figure `variant` at a size the library does not have.
    QString dropFigure(int variant) {
        const test::Figure f = test::drawFigure(variant, QSize(480, 760));
        lib.poses->add(f.image.size(), f.pose);
        const QString file = QString::fromStdString((dir / "query.png").string());
        f.image.save(file);
        shown.clear();
        drop(file);
        return file;
    }
    std::vector<std::pair<std::int64_t, float>> shownIds() const {
        std::vector<std::pair<std::int64_t, float>> ids;
        auto* m = window->resultsView()->model();
        for (int i = 0; i < m->rowCount(); ++i) ids.emplace_back(m->item(i).hit.entry.poseId, m->item(i).hit.distance);
        return ids;
    }
    void dragOnCanvas(SkeletonCanvas* canvas, QPointF from, QPointF to, int steps) {
        QTest::mousePress(canvas, Qt::LeftButton, Qt::NoModifier, from.toPoint());
        for (int i = 1; i <= steps; ++i) {
            const QPointF p = from + (to - from) * (double(i) / steps);
            QMouseEvent move(QEvent::MouseMove, p, canvas->mapToGlobal(p), Qt::NoButton, Qt::LeftButton,
                             Qt::NoModifier);
            QCoreApplication::sendEvent(canvas, &move);
            QCoreApplication::processEvents();
        }
        QTest::mouseRelease(canvas, Qt::LeftButton, Qt::NoModifier, to.toPoint());
    }

    std::filesystem::path dir;
    test::FigureLibrary lib;
    std::unique_ptr<MainWindow> window;
    std::vector<QueryResult> shown;
};

// True when `region` of `image` holds at least `minPixels` pixels near `colour`.
bool holdsColour(const QImage& image, const QRect& region, QRgb colour, int minPixels) {
    int n = 0;
    const QRect r = region.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x) {
            const QRgb p = image.pixel(x, y);
            if (std::abs(qRed(p) - qRed(colour)) + std::abs(qGreen(p) - qGreen(colour)) +
                    std::abs(qBlue(p) - qBlue(colour)) <
                60)
                ++n;
        }
    return n >= minPixels;
}

int distinctColours(const QImage& image, const QRect& region) {
    std::set<QRgb> colours;
    const QRect r = region.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x) colours.insert(image.pixel(x, y));
    return int(colours.size());
}
}  // namespace

TEST_F(MainWindowTest, DroppingAnImageShowsItsSkeletonAndItsNearestFiguresFirst) {
    dropFigure(7);
    ASSERT_TRUE(test::waitUntil([this] { return !shown.empty() && !window->isBusy(); }));
    QueryPanel* q = window->queryPanel();
    EXPECT_TRUE(q->imageMode());
    ASSERT_TRUE(q->hasImage());
    EXPECT_EQ(q->imageCanvas()->background().size(), QSize(480, 760));
    EXPECT_EQ(countLabelled(q->imageCanvas()->state().pose), int(kNumKeypoints));
    ASSERT_EQ(window->resultsView()->model()->rowCount(), kLibraryFigures);  // k = 24 by default
    const auto& first = window->resultsView()->model()->item(0).hit;
    EXPECT_EQ(first.entry.imagePath, lib.figures[7].first.string());
    // Not exactly 0: the renderer's box (the scale) hugs the hair and clothes, which are not
    // drawn in exact proportion at another image size.
    EXPECT_LT(first.distance, 0.1f);
}

// Space on a result (or "View large") opens the in-app viewer: the picture at once from the
// thumbnail, then the full picture fitted to most of the screen, with the skeleton over it.
TEST_F(MainWindowTest, SpaceOnAResultShowsItLargeInTheApp) {
    window->resultsView()->setK(4);
    QueryPanel* q = window->queryPanel();
    q->showSkeletonMode();
    ASSERT_TRUE(test::waitUntil([this] { return !shown.empty() && !window->isBusy(); }));
    QListView* list = window->resultsView()->list();
    list->setCurrentIndex(list->model()->index(1, 0));
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Space);
    ResultViewer* viewer = window->resultsView()->viewer();
    ASSERT_NE(viewer, nullptr);
    EXPECT_TRUE(viewer->isVisible());
    const auto& entry = window->resultsView()->model()->item(1).hit.entry;
    EXPECT_EQ(viewer->item().hit.entry.poseId, entry.poseId);
    const QString name = QFileInfo(QString::fromStdString(entry.imagePath)).fileName();
    EXPECT_TRUE(viewer->windowTitle().startsWith(name)) << viewer->windowTitle().toStdString();
    EXPECT_TRUE(viewer->windowTitle().contains(QStringLiteral("d = "))) << viewer->windowTitle().toStdString();
    ASSERT_TRUE(test::waitUntil([&] { return viewer->showsFullPicture(); }));
    auto* label = viewer->findChild<QLabel*>();
    ASSERT_NE(label, nullptr);
    const QSizeF shownSize = QSizeF(label->pixmap().size()) / label->pixmap().devicePixelRatio();
    const QSize fit = viewer->fitSize();
    // The figure image is 320 px high at most; fitted, it grows to the viewer's height.
    EXPECT_NEAR(std::max(shownSize.width() / fit.width(), shownSize.height() / fit.height()), 1.0, 0.01);
    // What a user sees: the figure's picture, not an empty (black) window.
    const QImage seen = viewer->grab().toImage();
    seen.save(QString::fromStdString((test::binaryDir() / "screenshots" / "result-viewer.png").string()));
    int dark = 0;
    for (int y = 0; y < seen.height(); y += 8)
        for (int x = 0; x < seen.width(); x += 8) dark += qGray(seen.pixel(x, y)) < 16;
    EXPECT_LT(dark, (seen.width() / 8) * (seen.height() / 8) / 2) << "mostly black";
    QTest::keyClick(viewer, Qt::Key_Escape);
    EXPECT_FALSE(viewer->isVisible());
}

// View > Browse library: the indexed figures in the grid, in the order indexed, without distances;
// a query change searches again.
TEST_F(MainWindowTest, BrowsingTheLibraryShowsWhatIsIndexedWithoutAQuery) {
    ASSERT_TRUE(test::waitUntil([this] { return !window->isBusy(); }));
    window->browseLibrary();
    ASSERT_TRUE(test::waitUntil(
        [this] { return window->resultsView()->summaryText().startsWith(QStringLiteral("Browsing the library")); }));
    auto* model = window->resultsView()->model();
    ASSERT_EQ(model->rowCount(), kLibraryFigures);
    for (int i = 0; i < model->rowCount(); ++i) {
        EXPECT_TRUE(std::isnan(model->item(i).hit.distance)) << i;
        EXPECT_FALSE(model->item(i).thumbnail.isNull()) << i;
    }
    EXPECT_LT(model->item(0).hit.entry.poseId, model->item(1).hit.entry.poseId);
    EXPECT_TRUE(window->resultsView()->summaryText().contains(QStringLiteral("of %1 poses").arg(kLibraryFigures)))
        << window->resultsView()->summaryText().toStdString();
    shown.clear();
    window->queryPanel()->showSkeletonMode();
    window->queryPanel()->skeletonCanvas()->moveBy(3, 0);
    ASSERT_TRUE(test::waitUntil([this] { return !shown.empty() && !window->isBusy(); }));
    EXPECT_FALSE(std::isnan(model->item(0).hit.distance));
}

// Dropping a library image finds the nearest other figures: its own entry is not a result.
TEST_F(MainWindowTest, ADroppedLibraryImageIsNotItsOwnResult) {
    window->resultsView()->setK(5);
    const auto& own = lib.figures[4].first;
    drop(QString::fromStdString(own.string()));
    ASSERT_TRUE(test::waitUntil([this] { return !shown.empty() && !window->isBusy(); }));
    ASSERT_EQ(window->resultsView()->model()->rowCount(), 5);
    for (int i = 0; i < 5; ++i)
        EXPECT_NE(window->resultsView()->model()->item(i).hit.entry.imagePath, own.string()) << i;
}

// An image without a character: the standing figure over it, a message, no results and no
// search until the artist's first edit, which starts it.
TEST_F(MainWindowTest, AnImageWithoutACharacterSaysSoAndWaitsForAnEdit) {
    const auto empty = dir / "landscape.png";
    QImage blank(333, 222, QImage::Format_RGB32);
    blank.fill(Qt::darkGreen);
    ASSERT_TRUE(blank.save(QString::fromStdString(empty.string())));
    shown.clear();
    drop(QString::fromStdString(empty.string()));
    QueryPanel* q = window->queryPanel();
    ASSERT_TRUE(test::waitUntil([&] { return q->hasImage() && !window->isBusy(); }));
    EXPECT_TRUE(q->awaitingFirstEdit());
    EXPECT_FALSE(q->currentQuery(5).has_value());
    EXPECT_EQ(window->resultsView()->model()->rowCount(), 0);
    EXPECT_TRUE(window->resultsView()->summaryText().contains(QStringLiteral("No character found")))
        << window->resultsView()->summaryText().toStdString();
    const Pose& figure = q->imageCanvas()->state().pose;
    EXPECT_EQ(countLabelled(figure), int(kNumKeypoints));  // the standing figure, not a clump
    EXPECT_TRUE(QRectF(0, 0, 333, 222).contains(boundsOf(figure)));
    EXPECT_TRUE(shown.empty());
    q->imageCanvas()->moveBy(5, 0);  // the first edit
    EXPECT_FALSE(q->awaitingFirstEdit());
    ASSERT_TRUE(test::waitUntil([this] { return !shown.empty() && !window->isBusy(); }));
    EXPECT_GT(window->resultsView()->model()->rowCount(), 0);
}

TEST_F(MainWindowTest, DraggingAJointChangesTheResultsAndUndoRestoresThem) {
    QueryPanel* q = window->queryPanel();
    window->resultsView()->setK(8);
    q->showSkeletonMode();
    ASSERT_TRUE(test::waitUntil([this] { return !shown.empty() && !window->isBusy(); }));
    const auto before = shownIds();
    ASSERT_EQ(before.size(), 8u);

    SkeletonCanvas* canvas = q->skeletonCanvas();
    const QPointF wrist = canvas->widgetPosOf(Kp::LeftWrist);
    const QPointF elbow = canvas->widgetPosOf(Kp::LeftElbow);
    shown.clear();
    dragOnCanvas(canvas, elbow, elbow + QPointF(60, -90), 6);
    dragOnCanvas(canvas, canvas->widgetPosOf(Kp::LeftWrist), wrist + QPointF(120, -260), 12);
    ASSERT_TRUE(test::waitUntil([this] { return !window->isBusy(); }));
    ASSERT_FALSE(shown.empty());
    // Live: results arrived during the drags, fewer searches than mouse moves (compressed).
    EXPECT_LE(window->scheduler()->started(), 1u + 18u);
    const auto after = shownIds();
    EXPECT_NE(after, before);
    // The final results are those of the final pose.
    const auto finalQuery = q->currentQuery(8);
    ASSERT_TRUE(finalQuery.has_value());
    EXPECT_EQ(shown.back().query.pose, finalQuery->pose);

    ASSERT_EQ(q->skeletonUndo()->count(), 2);  // one step per drag
    q->skeletonUndo()->undo();
    q->skeletonUndo()->undo();
    ASSERT_TRUE(test::waitUntil([this] { return !window->isBusy(); }));
    EXPECT_EQ(q->skeletonCanvas()->state().pose, defaultStandingPose());
    EXPECT_EQ(shownIds(), before);
}

TEST_F(MainWindowTest, MoreLikeThisLoadsAResultsPoseIntoTheCanvas) {
    dropFigure(3);
    ASSERT_TRUE(test::waitUntil([this] { return !shown.empty() && !window->isBusy(); }));
    const Pose resultPose = window->resultsView()->model()->item(2).hit.entry.pose;
    Q_EMIT window->resultsView()->moreLikeThis(resultPose);
    ASSERT_TRUE(test::waitUntil([this] { return !window->isBusy(); }));
    QueryPanel* q = window->queryPanel();
    EXPECT_FALSE(q->imageMode());
    // The same pose, moved and scaled: it finds its source first (not at distance 0: the
    // canvas's box is the joints' box, the library's the rendered character's).
    const auto first = window->resultsView()->model()->item(0).hit;
    EXPECT_EQ(first.entry.pose, resultPose);
    EXPECT_EQ(q->skeletonUndo()->count(), 1);
}

TEST_F(MainWindowTest, PartialQueriesCropThumbnailsAroundThePart) {
    QueryPanel* q = window->queryPanel();
    q->showSkeletonMode();
    q->partBox()->setCurrentIndex(q->partBox()->findText(QStringLiteral("Left arm")));
    ASSERT_TRUE(test::waitUntil([this] { return !shown.empty() && !window->isBusy(); }));
    const auto& r = shown.back();
    ASSERT_TRUE(r.query.options.joints.has_value());
    EXPECT_TRUE(r.query.part[idx(Kp::LeftWrist)]);
    EXPECT_FALSE(r.query.part[idx(Kp::RightAnkle)]);
    ASSERT_FALSE(r.items.empty());
    // Both canvases highlight the part searched on, and drop the highlight for the whole body.
    EXPECT_EQ(q->skeletonCanvas()->highlightedPart(), jointsOf(BodyPart::LeftArm));
    EXPECT_EQ(q->imageCanvas()->highlightedPart(), jointsOf(BodyPart::LeftArm));
    q->partBox()->setCurrentIndex(q->partBox()->findText(QStringLiteral("Whole body")));
    EXPECT_EQ(q->skeletonCanvas()->highlightedPart(), allJoints());
}

TEST_F(MainWindowTest, ACorruptImageGivesAMessageNamingItAndNoCrash) {
    const auto bad = dir / "broken.png";
    std::ofstream(bad) << "this is not a PNG";
    drop(QString::fromStdString(bad.string()));
    ASSERT_TRUE(test::waitUntil([this] { return !window->messageBar()->text().isEmpty() && !window->isBusy(); }));
    EXPECT_NE(window->messageBar()->text().indexOf(QStringLiteral("broken.png")), -1)
        << window->messageBar()->text().toStdString();
    EXPECT_FALSE(window->queryPanel()->hasImage());
}

TEST_F(MainWindowTest, IndexingShowsFailuresWithTheirReasons) {
    const auto extra = dir / "extra";
    test::writeFigures(extra, 3, 100);
    std::ofstream(extra / "truncated.jpg") << "\xff\xd8\xff not really";
    window->libraryPanel()->addFolders({QString::fromStdString(extra.string())});
    ASSERT_TRUE(
        test::waitUntil([this] { return window->libraryPanel()->lastReport().has_value() && !window->isBusy(); }));
    const IndexReport& r = *window->libraryPanel()->lastReport();
    EXPECT_EQ(r.failed, 1);
    auto* failures = window->libraryPanel()->findChild<QTreeWidget*>();
    ASSERT_NE(failures, nullptr);
    ASSERT_EQ(failures->topLevelItemCount(), 1);
    EXPECT_NE(failures->topLevelItem(0)->text(0).indexOf(QStringLiteral("truncated.jpg")), -1);
    EXPECT_FALSE(failures->topLevelItem(0)->text(1).isEmpty());
    EXPECT_EQ(window->libraryPanel()->counts().images, kLibraryFigures + 3);
}

TEST_F(MainWindowTest, CancellingARunningIndexStopsItAndKeepsTheWindowResponsive) {
    constexpr int kMany = 150;
    const auto many = dir / "many";
    for (const auto& [file, pose] : test::writeFigures(many, kMany, 200))
        lib.poses->add(QImage(QString::fromStdString(file.string())).size(), pose);
    lib.estimator->setDelay(std::chrono::milliseconds(20));
    const int callsBefore = lib.estimator->calls();
    window->libraryPanel()->addFolders({QString::fromStdString(many.string())});
    ASSERT_TRUE(test::waitUntil([&] { return lib.estimator->calls() > callsBefore + 10; }));
    EXPECT_TRUE(window->libraryPanel()->indexing());
    window->libraryPanel()->cancelIndexing();
    ASSERT_TRUE(test::waitUntil([this] { return !window->libraryPanel()->indexing() && !window->isBusy(); }));
    const IndexReport& r = *window->libraryPanel()->lastReport();
    EXPECT_TRUE(r.cancelled);
    EXPECT_LT(r.estimated, kMany);
    EXPECT_LT(window->libraryPanel()->counts().images, kLibraryFigures + kMany);
    EXPECT_GT(window->libraryPanel()->counts().images, kLibraryFigures);  // committed work is kept
}

TEST_F(MainWindowTest, ScreenshotOfThePopulatedWindowShowsTheQueryAndTheThumbnails) {
    dropFigure(11);
    ASSERT_TRUE(test::waitUntil([this] { return !shown.empty() && !window->isBusy(); }));
    QCoreApplication::processEvents();
    const QImage shot = window->grab().toImage().convertToFormat(QImage::Format_RGB32);
    const auto outDir = test::binaryDir() / "screenshots";
    std::filesystem::create_directories(outDir);
    const auto file = outDir / "mainwindow-image-query.png";
    ASSERT_TRUE(shot.save(QString::fromStdString(file.string())));
    // Not blank: many distinct colours.
    std::set<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 3)
        for (int x = 0; x < shot.width(); x += 3) colours.insert(shot.pixel(x, y));
    EXPECT_GT(colours.size(), 200u);
    // The first visible result cells hold pictures (their thumbnails) and the
    // skeleton's left-side colour drawn over them.
    QListView* list = window->resultsView()->list();
    const qreal dpr = shot.devicePixelRatio();
    for (int row = 0; row < 3; ++row) {
        const QRect cell = list->visualRect(window->resultsView()->model()->index(row));
        ASSERT_TRUE(cell.isValid());
        const QRect inWindow(list->viewport()->mapTo(window.get(), cell.topLeft()) * dpr, cell.size() * dpr);
        EXPECT_GT(distinctColours(shot, inWindow), 100) << "row " << row;  // a picture, not a blank cell
        EXPECT_TRUE(holdsColour(shot, inWindow, qRgb(kLeftColour.r, kLeftColour.g, kLeftColour.b), 5)) << "row " << row;
    }
    // The query image with its skeleton on the left.
    SkeletonCanvas* canvas = window->queryPanel()->imageCanvas();
    const QRect canvasRect(canvas->mapTo(window.get(), QPoint(0, 0)) * dpr, canvas->size() * dpr);
    EXPECT_GT(distinctColours(shot, canvasRect), 500);
    EXPECT_TRUE(holdsColour(shot, canvasRect, qRgb(kRightColour.r, kRightColour.g, kRightColour.b), 30));
}
