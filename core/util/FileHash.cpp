#include "util/FileHash.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace refpose {
namespace {
constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ull;  // FNV-1a 64-bit offset basis
constexpr std::uint64_t kFnvPrime = 0x100000001b3ull;        // FNV-1a 64-bit prime
constexpr std::size_t kChunk = 1 << 16;                       // read buffer size
}  // namespace

std::uint64_t hashFiles(const std::vector<std::filesystem::path>& files) {
    std::uint64_t h = kFnvOffset;
    std::vector<char> buffer(kChunk);
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in) throw std::runtime_error(f.string() + ": cannot open to hash");
        while (in.read(buffer.data(), kChunk) || in.gcount() > 0) {
            for (std::streamsize i = 0; i < in.gcount(); ++i) {
                h ^= static_cast<unsigned char>(buffer[i]);
                h *= kFnvPrime;
            }
        }
    }
    return h;
}

std::string shortHashOfFiles(const std::vector<std::filesystem::path>& files, int digits) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hashFiles(files)));
    return std::string(hex, hex + std::clamp(digits, 1, 16));
}

}  // namespace refpose
