#pragma once
// Approximate candidates for PoseIndex: a FAISS inverted-file index (IVF, flat lists) over the
// entries' projections, keyed by entry id. FAISS stays inside IvfCandidates.cpp (linked PRIVATE).
// Private to retrieval/. Not synchronised: PoseIndex locks around it.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace refpose::detail {

class IvfCandidates {
public:
    // k-means on (a sample of) the vectors, then adds them all. lists/probes 0 = automatic.
    IvfCandidates(const float* vectors, const std::int64_t* ids, std::size_t n, int dims, int lists, int probes);
    ~IvfCandidates();

    void add(std::int64_t id, const float* vector);
    void remove(std::int64_t id);
    // Ids of up to `count` vectors nearest to `query` among the probed lists.
    std::vector<std::int64_t> search(const float* query, std::size_t count) const;
    std::size_t memoryBytes() const;
    int lists() const;
    int probes() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace refpose::detail
