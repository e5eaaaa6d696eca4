#pragma once
// Crash-safe file writes for core (no Qt): write a temporary file beside the target, flush it
// to disk, rename it over the target, then flush the folder. A crash leaves the old file or the
// new one. A replaced file keeps its permission bits; a symbolic link is written through (the
// file it names is replaced, the link stays).

#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace refpose {

class FileWriteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Replaces `target` with `contents` atomically. Throws FileWriteError naming the file and the
// reason (disk full, no permission, ...); the target is then untouched.
void writeFileAtomically(const std::filesystem::path& target, std::string_view contents);

}  // namespace refpose
