#pragma once
// Brings a LibraryStore up to date with folders on disk (docs/search.md, "Indexing"):
// recursive scan for images (jpg, jpeg, png, webp, bmp, tif, tiff; case-insensitive);
// an indexed file whose size and mtime match its record is skipped, one whose content hash
// matches is only touched; a file that failed is tried again on every run; deleted files are dropped; everything is
// re-estimated when the estimator's modelId() changed. Estimation runs on a bounded pool of std::threads, each taking
// batches of files (decode, estimate, thumbnail); results are committed in transactions of a batch, so a killed run
// keeps every committed batch and the next run resumes. Unreadable files are recorded with their reason and do not stop
// the run. Cancel: set the flag; the run stops after the batches in flight, keeping committed work.

#include "library/IndexProgress.h"
#include "library/LibraryStore.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

namespace refpose {

class PoseEstimator;

// Images per estimator call and per commit.
inline constexpr int kDefaultIndexBatch = 8;
// Longest side of stored thumbnails, pixels.
inline constexpr int kThumbnailSide = 256;

struct IndexOptions {
    int jobs = 0;  // worker threads; 0 = automatic (one per core, 1..8)
    int batchSize = kDefaultIndexBatch;
    const std::atomic<bool>* cancel = nullptr;  // set to stop early
    IndexProgressCallback onProgress;
    // Called with each committed change (pose id added or removed), so an in-memory index
    // can follow the store; on the indexing thread.
    std::function<void(std::int64_t poseId, const PoseDescriptor&)> onPoseAdded;
    std::function<void(std::int64_t poseId)> onPoseRemoved;
};

struct IndexReport {
    std::int64_t found = 0;      // image files found
    std::int64_t estimated = 0;  // newly indexed or re-indexed
    std::int64_t unchanged = 0;
    std::int64_t removed = 0;  // records of deleted files dropped
    std::int64_t failed = 0;
    std::int64_t skipped = 0;  // files that are not images by extension (not indexed)
    bool cancelled = false;
    double seconds = 0;
    std::vector<IndexFailure> failures;  // this run's
};

// True for the file extensions the indexer reads.
bool isIndexableImage(const std::filesystem::path& file);

class LibraryIndexer {
public:
    // `estimator` must be safe to call from several threads (PoseEstimator's contract).
    LibraryIndexer(LibraryStore& store, PoseEstimator& estimator);

    // Indexes `folders` (added to the store's folder list) and returns what happened.
    IndexReport index(const std::vector<std::filesystem::path>& folders, const IndexOptions& options = {});

private:
    LibraryStore& store_;
    PoseEstimator& estimator_;
};

}  // namespace refpose
