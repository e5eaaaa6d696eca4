#include "util/AtomicFile.h"

#include "TestPaths.h"

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <sys/resource.h>
#include <sstream>

using namespace refpose;

namespace {
std::string slurp(const std::filesystem::path& f) {
    std::ifstream in(f);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

TEST(AtomicFile, ReplacesContentsAndLeavesNoTemporary) {
    const auto dir = test::freshTempDir();
    writeFileAtomically(dir / "a.txt", "first");
    writeFileAtomically(dir / "a.txt", "second");
    EXPECT_EQ(slurp(dir / "a.txt"), "second");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
}

TEST(AtomicFile, FailureNamesTheFileAndKeepsTheOld) {
    const auto dir = test::freshTempDir();
    EXPECT_THROW(writeFileAtomically(dir / "missing-folder" / "a.txt", "x"), FileWriteError);
    try {
        writeFileAtomically(dir / "missing-folder" / "a.txt", "x");
    } catch (const FileWriteError& e) {
        EXPECT_NE(std::string(e.what()).find("missing-folder/a.txt"), std::string::npos);
    }
}

TEST(AtomicFile, FullDiskIsReportedAndTheTargetSurvives) {
    // A file-size limit makes write() fail as a full disk would (EFBIG instead of ENOSPC).
    const auto dir = test::freshTempDir();
    writeFileAtomically(dir / "keep.txt", "precious");
    rlimit old{};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = old;
    small.rlim_cur = 4096;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
    std::string error;
    try {
        writeFileAtomically(dir / "keep.txt", std::string(64 * 1024, 'x'));
    } catch (const FileWriteError& e) {
        error = e.what();
    }
    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, oldHandler);
    EXPECT_NE(error.find("keep.txt: cannot write"), std::string::npos) << error;
    EXPECT_EQ(slurp(dir / "keep.txt"), "precious");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);  // no temporary left
}

TEST(AtomicFile, TargetThatCannotBeReplacedIsReported) {
    const auto dir = test::freshTempDir();
    std::filesystem::create_directories(dir / "folder" / "inner");
    EXPECT_THROW(writeFileAtomically(dir / "folder", "data"), FileWriteError);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
}
