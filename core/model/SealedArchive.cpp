#include "model/SealedArchive.h"

#include "model/ModelError.h"
#include "util/FileHash.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

namespace refpose {
namespace {

constexpr std::string_view kSealPrefix = "\nrefpose-fnv1a64:";
constexpr std::size_t kHexDigits = 16;
constexpr std::size_t kSealSize = kSealPrefix.size() + kHexDigits + 1;  // + the closing "\n"

// Files written before archives were sealed that must keep loading, by hashBytes() of their
// whole contents: models/refpose-illustrated.refpose as committed (sha256 d3949947...83b3, see
// models/refpose-illustrated.manifest.json). Any other unsealed file is refused, because it
// cannot be told from a sealed file cut short.
constexpr std::array<std::uint64_t, 1> kKnownUnsealedFiles = {0x9ec55829dfc0dfa2ull};

std::string hex16(std::uint64_t value) {
    char hex[kHexDigits + 1];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(value));
    return std::string(hex, kHexDigits);
}

std::uint64_t hashOf(std::string_view bytes) {
    return hashBytes(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

bool hasSeal(std::string_view bytes) {
    return bytes.size() >= kSealSize && bytes.substr(bytes.size() - kSealSize, kSealPrefix.size()) == kSealPrefix &&
           bytes.back() == '\n';
}

std::string readWholeFile(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) throw ModelError(file.string() + ": no such file");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ModelError(file.string() + ": cannot open (" + std::strerror(errno) + ")");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw ModelError(file.string() + ": read error");
    return bytes;
}

}  // namespace

std::string sealArchiveBytes(std::string archiveBytes) {
    const std::string digest = hex16(hashOf(archiveBytes));
    archiveBytes.append(kSealPrefix).append(digest).push_back('\n');
    return archiveBytes;
}

std::string unsealArchiveBytes(std::string fileBytes, const std::filesystem::path& file) {
    if (!hasSeal(fileBytes)) {
        if (std::ranges::find(kKnownUnsealedFiles, hashOf(fileBytes)) != kKnownUnsealedFiles.end()) return fileBytes;
        throw ModelError(file.string() +
                         ": damaged: it does not end with RefPose's checksum (the file is cut short or damaged, "
                         "not a RefPose file, or written by a build before files carried one)");
    }
    const std::size_t contentSize = fileBytes.size() - kSealSize;
    const std::string stored = fileBytes.substr(contentSize + kSealPrefix.size(), kHexDigits);
    fileBytes.resize(contentSize);
    const std::string actual = hex16(hashOf(fileBytes));
    if (stored != actual)
        throw ModelError(file.string() + ": damaged: its contents do not match its checksum (" + actual +
                         " instead of " + stored + ")");
    return fileBytes;
}

std::string readSealedArchiveBytes(const std::filesystem::path& file) {
    return unsealArchiveBytes(readWholeFile(file), file);
}

}  // namespace refpose
