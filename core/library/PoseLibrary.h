#pragma once
// The pose library as the GUI and the CLI use it: a LibraryStore (SQLite) plus an in-memory
// PoseIndex kept in step with it. Thread-safe: search() runs concurrently with other searches
// and with index(); writes are serialised. No Qt: call from worker threads (QtConcurrent).

#include "library/LibraryIndexer.h"
#include "library/LibraryStore.h"
#include "retrieval/PoseDistance.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace refpose {

struct CocoDataset;

struct SearchHit {
    LibraryEntry entry;  // image path (or source id), pose, image size
    float distance = 0;
    bool mirrored = false;  // the query's mirror matched
};

class PoseLibrary {
public:
    // Opens or creates the library, runs SQLite's quick_check over it, and loads every sound
    // pose's descriptor into the index (a pose row with damaged blobs is left out and counted
    // in damagedRows()). Throws LibraryError (foreign or damaged file: never overwritten; the
    // message says how to rebuild a damaged one). A library whose file or folder is not
    // writable opens read-only (see LibraryAccess): search works, index() and the other
    // writes throw LibraryError.
    static std::unique_ptr<PoseLibrary> open(const std::filesystem::path& file,
                                             LibraryAccess access = LibraryAccess::Automatic);
    ~PoseLibrary();

    const std::filesystem::path& file() const;
    bool readOnly() const;
    // Pose rows left out of the index at open because their blobs have the wrong size.
    std::int64_t damagedRows() const;

    // The k nearest library poses to `query` (a pose in any coordinates; joints that are
    // unlabelled or score below descriptorOptions.minScore are absent).
    std::vector<SearchHit> search(const Pose& query, const SearchOptions& options = {},
                                  const DescriptorOptions& descriptorOptions = {}) const;

    // A damaged pose row is left out of the results (and entry() returns nothing for it).

    // Encoded JPEG thumbnail of an entry's image (empty for pose-only entries).
    std::vector<std::uint8_t> thumbnail(std::int64_t poseId) const;
    std::optional<LibraryEntry> entry(std::int64_t poseId) const;
    // Browsing without a query: up to `limit` entries in the order they were added, from the
    // `offset`-th pose on (damaged rows left out).
    std::vector<LibraryEntry> entries(std::int64_t offset, std::int64_t limit) const;
    LibraryCounts counts() const;
    std::vector<IndexFailure> failures() const;

    std::vector<std::filesystem::path> folders() const;
    void addFolder(const std::filesystem::path& folder);     // indexed by the next index()
    void removeFolder(const std::filesystem::path& folder);  // drops its images at once

    // Indexes every folder (or the given ones) with `estimator`; progress and cancel in options.
    IndexReport index(PoseEstimator& estimator, const IndexOptions& options = {},
                      const std::vector<std::filesystem::path>& onlyFolders = {});

    // Adds the poses of a COCO dataset as pose-only entries with source ids
    // "<sourceName>:<file_name>#<annotation id>"; replaces entries of the same sourceName.
    // Returns how many were added.
    std::size_t importPoses(const CocoDataset& dataset, const std::string& sourceName);

private:
    PoseLibrary();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace refpose
