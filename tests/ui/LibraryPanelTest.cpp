// The library panel's indexing job when the library itself fails: the user reads the reason,
// and closing the window afterwards is clean (issue 16: an exception that escaped the job was
// shown as "std::exception" and rethrown by the destructor's wait, aborting the program).

#include "LibraryPanel.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "TestPaths.h"
#include "UiTestSupport.h"

#include "library/LibraryStore.h"

#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QThreadPool>
#include <QTest>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
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
    EXPECT_NE(shown.indexOf(QString::fromStdString(lib.library->file().filename().string())), -1)
        << shown.toStdString();
    EXPECT_EQ(shown.indexOf(QStringLiteral("std::exception")), -1) << shown.toStdString();
    EXPECT_FALSE(window->libraryPanel()->lastReport().has_value());

    // The failure arrived as the job's message; reaching the end of the test is the proof
    // that closing does not abort.
    window.reset();
    SUCCEED();
}

TEST(LibraryPanelTest, ClosingWhileAFailingIndexRunIsInFlightNeitherWaitsNorAborts) {
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
    // The destructor does not wait: the job, still blocked on the lock held below, owns the
    // library and ends in the pool on its own (it fails at the busy timeout or, once the lock
    // is gone, stops at its cancel); its answer is dropped.
    panel.reset();
    QThreadPool::globalInstance()->waitForDone();  // the job ends before the lock holder goes
}

// The texts of the folder list, in order.
QStringList listedFolders(const LibraryPanel& panel) {
    QStringList texts;
    for (int i = 0; i < panel.folderList()->count(); ++i) texts << panel.folderList()->item(i)->text();
    return texts;
}

// Every message text the panel sent.
QStringList messagesOf(const QSignalSpy& spy) {
    QStringList texts;
    for (const QList<QVariant>& args : spy) texts << args.at(0).toString();
    return texts;
}

class LibraryPanelFoldersTest : public ::testing::Test {
protected:
    void SetUp() override {
        test::ensureApplication();
        dir = test::freshTempDir();
        lib = test::makeFigureLibrary(dir, kLibraryFigures);
        panel = std::make_unique<LibraryPanel>();
        panel->setEstimator(lib.estimator);
        panel->setLibrary(lib.library);
        ASSERT_TRUE(test::waitUntil([&] { return !panel->busy(); }));
    }
    std::filesystem::path dir;
    test::FigureLibrary lib;
    std::unique_ptr<LibraryPanel> panel;
};

TEST_F(LibraryPanelFoldersTest, AFolderBeingIndexedIsListedAtOnceMarkedAsIndexing) {
    const auto extra = dir / "extra";
    test::writeFigures(extra, 2, 100);
    const QString extraPath = QString::fromStdString(extra.string());
    lib.estimator->setDelay(std::chrono::milliseconds(300));  // indexing takes a visible while
    panel->addFolders({extraPath});
    ASSERT_TRUE(panel->indexing());
    const QStringList during = listedFolders(*panel);
    ASSERT_EQ(during.size(), 2) << during.join(QLatin1Char('|')).toStdString();
    EXPECT_EQ(during.at(1), extraPath + QStringLiteral(" (indexing…)"));
    EXPECT_FALSE(during.at(0).contains(QStringLiteral("indexing")));  // the indexed folder carries no mark
    panel->resize(520, 420);
    panel->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(panel.get()));
    const auto outDir = test::binaryDir() / "screenshots";
    std::filesystem::create_directories(outDir);
    EXPECT_TRUE(panel->grab().save(QString::fromStdString((outDir / "library-panel-indexing.png").string())));
    ASSERT_TRUE(test::waitUntil([&] { return !panel->busy(); }, std::chrono::seconds(30)));
    EXPECT_TRUE(listedFolders(*panel).contains(extraPath))
        << listedFolders(*panel).join(QLatin1Char('|')).toStdString();
    EXPECT_EQ(listedFolders(*panel).filter(QStringLiteral("indexing")).size(), 0);
}

TEST_F(LibraryPanelFoldersTest, AFolderWithoutImagesIsNamedInAMessageAndStaysListed) {
    const auto empty = dir / "no-images";
    std::filesystem::create_directories(empty / "sub");
    std::ofstream(empty / "notes.txt") << "not an image";
    const QString emptyPath = QString::fromStdString(empty.string());
    QSignalSpy messages(panel.get(), &LibraryPanel::message);
    panel->addFolders({emptyPath});
    ASSERT_TRUE(test::waitUntil([&] { return !panel->busy(); }));
    const QStringList texts = messagesOf(messages);
    ASSERT_EQ(texts.filter(QStringLiteral("No images found in ") + emptyPath).size(), 1)
        << texts.join(QLatin1Char('|')).toStdString();
    EXPECT_TRUE(listedFolders(*panel).contains(emptyPath));
    // A folder with images gives no such message.
    const auto full = dir / "full";
    test::writeFigures(full, 1, 200);
    messages.clear();
    panel->addFolders({QString::fromStdString(full.string())});
    ASSERT_TRUE(test::waitUntil([&] { return !panel->busy(); }));
    EXPECT_EQ(messagesOf(messages).filter(QStringLiteral("No images found")).size(), 0);
}

TEST_F(LibraryPanelFoldersTest, RemoveAsksFirstAndANoKeepsTheFolder) {
    const QString folder = QString::fromStdString(lib.folder.string());
    ASSERT_EQ(listedFolders(*panel), QStringList{folder});
    QStringList asked;
    bool answer = false;
    panel->setConfirmFunction([&](const QString& q) {
        asked << q;
        return answer;
    });
    panel->folderList()->setCurrentRow(0);
    panel->requestRemove(folder);
    ASSERT_TRUE(test::waitUntil([&] { return !panel->busy(); }));
    ASSERT_EQ(asked.size(), 1);
    EXPECT_TRUE(asked.at(0).contains(folder));
    EXPECT_EQ(listedFolders(*panel), QStringList{folder});
    EXPECT_EQ(panel->counts().images, kLibraryFigures);

    answer = true;
    panel->requestRemove(folder);
    ASSERT_TRUE(test::waitUntil([&] { return !panel->busy() && panel->counts().images == 0; }));
    EXPECT_EQ(asked.size(), 2);
    EXPECT_TRUE(listedFolders(*panel).isEmpty());
}

TEST(LibraryPanelCountsTest, CountsUseTheSingularForOne) {
    test::ensureApplication();
    const auto dir = test::freshTempDir();
    test::FigureLibrary lib = test::makeFigureLibrary(dir, 1);
    LibraryPanel panel;
    panel.setEstimator(lib.estimator);
    panel.setLibrary(lib.library);
    ASSERT_TRUE(test::waitUntil([&] { return !panel.busy() && panel.counts().images == 1; }));
    EXPECT_EQ(panel.countsText(), QStringLiteral("1 image, 1 pose (0 without image), 0 failures"));
}

}  // namespace
}  // namespace refpose::ui
