// refpose-cli on damaged and read-only libraries (issue 15): check-library finds the damage
// and rebuilds, query and index refuse a damaged library without writing into it, and a
// library the user cannot write is queried but not indexed. The library code itself is tested
// in tests/core/LibraryIntegrityTest.cpp.
#include "ImageFiles.h"
#include "DamagedLibrary.h"
#include "RunCommand.h"
#include "SearchTestPoses.h"
#include "TestPaths.h"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

namespace refpose {
namespace {

namespace fs = std::filesystem;

constexpr int kEntries = 600;

std::string cli() { return test::cliPath().string(); }

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

TEST(CliLibraryIntegrity, CheckQueryAndIndexReportDamageAndWriteNothing) {
    const auto dir = test::freshTempDir();
    const auto file = test::makePoseOnlyLibrary(dir, kEntries);
    test::corruptMiddlePage(file, 7);
    const std::string damaged = test::readFileText(file);

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
    EXPECT_EQ(test::readFileText(file), damaged);  // nothing was written into it
}

TEST(CliLibraryIntegrity, RebuildSaysWhatToIndexAgainAndLeavesASoundLibrary) {
    const auto dir = test::freshTempDir();
    const auto file = test::makePoseOnlyLibrary(dir, kEntries);
    test::corruptMiddlePage(file, 7);
    const std::string damaged = test::readFileText(file);

    const auto rebuilt = test::runCommand(cli() + " check-library --rebuild " + file.string());
    ASSERT_EQ(rebuilt.exitCode, 0) << rebuilt.output;
    EXPECT_NE(rebuilt.output.find("rebuilt"), std::string::npos) << rebuilt.output;
    EXPECT_NE(rebuilt.output.find("refpose-cli index '" + (dir / "pictures").string() + "'"), std::string::npos)
        << rebuilt.output;
    EXPECT_EQ(test::readFileText(file.string() + ".damaged"), damaged);

    const auto sound = test::runCommand(cli() + " check-library " + file.string());
    EXPECT_EQ(sound.exitCode, 0) << sound.output;
    EXPECT_NE(sound.output.find("sound"), std::string::npos) << sound.output;
}

TEST(CliLibraryIntegrity, RebuildRefusesAFileThatIsNotALibrary) {
    const auto dir = test::freshTempDir();
    const auto notes = dir / "notes.db";
    {
        SQLite::Database other(notes.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        other.exec("CREATE TABLE notes(text TEXT)");
    }
    const std::string before = test::readFileText(notes);
    const auto r = test::runCommand(cli() + " check-library --rebuild " + notes.string());
    EXPECT_NE(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("not a RefPose library"), std::string::npos) << r.output;
    EXPECT_EQ(test::readFileText(notes), before);
}

// The CLI as a user without write access: the library file and its folder are chmod a-w.
// Root ignores permissions, so as root the commands run as nobody (setpriv).
TEST(CliLibraryIntegrity, AReadOnlyLibraryCanBeQueriedButNotIndexed) {
    const auto dir = test::freshTempDir();
    const auto shelf = dir / "shelf";
    fs::create_directories(shelf);
    const auto file = test::makePoseOnlyLibrary(shelf, 20);
    const auto pose = writeQueryPose(dir);
    const auto pictures = dir / "pictures";
    fs::create_directories(pictures);
    const std::string before = test::readFileText(file);
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
    EXPECT_EQ(test::readFileText(file), before);
    EXPECT_EQ(std::distance(fs::directory_iterator(shelf), fs::directory_iterator{}), 1);  // no -wal, no -shm
    fs::permissions(shelf, fs::perms::owner_write, fs::perm_options::add);  // so the next run can clean up
}

}  // namespace
}  // namespace refpose
