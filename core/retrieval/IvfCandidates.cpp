#include "retrieval/IvfCandidates.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/impl/IDSelector.h>

#include <algorithm>
#include <cmath>

namespace refpose::detail {
namespace {

// k-means trains on at most this many points per list (FAISS's own default is 256): enough
// for stable centroids, and keeps building 1M entries to seconds.
constexpr int kTrainPointsPerList = 32;
// k-means iterations (FAISS's default is 25): coarse lists need no finer centroids, and the
// build stays fast with the reference BLAS.
constexpr int kTrainIterations = 10;
// Lists probed per query, as a share of all lists (at least kMinProbes).
constexpr double kProbeShare = 0.03;
constexpr int kMinProbes = 8;

int automaticLists(std::size_t n) { return std::clamp(int(std::sqrt(double(n))), 1, 65536); }

}  // namespace

struct IvfCandidates::Impl {
    faiss::IndexFlatL2 quantizer;
    faiss::IndexIVFFlat ivf;
    Impl(int dims, int lists) : quantizer(dims), ivf(&quantizer, dims, std::size_t(lists)) {}
};

IvfCandidates::IvfCandidates(const float* vectors, const std::int64_t* ids, std::size_t n, int dims, int lists,
                             int probes) {
    const int nlist = lists > 0 ? lists : automaticLists(n);
    impl_ = std::make_unique<Impl>(dims, nlist);
    impl_->ivf.cp.max_points_per_centroid = kTrainPointsPerList;
    impl_->ivf.cp.niter = kTrainIterations;
    impl_->ivf.cp.seed = 1234;  // deterministic builds
    impl_->ivf.train(faiss::Index::idx_t(n), vectors);
    impl_->ivf.add_with_ids(faiss::Index::idx_t(n), vectors, ids);
    impl_->ivf.nprobe = std::size_t(probes > 0 ? probes : std::max(kMinProbes, int(nlist * kProbeShare)));
    impl_->ivf.nprobe = std::min<std::size_t>(impl_->ivf.nprobe, std::size_t(nlist));
}

IvfCandidates::~IvfCandidates() = default;

void IvfCandidates::add(std::int64_t id, const float* vector) { impl_->ivf.add_with_ids(1, vector, &id); }

void IvfCandidates::remove(std::int64_t id) {
    const faiss::IDSelectorBatch selector(1, &id);
    impl_->ivf.remove_ids(selector);
}

std::vector<std::int64_t> IvfCandidates::search(const float* query, std::size_t count) const {
    std::vector<float> distances(count);
    std::vector<faiss::Index::idx_t> labels(count, -1);
    impl_->ivf.search(1, query, faiss::Index::idx_t(count), distances.data(), labels.data());
    std::vector<std::int64_t> out;
    for (faiss::Index::idx_t l : labels)
        if (l >= 0) out.push_back(l);
    return out;
}

std::size_t IvfCandidates::memoryBytes() const {
    const std::size_t n = std::size_t(impl_->ivf.ntotal);
    return n * (impl_->ivf.d * sizeof(float) + sizeof(faiss::Index::idx_t)) +
           impl_->ivf.nlist * impl_->ivf.d * sizeof(float);
}

int IvfCandidates::lists() const { return int(impl_->ivf.nlist); }
int IvfCandidates::probes() const { return int(impl_->ivf.nprobe); }

}  // namespace refpose::detail
