// The window fits small screens: a 1920x1080 screen at scale 2 is 960x540 logical pixels.
#include "MainWindow.h"
#include "MessageBar.h"

#include "UiTestSupport.h"

#include <gtest/gtest.h>

#include <QScreen>
#include <QSettings>
#include <QTabWidget>
#include <QTest>

#include <string>

using namespace refpose::ui;

namespace {

MainWindowOptions noSettings() {
    MainWindowOptions o;
    o.restoreSettings = false;
    return o;
}

TEST(MainWindowSize, MinimumFitsAHalfHdScreen) {
    refpose::test::ensureApplication();
    MainWindow window(noSettings());
    window.show();
    const QSize minimum = window.minimumSizeHint().expandedTo(window.minimumSize());
    // Measured 846x443 with the Train tab scrolling and the library counts wrapping (946x666
    // before: the Train form set the height).
    EXPECT_LE(minimum.width(), 960) << minimum.width() << "x" << minimum.height();
    EXPECT_LE(minimum.height(), 500) << minimum.width() << "x" << minimum.height();  // 40 for the title bar
}

// A geometry saved on a bigger screen comes back inside this one (offscreen: 800x800).
TEST(MainWindowSize, ARestoredGeometryLargerThanTheScreenIsFittedIntoIt) {
    refpose::test::ensureApplication();
    QSettings().clear();
    {
        MainWindow big(noSettings());
        big.setGeometry(-300, -200, 3000, 2400);
        QSettings().setValue(QStringLiteral("window/geometry"), big.saveGeometry());
    }
    MainWindowOptions restoring = noSettings();
    restoring.restoreSettings = true;
    MainWindow window(restoring);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    QCoreApplication::processEvents();
    const QRect available = window.screen()->availableGeometry();
    const QRect frame = window.frameGeometry();
    const std::string where = std::to_string(frame.x()) + "," + std::to_string(frame.y()) + " " +
                              std::to_string(frame.width()) + "x" + std::to_string(frame.height()) + " on " +
                              std::to_string(available.width()) + "x" + std::to_string(available.height());
    // As large as the screen allows, or the window's minimum where that is larger (offscreen's
    // screen is 800 wide; the minimum is 846, which fits 960-wide screens), and starting on it.
    const QSize allowed = available.size().expandedTo(window.minimumSizeHint() + (frame.size() - window.size()));
    EXPECT_LE(frame.width(), allowed.width()) << where;
    EXPECT_LE(frame.height(), allowed.height()) << where;
    EXPECT_TRUE(available.contains(frame.topLeft())) << where;
    QSettings().clear();
}

// Showing a message must not move the tabs: a click aimed at a button must land on it.
TEST(MainWindowSize, AMessageDoesNotMoveTheLayout) {
    refpose::test::ensureApplication();
    MainWindow window(noSettings());
    window.resize(1280, 800);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    auto* tabs = window.findChild<QTabWidget*>();
    ASSERT_NE(tabs, nullptr);
    const QRect before = tabs->geometry();
    window.messageBar()->showError(
        QStringLiteral("A long error message that wraps over two lines when the window is "
                       "narrow, naming /a/rather/long/path/to/some/file.png"));
    QCoreApplication::processEvents();
    EXPECT_EQ(tabs->geometry(), before);
    EXPECT_TRUE(window.messageBar()->isVisible());
    EXPECT_TRUE(window.centralWidget()->rect().contains(window.messageBar()->geometry()));
}

}  // namespace
