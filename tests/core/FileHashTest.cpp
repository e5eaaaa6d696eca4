// RefPose's one content hash: FNV-1a 64, fixed values so that a toolchain change can never
// re-key the libraries (their stored content hashes) or the trained models' ids.
#include "util/FileHash.h"

#include "TestPaths.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace refpose {
namespace {

std::uint64_t hashOf(const std::string& s) {
    return hashBytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

// The published FNV-1a 64 test vectors.
TEST(FileHash, MatchesTheFnv1aReferenceValues) {
    EXPECT_EQ(hashOf(""), 0xcbf29ce484222325ull);
    EXPECT_EQ(hashOf("a"), 0xaf63dc4c8601ec8cull);
    EXPECT_EQ(hashOf("foobar"), 0x85944171f73967e8ull);
}

TEST(FileHash, FilesHashAsTheirBytesAndInTurn) {
    const auto dir = test::freshTempDir();
    std::ofstream(dir / "a") << "foo";
    std::ofstream(dir / "b") << "bar";
    EXPECT_EQ(hashFile(dir / "a"), hashOf("foo"));
    EXPECT_EQ(hashFiles({dir / "a", dir / "b"}), hashOf("foobar"));
    EXPECT_EQ(shortHashOfFiles({dir / "a", dir / "b"}, 12), "85944171f739");
}

TEST(FileHash, UnreadableFileIsNamed) {
    try {
        hashFile("/nonexistent/weights.bin");
        ADD_FAILURE() << "no error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/weights.bin"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace refpose
