#pragma once
// Checking a library file on demand and rebuilding a damaged one (the GUI's Library > Check
// and `refpose-cli check-library [--rebuild]`). PoseLibrary::open runs only SQLite's
// quick_check; checkLibrary runs the full integrity_check and looks at every pose row.
// No Qt; both may take seconds on a large library: call them from a worker thread.

#include "library/LibraryStore.h"

#include <filesystem>
#include <string>
#include <vector>

namespace refpose {

struct LibraryCheck {
    std::vector<std::string> problems;  // empty when the library is sound
    LibraryCounts counts;               // when the file could be opened
    bool ok() const { return problems.empty(); }
};

// Opens `file` read-only (it may be open elsewhere, e.g. being indexed) and checks it.
// Never throws for a damaged or foreign file: what is wrong is in problems.
LibraryCheck checkLibrary(const std::filesystem::path& file);

struct RebuildReport {
    std::filesystem::path damagedCopy;     // the file as it was, kept beside it
    LibraryCounts kept;                    // what the rebuilt library holds
    std::int64_t unreadableStretches = 0;  // runs of rows SQLite could not read (stepped over)
    std::int64_t rowsLeftOut = 0;          // rows read but unusable (damaged blobs, an image without its pose)
};

// Copies every readable, sound row of `file` into a new library that then replaces it; the
// old file is kept as "<file>.damaged" (or .damaged.N). Images whose rows were lost are
// estimated again by the next index run of their folders (the folder list is kept).
// The library must not be open in this or another process while it runs (close it first).
// Throws LibraryError when `file` is not a RefPose library (never touched then) or the new
// file cannot be written (the old one is left as it was).
RebuildReport rebuildLibrary(const std::filesystem::path& file);

}  // namespace refpose
