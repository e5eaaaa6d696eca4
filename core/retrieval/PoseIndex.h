#pragma once
// k nearest poses under poseDistance (PoseDistance.h), exact and fast (docs/search.md, "Index").
//
// Exact search: the index keeps an orthonormal projection P (the top principal axes of the
// library's descriptors, an eigen-decomposition by OpenCV) and every entry's projection P e.
// For an orthonormal P, |P(x - e)| <= |x - e|, so the projected distance is a lower bound of the
// true one. Entries are grouped by their joint mask; for a group whose pairs the query covers,
// the bound is computed from 32 numbers instead of 300, and an entry is verified with the exact
// distance only while its bound can still beat the k-th best so far (which only decreases):
// the answer is exactly brute force's. Groups whose pairs the query does not cover (partial queries) are scanned
// exactly on the shared pairs with early abandoning. Mirror: both query variants, per entry
// the smaller distance.
// Approximate search (SearchOptions::approximate): FAISS IVF over the same projections gives
// candidates that are then re-ranked with the exact distance.
// Thread-safety: any number of concurrent search() calls; add/remove/clear/rebuild take an
// exclusive lock (std::shared_mutex).

#include "retrieval/PoseDistance.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace refpose {

struct IndexHit {
    std::int64_t id = 0;
    float distance = 0;
    bool mirrored = false;
    bool operator==(const IndexHit&) const = default;
};

// Projection size: enough principal axes to hold nearly all the descriptors' variance.
inline constexpr int kDefaultProjectionDims = 32;

struct IndexBuildOptions {
    int projectionDims = kDefaultProjectionDims;
    bool buildApproximate = true;  // also build the FAISS structure (needs >= ~10k entries)
    int ivfLists = 0;              // 0 = about sqrt(n)
    int ivfProbes = 0;             // 0 = automatic
};

struct IndexStats {
    std::size_t entries = 0;
    int projectionDims = 0;  // 0 until rebuild() ran
    bool approximateReady = false;
    std::size_t memoryBytes = 0;  // descriptors, projections and the FAISS structure
};

class PoseIndex {
public:
    PoseIndex();
    ~PoseIndex();
    PoseIndex(const PoseIndex&) = delete;
    PoseIndex& operator=(const PoseIndex&) = delete;

    // Adds or replaces the pose `id`. Before the first rebuild() the exact search scans.
    void add(std::int64_t id, const PoseDescriptor& descriptor);
    bool remove(std::int64_t id);
    void clear();
    std::size_t size() const;
    bool contains(std::int64_t id) const;

    // Recomputes the projection from the current entries (and the FAISS structure).
    void rebuild(const IndexBuildOptions& options = {});

    // The k nearest entries, nearest first (ties by id). `query` as from describePose().
    std::vector<IndexHit> search(const PoseDescriptor& query, const SearchOptions& options) const;
    // The same answer by scanning every entry with poseDistance: the reference for tests.
    std::vector<IndexHit> searchBruteForce(const PoseDescriptor& query, const SearchOptions& options) const;

    IndexStats stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace refpose
