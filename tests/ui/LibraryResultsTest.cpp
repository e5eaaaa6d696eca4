// Issue 14 item 5 seen through the main window: the drop highlight while a file is dragged
// over it, the results header when fewer poses come back than were asked (and why), and a
// screenshot of the library panel beside that header.
#include "LibraryPanel.h"
#include "MainWindow.h"
#include "QueryPanel.h"
#include "ResultsView.h"
#include "TestPaths.h"
#include "UiTestSupport.h"

#include <QDropEvent>
#include <QLabel>
#include <QMimeData>
#include <QSettings>
#include <QTest>
#include <QUrl>

#include <gtest/gtest.h>

using namespace refpose;
using namespace refpose::ui;

namespace {
constexpr int kLibraryFigures = 22;  // fewer than the default k of 24

class LibraryResultsTest : public ::testing::Test {
protected:
    void SetUp() override {
        test::ensureApplication();
        dir = test::freshTempDir();
        lib = test::makeFigureLibrary(dir, kLibraryFigures);
        window = test::showWindowOnFigures(lib, [this](const QueryResult& r) { shown.push_back(r); });
        ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
        ASSERT_TRUE(test::waitUntil([this] { return !window->isBusy(); }));
    }
    QPoint centre() const { return {window->width() / 2, window->height() / 2}; }
    void sendEnter(QMimeData& mime) {
        QDragEnterEvent enter(centre(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(window.get(), &enter);
    }
    void sendDrop(QMimeData& mime) {
        QDropEvent drop(QPointF(centre()), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(window.get(), &drop);
    }
    QString writeQueryFigure(int variant) {
        const test::Figure f = test::drawFigure(variant, QSize(480, 760));
        lib.poses->add(f.image.size(), f.pose);
        const QString file = QString::fromStdString((dir / "query.png").string());
        f.image.save(file);
        return file;
    }
    std::filesystem::path dir;
    test::FigureLibrary lib;
    std::unique_ptr<MainWindow> window;
    std::vector<QueryResult> shown;
};
}  // namespace

TEST_F(LibraryResultsTest, DraggingAFileOverTheWindowHighlightsTheQueryPanelUntilLeaveOrDrop) {
    QueryPanel* panel = window->queryPanel();
    EXPECT_FALSE(panel->dropHighlighted());
    QMimeData file;
    file.setUrls({QUrl::fromLocalFile(writeQueryFigure(3))});
    sendEnter(file);
    EXPECT_TRUE(panel->dropHighlighted());
    // The frame is drawn: the panel's border takes the palette's highlight colour.
    const QImage shot = panel->grab().toImage().convertToFormat(QImage::Format_RGB32);
    const auto outDir = test::binaryDir() / "screenshots";
    std::filesystem::create_directories(outDir);
    EXPECT_TRUE(shot.save(QString::fromStdString((outDir / "drop-highlight.png").string())));
    const QColor highlight = panel->palette().color(QPalette::Highlight);
    const QColor border = shot.pixelColor(shot.width() / 2, 1);
    EXPECT_LE(std::abs(border.red() - highlight.red()) + std::abs(border.green() - highlight.green()) +
                  std::abs(border.blue() - highlight.blue()),
              12)
        << border.name().toStdString() << " vs " << highlight.name().toStdString();

    QDragLeaveEvent leave;
    QCoreApplication::sendEvent(window.get(), &leave);
    EXPECT_FALSE(panel->dropHighlighted());

    sendEnter(file);
    EXPECT_TRUE(panel->dropHighlighted());
    sendDrop(file);
    EXPECT_FALSE(panel->dropHighlighted());
    ASSERT_TRUE(test::waitUntil([this] { return !shown.empty() && !window->isBusy(); }));

    // Plain text is nothing the window takes: no highlight.
    QMimeData text;
    text.setText(QStringLiteral("hello"));
    sendEnter(text);
    EXPECT_FALSE(panel->dropHighlighted());
}

TEST_F(LibraryResultsTest, FewerResultsThanAskedSayHowManyAndWhyAndTheScreenshotShowsIt) {
    ASSERT_EQ(window->resultsView()->k(), 24);
    // MainWindow does not pass the library's size on yet; the view is told here.
    window->resultsView()->setLibraryPoseCount(window->libraryPanel()->counts().poses);
    QMimeData file;
    file.setUrls({QUrl::fromLocalFile(writeQueryFigure(11))});
    sendEnter(file);
    sendDrop(file);
    ASSERT_TRUE(test::waitUntil([this] { return !shown.empty() && !window->isBusy(); }));
    const QString header = window->resultsView()->summaryText();
    EXPECT_TRUE(header.startsWith(QStringLiteral("22 nearest poses of 24 asked: the library holds only 22 poses; ")))
        << header.toStdString();

    QCoreApplication::processEvents();
    const QImage shot = window->grab().toImage().convertToFormat(QImage::Format_RGB32);
    const auto outDir = test::binaryDir() / "screenshots";
    std::filesystem::create_directories(outDir);
    ASSERT_TRUE(shot.save(QString::fromStdString((outDir / "library-and-results-header.png").string())));
}

TEST(ResultSummaryTest, SaysWhyFewerPosesCameBackThanAsked) {
    test::ensureApplication();
    QueryResult r;
    r.query.options.k = 24;
    r.milliseconds = 3.25;
    r.items.resize(24);
    EXPECT_EQ(resultSummary(r, 100), QStringLiteral("24 nearest poses, 3.3 ms"));
    r.items.resize(1);
    r.query.options.k = 1;
    EXPECT_EQ(resultSummary(r, 100), QStringLiteral("1 nearest pose, 3.3 ms"));
    // The library holds fewer poses than asked.
    r.query.options.k = 24;
    r.items.resize(22);
    EXPECT_EQ(resultSummary(r, 22),
              QStringLiteral("22 nearest poses of 24 asked: the library holds only 22 poses; 3.3 ms"));
    r.items.resize(1);
    EXPECT_EQ(resultSummary(r, 1), QStringLiteral("1 nearest pose of 24 asked: the library holds only 1 pose; 3.3 ms"));
    // The library holds more, but they are not comparable (a part query, missing joints).
    r.items.resize(5);
    EXPECT_EQ(
        resultSummary(r, 100),
        QStringLiteral(
            "5 nearest poses of 24 asked: the other library poses share under half of the query's joints; 3.3 ms"));
    r.items.clear();
    EXPECT_EQ(resultSummary(r, -1),
              QStringLiteral("No matching pose: the other library poses share under half of the query's joints"));
    EXPECT_EQ(resultSummary(r, 0), QStringLiteral("No matching pose: the library is empty"));
}
