// Content hashes for incremental re-scans: a changed mtime with the same content only
// refreshes the record instead of re-running the estimator.
#include "library/LibraryIndexer.h"

#include <fstream>
#include <stdexcept>
#include <vector>

namespace refpose {
namespace {

// FNV-1a 64-bit parameters (offset basis and prime).
constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;
// Read size when hashing a file.
constexpr std::size_t kHashChunk = 1 << 20;

std::uint64_t mix(std::uint64_t h, const std::uint8_t* data, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) h = (h ^ data[i]) * kFnvPrime;
    return h;
}

}  // namespace

std::uint64_t hashBytes(const std::uint8_t* data, std::size_t size) { return mix(kFnvOffset, data, size); }

std::uint64_t hashFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(file.string() + ": cannot open for reading");
    std::vector<char> buf(kHashChunk);
    std::uint64_t h = kFnvOffset;
    while (in) {
        in.read(buf.data(), std::streamsize(buf.size()));
        h = mix(h, reinterpret_cast<const std::uint8_t*>(buf.data()), std::size_t(in.gcount()));
    }
    if (in.bad()) throw std::runtime_error(file.string() + ": read error");
    return h;
}

}  // namespace refpose
