// Library hardening (issue 15): damage is detected on open and on demand, a damaged library can
// be rebuilt, one bad row fails only that row, concurrent creation, read-only libraries.
#include "DamagedLibrary.h"
#include "RunCommand.h"
#include "SearchTestPoses.h"
#include "TestPaths.h"
#include "library/LibraryRepair.h"
#include "library/PoseLibrary.h"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <thread>

namespace refpose {
namespace {

namespace fs = std::filesystem;

constexpr int kEntries = 600;

std::string readAll(const fs::path& f) {
    std::ifstream in(f, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::string cli() { return test::cliPath().string(); }

fs::path makeLibrary(const fs::path& dir, int entries = kEntries) { return test::makePoseOnlyLibrary(dir, entries); }
using test::corruptMiddlePage;

// A query pose file in the CLI's format: 17 COCO points [x, y, v].
fs::path writeQueryPose(const fs::path& dir) {
    std::mt19937 rng(1000);  // the pose of entry 0
    const Pose p = test::randomPose(rng);
    std::ofstream out(dir / "pose.json");
    out << "{\"keypoints\": [";
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) out << (i ? "," : "") << p.kp[i].x << "," << p.kp[i].y << ",2";
    out << "]}";
    return dir / "pose.json";
}

TEST(LibraryIntegrity, RandomBytesAreReportedOnOpenByTheCheckAndByTheCli) {
    const auto dir = test::freshTempDir();
    const auto file = makeLibrary(dir);
    ASSERT_TRUE(checkLibrary(file).ok()) << checkLibrary(file).problems.front();
    EXPECT_EQ(checkLibrary(file).counts.poses, kEntries);
    corruptMiddlePage(file, 7);
    const std::string damaged = readAll(file);

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

    const auto checked = test::runCommand(cli() + " check-library " + file.string());
    EXPECT_EQ(checked.exitCode, 1) << checked.output;
    EXPECT_NE(checked.output.find("damaged"), std::string::npos) << checked.output;
    const auto query =
        test::runCommand(cli() + " query --pose " + writeQueryPose(dir).string() + " --library " + file.string());
    EXPECT_NE(query.exitCode, 0) << query.output;
    EXPECT_NE(query.output.find("damaged"), std::string::npos) << query.output;
    fs::create_directories(dir / "pictures");
    const auto index =
        test::runCommand(cli() + " index " + (dir / "pictures").string() + " --library " + file.string() + " --quiet");
    EXPECT_NE(index.exitCode, 0) << index.output;
    EXPECT_NE(index.output.find("damaged"), std::string::npos) << index.output;
    EXPECT_EQ(readAll(file), damaged);  // nothing was written into it
}

TEST(LibraryIntegrity, RebuildKeepsTheReadableRowsAndTheDamagedFile) {
    const auto dir = test::freshTempDir();
    const auto file = makeLibrary(dir);
    corruptMiddlePage(file, 7);
    const std::string damaged = readAll(file);

    const auto rebuilt = test::runCommand(cli() + " check-library --rebuild " + file.string());
    ASSERT_EQ(rebuilt.exitCode, 0) << rebuilt.output;
    EXPECT_NE(rebuilt.output.find("rebuilt"), std::string::npos) << rebuilt.output;
    EXPECT_NE(rebuilt.output.find("refpose-cli index '" + (dir / "pictures").string() + "'"), std::string::npos)
        << rebuilt.output;
    EXPECT_EQ(readAll(file.string() + ".damaged"), damaged);
    EXPECT_FALSE(fs::exists(file.string() + ".rebuilding"));

    const LibraryCheck after = checkLibrary(file);
    ASSERT_TRUE(after.ok()) << after.problems.front();
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

    const auto sound = test::runCommand(cli() + " check-library " + file.string());
    EXPECT_EQ(sound.exitCode, 0) << sound.output;
    EXPECT_NE(sound.output.find("sound"), std::string::npos) << sound.output;
}

TEST(LibraryIntegrity, RebuildRefusesAFileThatIsNotALibrary) {
    const auto dir = test::freshTempDir();
    const auto notes = dir / "notes.db";
    {
        SQLite::Database other(notes.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        other.exec("CREATE TABLE notes(text TEXT)");
    }
    const std::string before = readAll(notes);
    EXPECT_THROW(rebuildLibrary(notes), LibraryError);
    EXPECT_EQ(readAll(notes), before);
    EXPECT_FALSE(fs::exists(notes.string() + ".damaged"));
    const auto r = test::runCommand(cli() + " check-library --rebuild " + notes.string());
    EXPECT_NE(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("not a RefPose library"), std::string::npos) << r.output;
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
    const std::string before = readAll(file);
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
    EXPECT_EQ(readAll(file), before);
    EXPECT_THROW(LibraryStore(dir / "absent.db", LibraryAccess::ReadOnly), LibraryError);
    EXPECT_FALSE(fs::exists(dir / "absent.db"));
}

// The CLI as a user without write access: the library file and its folder are chmod a-w.
// Root ignores permissions, so as root the commands run as nobody (setpriv).
TEST(LibraryIntegrity, AReadOnlyLibraryCanBeQueriedButNotIndexed) {
    const auto dir = test::freshTempDir();
    const auto shelf = dir / "shelf";
    fs::create_directories(shelf);
    const auto file = makeLibrary(shelf, 20);
    const auto pose = writeQueryPose(dir);
    const auto pictures = dir / "pictures";
    fs::create_directories(pictures);
    const std::string before = readAll(file);
    fs::permissions(file, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                    fs::perm_options::remove);
    fs::permissions(shelf, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                    fs::perm_options::remove);
    std::string asUser, program = cli();
    if (::geteuid() == 0) {
        if (std::system("setpriv --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "running as root without setpriv";
        asUser = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
        // The build folder may not be reachable by nobody (e.g. under /root): a copy is.
        program = (dir / "refpose-cli").string();
        fs::copy_file(cli(), program);
    }
    const auto query = test::runCommand(asUser + program + " query --pose " + pose.string() + " --library " +
                                        file.string() + " -k 3 --json");
    EXPECT_EQ(query.exitCode, 0) << query.output;
    EXPECT_NE(query.output.find("\"source\": \"test:0\""), std::string::npos) << query.output;
    const auto index =
        test::runCommand(asUser + program + " index " + pictures.string() + " --library " + file.string() + " --quiet");
    EXPECT_NE(index.exitCode, 0) << index.output;
    EXPECT_NE(index.output.find("read-only"), std::string::npos) << index.output;
    const auto check = test::runCommand(asUser + program + " check-library " + file.string());
    EXPECT_EQ(check.exitCode, 0) << check.output;
    EXPECT_EQ(readAll(file), before);
    EXPECT_EQ(std::distance(fs::directory_iterator(shelf), fs::directory_iterator{}), 1);  // no -wal, no -shm
    fs::permissions(shelf, fs::perms::owner_write, fs::perm_options::add);  // so the next run can clean up
}

}  // namespace
}  // namespace refpose
