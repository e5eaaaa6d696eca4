// The annotator's own window (`refpose --annotate DIR`) stays on small screens: a 1920x1080
// screen at scale 2 is 960x540 logical pixels; the offscreen platform's screen is 800x800.
#include "AnnotatorTestSupport.h"
#include "AnnotatorWindow.h"

#include <QScreen>
#include <QTest>

#include <gtest/gtest.h>

#include <string>

namespace refpose::annotator {
namespace {

std::string describe(const QRect& frame, const QRect& available) {
    return std::to_string(frame.x()) + "," + std::to_string(frame.y()) + " " + std::to_string(frame.width()) + "x" +
           std::to_string(frame.height()) + " on " + std::to_string(available.width()) + "x" +
           std::to_string(available.height());
}

TEST(AnnotatorWindow, MinimumFitsAHalfHdScreen) {
    test::ensureApp();
    AnnotatorWindow window;
    window.show();
    const QSize minimum = window.minimumSizeHint().expandedTo(window.minimumSize());
    // Measured 556x235; the limit leaves 40 pixels of 540 for the title bar.
    EXPECT_LE(minimum.width(), 960) << minimum.width() << "x" << minimum.height();
    EXPECT_LE(minimum.height(), 500) << minimum.width() << "x" << minimum.height();
}

// Its default size (1500x900) is larger than the screen: it is fitted into it once shown.
TEST(AnnotatorWindow, ADefaultSizeLargerThanTheScreenIsFittedIntoIt) {
    test::ensureApp();
    AnnotatorWindow window;
    window.move(-300, -200);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    QCoreApplication::processEvents();
    const QRect available = window.screen()->availableGeometry();
    const QRect frame = window.frameGeometry();
    ASSERT_LT(available.width(), 1500)
        << "the screen must be smaller than the default size for this test to see anything";
    EXPECT_LE(frame.width(), available.width()) << describe(frame, available);
    EXPECT_LE(frame.height(), available.height()) << describe(frame, available);
    EXPECT_TRUE(available.contains(frame.topLeft())) << describe(frame, available);
}

}  // namespace
}  // namespace refpose::annotator
