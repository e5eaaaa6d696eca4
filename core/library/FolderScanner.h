#pragma once
// Finds the image files under folders, recursively, with their size and modification time.
// Private to library/.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace refpose::detail {

struct ScannedFile {
    std::filesystem::path path;  // absolute, normalised
    std::int64_t size = 0;
    std::int64_t mtime = 0;  // nanoseconds since the file clock's epoch
};

struct ScanResult {
    std::vector<ScannedFile> images;    // sorted by path
    std::int64_t skipped = 0;           // regular files that are not images
    std::vector<std::string> problems;  // unreadable folders or entries, with reasons
};

std::filesystem::path normalisedAbsolute(const std::filesystem::path& p);
ScanResult scanFolders(const std::vector<std::filesystem::path>& folders);

}  // namespace refpose::detail
