#pragma once
// Progress of a folder indexing run, reported to a callback (the CLI's bar, the GUI's view).

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace refpose {

struct IndexProgress {
    std::int64_t done = 0;       // files handled (indexed, unchanged or failed)
    std::int64_t total = 0;      // files found
    std::int64_t estimated = 0;  // files run through the estimator so far
    std::int64_t failed = 0;
    double rate = 0;          // estimated images per second (this run)
    double etaSeconds = 0;    // remaining time at that rate; 0 when unknown
    std::string currentFile;  // the last file of the last committed batch
};

// Called on the indexing thread once the scan is planned (unchanged files already count as
// done), then after each committed batch of estimated files; keep it quick.
using IndexProgressCallback = std::function<void(const IndexProgress&)>;

}  // namespace refpose
