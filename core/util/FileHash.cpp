#include "util/FileHash.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace refpose {
namespace {
constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ull;  // FNV-1a 64-bit offset basis
constexpr std::uint64_t kFnvPrime = 0x100000001b3ull;        // FNV-1a 64-bit prime
constexpr std::size_t kChunk = 1 << 20;                      // read buffer size

std::uint64_t mix(std::uint64_t h, const std::uint8_t* data, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) h = (h ^ data[i]) * kFnvPrime;
    return h;
}
}  // namespace

std::uint64_t hashBytes(const std::uint8_t* data, std::size_t size) { return mix(kFnvOffset, data, size); }

std::uint64_t hashFiles(const std::vector<std::filesystem::path>& files) {
    std::uint64_t h = kFnvOffset;
    std::vector<char> buffer(kChunk);
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in) throw std::runtime_error(f.string() + ": cannot open to hash");
        while (in.read(buffer.data(), std::streamsize(buffer.size())) || in.gcount() > 0)
            h = mix(h, reinterpret_cast<const std::uint8_t*>(buffer.data()), std::size_t(in.gcount()));
        if (in.bad()) throw std::runtime_error(f.string() + ": read error while hashing");
    }
    return h;
}

std::string shortHashOfFiles(const std::vector<std::filesystem::path>& files, int digits) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hashFiles(files)));
    return std::string(hex, hex + std::clamp(digits, 1, 16));
}

}  // namespace refpose
