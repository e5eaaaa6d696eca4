#pragma once
// A fast content hash of files (64-bit FNV-1a), to tell model weights apart. Not cryptographic:
// it identifies which weights produced a library's poses, it does not defend against tampering.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace refpose {

// FNV-1a over the bytes of each file in turn. Throws std::runtime_error naming an unreadable file.
std::uint64_t hashFiles(const std::vector<std::filesystem::path>& files);

// The first `digits` hex digits of hashFiles().
std::string shortHashOfFiles(const std::vector<std::filesystem::path>& files, int digits = 12);

}  // namespace refpose
