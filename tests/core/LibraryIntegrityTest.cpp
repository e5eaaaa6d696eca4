// Library hardening (issue 15): damage is detected on open and on demand, a damaged library can
// be rebuilt, one bad row fails only that row, concurrent creation, read-only libraries.
// refpose-cli's side of the same (check-library, query and index on a damaged or read-only
// library) is in tests/app/cli/CliLibraryIntegrityTest.cpp.
#include "ImageFiles.h"
#include "DamagedLibrary.h"
#include "SearchTestPoses.h"
#include "TestPaths.h"
#include "library/LibraryRepair.h"
#include "library/PoseLibrary.h"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

namespace refpose {
namespace {

namespace fs = std::filesystem;

constexpr int kEntries = 600;

fs::path makeLibrary(const fs::path& dir, int entries = kEntries) { return test::makePoseOnlyLibrary(dir, entries); }
using test::corruptMiddlePage;

TEST(LibraryIntegrity, RandomBytesAreReportedOnOpenAndByTheCheck) {
    const auto dir = test::freshTempDir();
    const auto file = makeLibrary(dir);
    ASSERT_TRUE(checkLibrary(file).ok()) << checkLibrary(file).problems.front();
    EXPECT_EQ(checkLibrary(file).counts.poses, kEntries);
    corruptMiddlePage(file, 7);
    const std::string damaged = test::readFileText(file);

    const LibraryCheck check = checkLibrary(file);
    EXPECT_FALSE(check.ok());
    try {
        PoseLibrary::open(file);
        ADD_FAILURE() << "a damaged library opened";
    } catch (const LibraryError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("damaged"), std::string::npos) << what;
        EXPECT_NE(what.find("check-library --rebuild"), std::string::npos) << what;
    }
    EXPECT_EQ(test::readFileText(file), damaged);  // neither the check nor the refused open wrote into it
}

TEST(LibraryIntegrity, RebuildKeepsTheReadableRowsAndTheDamagedFile) {
    const auto dir = test::freshTempDir();
    const auto file = makeLibrary(dir);
    corruptMiddlePage(file, 7);
    const std::string damaged = test::readFileText(file);

    const RebuildReport report = rebuildLibrary(file);
    EXPECT_EQ(report.damagedCopy, fs::path(file.string() + ".damaged"));
    EXPECT_EQ(test::readFileText(report.damagedCopy), damaged);
    EXPECT_FALSE(fs::exists(file.string() + ".rebuilding"));

    const LibraryCheck after = checkLibrary(file);
    ASSERT_TRUE(after.ok()) << after.problems.front();
    EXPECT_EQ(after.counts.poses, report.kept.poses);
    // One 4 kB page holds 2 entries; the salvage may step over a few more around it.
    EXPECT_LT(after.counts.poses, kEntries);
    EXPECT_GE(after.counts.poses, kEntries - 20);
    EXPECT_EQ(after.counts.folders, 1);
    const auto library = PoseLibrary::open(file);
    std::mt19937 rng(1000);
    const auto hits = library->search(test::randomPose(rng));
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(hits[0].entry.sourceId, "test:0");
    EXPECT_NEAR(hits[0].distance, 0.f, 1e-4f);
}

TEST(LibraryIntegrity, RebuildRefusesAFileThatIsNotALibrary) {
    const auto dir = test::freshTempDir();
    const auto notes = dir / "notes.db";
    {
        SQLite::Database other(notes.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        other.exec("CREATE TABLE notes(text TEXT)");
    }
    const std::string before = test::readFileText(notes);
    EXPECT_THROW(rebuildLibrary(notes), LibraryError);
    EXPECT_EQ(test::readFileText(notes), before);
    EXPECT_FALSE(fs::exists(notes.string() + ".damaged"));
}

TEST(LibraryIntegrity, AShortBlobFailsThatRowOnly) {
    const auto dir = test::freshTempDir();
    const auto file = makeLibrary(dir, 20);
    {
        SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE poses SET descriptor = x'0000' WHERE id = 5");
        db.exec("UPDATE poses SET box = x'00' WHERE id = 7");
    }
    const auto library = PoseLibrary::open(file);
    EXPECT_EQ(library->damagedRows(), 2);
    SearchOptions o;
    o.k = 20;
    std::mt19937 rng(1000 + 4);  // entry 4 is pose id 5
    const auto hits = library->search(test::randomPose(rng), o);
    EXPECT_EQ(hits.size(), 18u);
    for (const SearchHit& h : hits) {
        EXPECT_NE(h.entry.poseId, 5);
        EXPECT_NE(h.entry.poseId, 7);
    }
    EXPECT_FALSE(library->entry(7));
    EXPECT_TRUE(library->entry(8));

    const LibraryCheck check = checkLibrary(file);
    ASSERT_EQ(check.problems.size(), 2u);
    EXPECT_NE(check.problems[0].find("pose 5"), std::string::npos) << check.problems[0];
    EXPECT_NE(check.problems[1].find("pose 7"), std::string::npos) << check.problems[1];
}

TEST(LibraryIntegrity, RebuildLeavesOutRowsWithShortBlobs) {
    const auto dir = test::freshTempDir();
    const auto file = makeLibrary(dir, 20);
    {
        SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE poses SET keypoints = x'01' WHERE id = 3");
    }
    const RebuildReport r = rebuildLibrary(file);
    EXPECT_EQ(r.rowsLeftOut, 1);
    EXPECT_EQ(r.unreadableStretches, 0);
    EXPECT_EQ(r.kept.poses, 19);
    EXPECT_TRUE(checkLibrary(file).ok());
    EXPECT_EQ(PoseLibrary::open(file)->damagedRows(), 0);
    // Pose ids are never reused: the next entry gets an id above the old highest.
    LibraryStore store(file);
    EXPECT_EQ(store.addPoseOnly(test::poseOnlyEntry(99)), 21);
}

TEST(LibraryIntegrity, TwoConnectionsCreatingOneNewLibraryBothSucceed) {
    const auto dir = test::freshTempDir();
    constexpr int kRounds = 40;
    int failures = 0;
    std::string firstError;
    for (int round = 0; round < kRounds; ++round) {
        const fs::path file = dir / ("lib" + std::to_string(round) + ".db");
        std::atomic<int> ready{0};
        std::atomic<int> failed{0};
        auto create = [&] {
            ++ready;
            while (ready < 2) {
            }  // start together
            try {
                LibraryStore store(file);
                store.addFolder("/pictures");
            } catch (const std::exception& e) {
                if (failed++ == 0 && firstError.empty()) firstError = e.what();
            }
        };
        std::thread a(create), b(create);
        a.join();
        b.join();
        failures += failed;
    }
    EXPECT_EQ(failures, 0) << firstError;
}

TEST(LibraryIntegrity, AReadOnlyStoreReadsAndRefusesWrites) {
    const auto dir = test::freshTempDir();
    const auto file = makeLibrary(dir, 20);
    const std::string before = test::readFileText(file);
    {
        LibraryStore store(file, LibraryAccess::ReadOnly);
        EXPECT_TRUE(store.readOnly());
        EXPECT_EQ(store.counts().poses, 20);
        try {
            store.addFolder("/more");
            ADD_FAILURE() << "a read-only store wrote";
        } catch (const LibraryError& e) {
            EXPECT_NE(std::string(e.what()).find("read-only"), std::string::npos) << e.what();
        }
        EXPECT_THROW(store.addPoseOnly(test::poseOnlyEntry(1)), LibraryError);
    }
    const auto library = PoseLibrary::open(file, LibraryAccess::ReadOnly);
    EXPECT_TRUE(library->readOnly());
    std::mt19937 rng(1000);
    EXPECT_EQ(library->search(test::randomPose(rng)).at(0).entry.sourceId, "test:0");
    EXPECT_THROW(library->addFolder(dir), LibraryError);
    EXPECT_EQ(test::readFileText(file), before);
    EXPECT_THROW(LibraryStore(dir / "absent.db", LibraryAccess::ReadOnly), LibraryError);
    EXPECT_FALSE(fs::exists(dir / "absent.db"));
}

}  // namespace
}  // namespace refpose
