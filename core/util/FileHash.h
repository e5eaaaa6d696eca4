#pragma once
// RefPose's one content hash: 64-bit FNV-1a, the same on every toolchain (unlike std::hash), so
// libraries and model ids stay valid across builds. It tells contents apart (which image, which
// weights); it is not cryptographic and does not defend against tampering.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace refpose {

std::uint64_t hashBytes(const std::uint8_t* data, std::size_t size);

// FNV-1a over the bytes of each file in turn. Throws std::runtime_error naming an unreadable file.
std::uint64_t hashFiles(const std::vector<std::filesystem::path>& files);
inline std::uint64_t hashFile(const std::filesystem::path& file) { return hashFiles({file}); }

// The first `digits` hex digits of hashFiles().
std::string shortHashOfFiles(const std::vector<std::filesystem::path>& files, int digits = 12);

}  // namespace refpose
