// writeFileAtomically keeps what the user set up around the file: its permission bits and a
// symbolic link pointing at it (issue 15: a 0600 file became 0644, a link became a file).

#include "util/AtomicFile.h"

#include "TestPaths.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <sys/stat.h>

using namespace refpose;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& f) {
    std::ifstream in(f);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

mode_t permissionBits(const fs::path& f) {
    struct stat st {};
    EXPECT_EQ(::stat(f.c_str(), &st), 0) << f;
    return st.st_mode & 07777;
}

// Sets the umask for one test and restores it.
class ScopedUmask {
public:
    explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}
    ~ScopedUmask() { ::umask(old_); }

private:
    mode_t old_;
};

}  // namespace

TEST(AtomicFileKeepsFile, ReplacedFilesKeepTheirPermissionBits) {
    const ScopedUmask umask(022);
    const auto dir = test::freshTempDir();
    for (const mode_t mode : {mode_t(0600), mode_t(0640), mode_t(0664), mode_t(0755)}) {
        const auto file = dir / ("mode-" + std::to_string(mode));
        writeFileAtomically(file, "first");
        ASSERT_EQ(::chmod(file.c_str(), mode), 0);
        writeFileAtomically(file, "second");
        EXPECT_EQ(slurp(file), "second");
        EXPECT_EQ(permissionBits(file), mode) << std::oct << mode;
    }
}

TEST(AtomicFileKeepsFile, NewFilesGetTheUmasksPermissions) {
    const auto dir = test::freshTempDir();
    {
        const ScopedUmask umask(022);
        writeFileAtomically(dir / "open.txt", "x");
    }
    {
        const ScopedUmask umask(077);
        writeFileAtomically(dir / "private.txt", "x");
    }
    EXPECT_EQ(permissionBits(dir / "open.txt"), mode_t(0644));
    EXPECT_EQ(permissionBits(dir / "private.txt"), mode_t(0600));
}

TEST(AtomicFileKeepsFile, SymbolicLinksAreWrittenThroughAndStayLinks) {
    const auto dir = test::freshTempDir();
    fs::create_directories(dir / "real");
    writeFileAtomically(dir / "real" / "library.json", "old");
    ASSERT_EQ(::chmod((dir / "real" / "library.json").c_str(), 0600), 0);
    fs::create_symlink("real/library.json", dir / "relative-link");   // relative to the link's folder
    fs::create_symlink(dir / "relative-link", dir / "link-to-link");  // a chain of two

    writeFileAtomically(dir / "link-to-link", "new");
    EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dir / "link-to-link")));
    EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dir / "relative-link")));
    EXPECT_EQ(slurp(dir / "real" / "library.json"), "new");
    EXPECT_EQ(permissionBits(dir / "real" / "library.json"), mode_t(0600));
    // The temporary was made beside the real file, and nothing is left of it.
    EXPECT_EQ(std::distance(fs::directory_iterator(dir / "real"), {}), 1);
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), {}), 3);

    // A dangling link gets the file it names created.
    fs::create_symlink("real/new.json", dir / "dangling");
    writeFileAtomically(dir / "dangling", "created");
    EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dir / "dangling")));
    EXPECT_EQ(slurp(dir / "real" / "new.json"), "created");
}

TEST(AtomicFileKeepsFile, ALinkLoopIsAnErrorNamingTheFile) {
    const auto dir = test::freshTempDir();
    fs::create_symlink("b", dir / "a");
    fs::create_symlink("a", dir / "b");
    std::string error;
    try {
        writeFileAtomically(dir / "a", "x");
    } catch (const FileWriteError& e) {
        error = e.what();
    }
    EXPECT_NE(error.find((dir / "a").string() + ": cannot follow its symbolic links"), std::string::npos) << error;
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), {}), 2);  // no temporary left
}
