// Model files and checkpoints carry a checksum checked at load (model/SealedArchive.h): damaged,
// cut-short and unsealed archives are refused naming the file; the committed unsealed model loads.

#include "TestPaths.h"
#include "estimate/PoseEstimator.h"
#include "model/SealedArchive.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>
#include <iterator>
#include <sstream>

using namespace refpose;

namespace {

std::string archiveBytes(const torch::Tensor& weights) {
    torch::serialize::OutputArchive out;
    out.write("weights", weights);
    out.write("note", c10::IValue(std::string("a RefPose test archive")));
    std::ostringstream bytes;
    out.save_to(bytes);
    return std::move(bytes).str();
}

void writeBytes(const std::filesystem::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

std::string readBytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// The message of the ModelError that loading `file` throws, or "" when it loads.
std::string loadError(const std::filesystem::path& file) {
    try {
        torch::serialize::InputArchive archive;
        loadSealedArchive(archive, file);
    } catch (const ModelError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(SealedArchive, RoundTripKeepsTheArchiveAndAddsAFixedTrailer) {
    const auto dir = test::freshTempDir();
    const torch::Tensor weights = torch::arange(1000, torch::kFloat32);
    const std::string raw = archiveBytes(weights);
    const std::string sealed = sealArchiveBytes(raw);
    ASSERT_EQ(sealed.size(), raw.size() + 34);  // "\nrefpose-fnv1a64:" + 16 hex digits + "\n"
    EXPECT_EQ(sealed.substr(0, raw.size()), raw);
    EXPECT_EQ(sealed.substr(raw.size(), 17), "\nrefpose-fnv1a64:");
    EXPECT_EQ(unsealArchiveBytes(sealed, "x.pt"), raw);

    writeBytes(dir / "sealed.pt", sealed);
    torch::serialize::InputArchive in;
    loadSealedArchive(in, dir / "sealed.pt");
    torch::Tensor back;
    in.read("weights", back);
    EXPECT_TRUE(torch::equal(back, weights));
}

// FNV-1a changes its state by a bijection at every byte, so any one changed byte changes the
// hash: every position tried is refused, in the archive and in the trailer alike.
TEST(SealedArchive, EveryChangedByteIsRefusedNamingTheFile) {
    const auto dir = test::freshTempDir();
    const std::string sealed = sealArchiveBytes(archiveBytes(torch::randn({64, 64})));
    const auto file = dir / "model.refpose";
    int refused = 0, tried = 0;
    for (std::size_t pos = 0; pos < sealed.size(); pos += std::max<std::size_t>(1, sealed.size() / 200)) {
        std::string damaged = sealed;
        damaged[pos] = static_cast<char>(damaged[pos] ^ 0x5a);
        writeBytes(file, damaged);
        const std::string error = loadError(file);
        ++tried;
        if (!error.empty()) ++refused;
        EXPECT_NE(error.find(file.string()), std::string::npos) << "byte " << pos << ": " << error;
        EXPECT_NE(error.find("damaged"), std::string::npos) << "byte " << pos << ": " << error;
    }
    EXPECT_EQ(refused, tried);
    EXPECT_GE(tried, 200);
}

TEST(SealedArchive, CutShortFilesAreRefused) {
    const auto dir = test::freshTempDir();
    const std::string sealed = sealArchiveBytes(archiveBytes(torch::randn({32, 32})));
    const auto file = dir / "checkpoint.pt";
    for (const std::size_t keep :
         {std::size_t(0), std::size_t(10), sealed.size() / 2, sealed.size() - 34, sealed.size() - 1}) {
        writeBytes(file, sealed.substr(0, keep));
        const std::string error = loadError(file);
        EXPECT_NE(error.find(file.string() + ": damaged"), std::string::npos) << keep << " bytes: " << error;
    }
}

// A LibTorch archive written without the seal (by torch itself, or by a build before seals) is
// refused rather than trusted: it cannot be told from a sealed file cut short.
TEST(SealedArchive, UnsealedArchivesAndMissingFilesAreRefused) {
    const auto dir = test::freshTempDir();
    writeBytes(dir / "plain.pt", archiveBytes(torch::ones({4})));
    const std::string error = loadError(dir / "plain.pt");
    EXPECT_NE(error.find((dir / "plain.pt").string()), std::string::npos) << error;
    EXPECT_NE(error.find("checksum"), std::string::npos) << error;

    const std::string missing = loadError(dir / "gone.refpose");
    EXPECT_NE(missing.find((dir / "gone.refpose").string() + ": no such file"), std::string::npos) << missing;

    // A correct seal over bytes that are no archive: the checksum passes, LibTorch refuses.
    writeBytes(dir / "text.pt", sealArchiveBytes("not an archive"));
    const std::string text = loadError(dir / "text.pt");
    EXPECT_NE(text.find((dir / "text.pt").string() + ": not a readable LibTorch archive"), std::string::npos) << text;
}

// The committed model predates seals: it loads as it is (its sha256 in the manifest stays valid),
// and the same file with one byte changed is refused.
TEST(SealedArchive, TheCommittedUnsealedModelLoadsAndADamagedCopyDoesNot) {
    const auto committed = test::modelsDir() / "refpose-illustrated.refpose";
    REFPOSE_SKIP_UNLESS_EXISTS(committed);
    EXPECT_EQ(loadError(committed), "");

    const auto dir = test::freshTempDir();
    std::string bytes = readBytes(committed);
    bytes[bytes.size() / 3] = static_cast<char>(bytes[bytes.size() / 3] ^ 1);
    writeBytes(dir / "refpose-illustrated.refpose", bytes);
    const std::string error = loadError(dir / "refpose-illustrated.refpose");
    EXPECT_NE(error.find("damaged"), std::string::npos) << error;
}
