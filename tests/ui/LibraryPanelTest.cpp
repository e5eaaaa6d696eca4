// The library panel's indexing job when the library itself fails: the user reads the reason,
// and closing the window afterwards is clean (issue 16: an exception that escaped the job was
// shown as "std::exception" and rethrown by the destructor's wait, aborting the program).

#include "LibraryPanel.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "TestPaths.h"
#include "UiTestSupport.h"

#include "library/LibraryStore.h"

#include <QSettings>
#include <QTest>

#include <gtest/gtest.h>

#include <memory>

namespace refpose::ui {
namespace {

constexpr int kLibraryFigures = 2;

TEST(LibraryPanelTest, ALockedLibraryFailsIndexingWithItsReasonAndTheWindowStillClosesCleanly) {
    test::ensureApplication();
    QSettings().setValue(QStringLiteral("welcome/shown"), true);
    const auto dir = test::freshTempDir();
    test::FigureLibrary lib = test::makeFigureLibrary(dir, kLibraryFigures);
    const auto extra = dir / "extra";
    test::writeFigures(extra, 2, 100);

    MainWindowOptions o;
    o.restoreSettings = false;
    auto window = std::make_unique<MainWindow>(o);
    window->useEstimator(lib.estimator, QStringLiteral("lookup"));
    window->useLibrary(lib.library);
    window->show();  // the message bar shows text only in a visible window
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
    ASSERT_TRUE(test::waitUntil([&] { return !window->isBusy(); }));

    // Another program (say `refpose-cli index` on the same file) holds the write lock for longer
    // than the library's busy timeout: the job's first write throws "database is locked".
    auto other = std::make_unique<LibraryStore>(lib.library->file());
    auto holdLock = std::make_unique<LibraryStore::Transaction>(*other);
    window->libraryPanel()->addFolders({QString::fromStdString(extra.string())});
    ASSERT_TRUE(test::waitUntil([&] { return !window->libraryPanel()->indexing(); }, std::chrono::seconds(30)));
    holdLock.reset();
    other.reset();
    ASSERT_TRUE(test::waitUntil([&] { return !window->isBusy(); }));

    const QString shown = window->messageBar()->text();
    EXPECT_NE(shown.indexOf(QStringLiteral("Indexing failed")), -1) << shown.toStdString();
    EXPECT_NE(shown.indexOf(QStringLiteral("database is locked")), -1) << shown.toStdString();
    EXPECT_NE(shown.indexOf(QString::fromStdString(lib.library->file().filename().string())), -1) << shown.toStdString();
    EXPECT_EQ(shown.indexOf(QStringLiteral("std::exception")), -1) << shown.toStdString();
    EXPECT_FALSE(window->libraryPanel()->lastReport().has_value());

    // The job's future has finished (with its failure) before the destructor waits on it;
    // reaching the end of the test is the proof that closing does not abort.
    window.reset();
    SUCCEED();
}

TEST(LibraryPanelTest, ClosingWhileAFailingIndexRunIsInFlightWaitsForItWithoutAborting) {
    test::ensureApplication();
    const auto dir = test::freshTempDir();
    test::FigureLibrary lib = test::makeFigureLibrary(dir, kLibraryFigures);
    const auto extra = dir / "extra";
    test::writeFigures(extra, 2, 100);
    auto panel = std::make_unique<LibraryPanel>();
    panel->setEstimator(lib.estimator);
    panel->setLibrary(lib.library);
    ASSERT_TRUE(test::waitUntil([&] { return !panel->busy(); }));

    LibraryStore other(lib.library->file());
    LibraryStore::Transaction holdLock(other);
    panel->addFolders({QString::fromStdString(extra.string())});
    ASSERT_TRUE(panel->indexing());
    // The destructor waits for the job, which fails (busy timeout) while it waits.
    panel.reset();
    SUCCEED();
}

}  // namespace
}  // namespace refpose::ui
