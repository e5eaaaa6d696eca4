#include "retrieval/PoseIndex.h"

#include "retrieval/DistanceKernel.h"
#include "retrieval/IvfCandidates.h"
#include "retrieval/ProjectionBasis.h"
#include "util/AtomicFile.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace refpose {
namespace {

// Absolute and relative slack on lower bounds: projections are rounded in float, the exact
// distance in double; the slack keeps the pruning exact at no measurable cost.
constexpr float kBoundSlack = 1e-4f;
// Fewer entries than this and the approximate structure is not worth building.
constexpr std::size_t kMinApproximateEntries = 1000;
// Candidates re-ranked per query variant when SearchOptions::approximateCandidates is 0.
constexpr std::size_t kMinApproximateCandidates = 200;
constexpr std::size_t kApproximateCandidatesPerK = 20;

constexpr float kNoOrientation = std::numeric_limits<float>::quiet_NaN();

// The query as searched: itself, and its mirror when mirror search is on.
struct QueryVariants {
    std::vector<PoseDescriptor> v;
    int queryPairs = 0;
};

// How one group of entries (one joint mask) compares with each query variant.
struct GroupPlan {
    bool ok[2] = {false, false};
    int sharedPairs[2] = {0, 0};
    std::array<std::uint8_t, kNumPairs> mask[2];
    bool anyOk() const { return ok[0] || ok[1]; }
};

GroupPlan planGroup(const QueryVariants& q, JointMask groupJoints) {
    GroupPlan plan;
    for (std::size_t i = 0; i < q.v.size(); ++i) {
        const JointMask shared = q.v[i].joints & groupJoints;
        plan.sharedPairs[i] = detail::sharedPairCount(shared);
        plan.ok[i] = detail::comparable(plan.sharedPairs[i], q.queryPairs, kMinSharedPairFraction);
        if (plan.ok[i]) plan.mask[i] = pairMask(shared);
    }
    return plan;
}

// Keeps the k best hits: a max-heap on (distance, id), so ties resolve by id as in a sort.
class TopK {
public:
    explicit TopK(std::size_t k) : k_(k) {}
    float bound() const { return heap_.size() < k_ ? std::numeric_limits<float>::infinity() : heap_.front().distance; }
    void push(const IndexHit& h) {
        if (!std::isfinite(h.distance)) return;
        if (heap_.size() < k_) {
            heap_.push_back(h);
            std::push_heap(heap_.begin(), heap_.end(), less);
        } else if (less(h, heap_.front())) {
            std::pop_heap(heap_.begin(), heap_.end(), less);
            heap_.back() = h;
            std::push_heap(heap_.begin(), heap_.end(), less);
        }
    }
    std::vector<IndexHit> sorted() && {
        std::sort(heap_.begin(), heap_.end(), less);
        return std::move(heap_);
    }
    static bool less(const IndexHit& a, const IndexHit& b) {
        return a.distance != b.distance ? a.distance < b.distance : a.id < b.id;
    }

private:
    std::size_t k_;
    std::vector<IndexHit> heap_;
};

// Squared L2 distance of two short vectors; eight accumulators let the compiler vectorise.
float squaredL2(const float* a, const float* b, int n) {
    float acc[8] = {};
    int i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; ++j) {
            const float d = a[i + j] - b[i + j];
            acc[j] += d * d;
        }
    float s = 0;
    for (; i < n; ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
    for (float x : acc) s += x;
    return s;
}

// Index file layout (docs/adr/0201-pose-index-file.md): native little-endian.
constexpr char kIndexMagic[8] = {'R', 'P', 'P', 'O', 'S', 'E', 'I', 'X'};
constexpr std::uint32_t kIndexFileVersion = 1;

struct IndexFileHeader {
    char magic[8];
    std::uint32_t version;
    std::uint32_t pairs;
    std::uint64_t entries;
    std::int32_t dims;
    std::int32_t approximate;
    std::int32_t ivfLists;
    std::int32_t ivfProbes;
};

template <typename T>
void appendRaw(std::string& out, const T* data, std::size_t count) {
    out.append(reinterpret_cast<const char*>(data), count * sizeof(T));
}

template <typename T>
void readRaw(const std::string& in, std::size_t& pos, T* data, std::size_t count) {
    std::memcpy(data, in.data() + pos, count * sizeof(T));
    pos += count * sizeof(T);
}

}  // namespace

struct PoseIndex::Impl {
    mutable std::shared_mutex mutex;
    // Entries by slot (dense; removal moves the last slot into the hole).
    std::vector<std::int64_t> ids;
    std::vector<float> values;  // slots x kNumPairs
    std::vector<JointMask> joints;
    std::vector<float> orientation;  // NaN when unknown
    std::vector<std::uint32_t> posInGroup;
    std::unordered_map<std::int64_t, std::uint32_t> slotOf;
    // Entries grouped by joint mask: within a group the shared pairs with a query are fixed.
    struct Group { JointMask joints = 0; std::vector<std::uint32_t> slots; };
    std::vector<Group> groups;
    std::unordered_map<JointMask, std::uint32_t> groupOf;
    // Projection (after rebuild): basis dims x kNumPairs, projections slots x dims.
    int dims = 0;
    std::vector<float> basis;
    std::vector<float> projections;
    IndexBuildOptions buildOptions;
    std::unique_ptr<detail::IvfCandidates> ivf;

    const float* row(std::uint32_t slot) const { return values.data() + std::size_t(slot) * kNumPairs; }
    const float* projection(std::uint32_t slot) const { return projections.data() + std::size_t(slot) * dims; }

    PoseDescriptor descriptor(std::uint32_t slot) const {
        PoseDescriptor d;
        std::copy_n(row(slot), kNumPairs, d.values.begin());
        d.joints = joints[slot];
        if (!std::isnan(orientation[slot])) d.orientation = orientation[slot];
        return d;
    }

    Group& groupFor(JointMask m) {
        auto [it, inserted] = groupOf.try_emplace(m, std::uint32_t(groups.size()));
        if (inserted) groups.push_back({m, {}});
        return groups[it->second];
    }

    void append(std::int64_t id, const PoseDescriptor& d) {
        const auto slot = std::uint32_t(ids.size());
        ids.push_back(id);
        values.insert(values.end(), d.values.begin(), d.values.end());
        joints.push_back(d.joints);
        orientation.push_back(d.orientation.value_or(kNoOrientation));
        Group& g = groupFor(d.joints);
        posInGroup.push_back(std::uint32_t(g.slots.size()));
        g.slots.push_back(slot);
        slotOf[id] = slot;
        if (dims > 0) {
            projections.resize(projections.size() + std::size_t(dims));
            detail::project(basis, dims, kNumPairs, d.values.data(), projections.data() + std::size_t(slot) * dims);
            if (ivf) ivf->add(id, projection(slot));
        }
    }

    void erase(std::uint32_t slot) {
        if (ivf) ivf->remove(ids[slot]);
        // Out of its group: the group's last member takes its place there.
        Group& g = groups[groupOf.at(joints[slot])];
        const std::uint32_t moved = g.slots.back();
        g.slots[posInGroup[slot]] = moved;
        posInGroup[moved] = posInGroup[slot];
        g.slots.pop_back();
        slotOf.erase(ids[slot]);
        // Out of the dense arrays: the last slot moves into the hole.
        const auto last = std::uint32_t(ids.size() - 1);
        if (slot != last) {
            ids[slot] = ids[last];
            std::copy_n(row(last), kNumPairs, values.begin() + std::size_t(slot) * kNumPairs);
            joints[slot] = joints[last];
            orientation[slot] = orientation[last];
            posInGroup[slot] = posInGroup[last];
            groups[groupOf.at(joints[slot])].slots[posInGroup[slot]] = slot;
            if (dims > 0) std::copy_n(projection(last), dims, projections.begin() + std::size_t(slot) * dims);
            slotOf[ids[slot]] = slot;
        }
        ids.pop_back();
        values.resize(values.size() - kNumPairs);
        joints.pop_back();
        orientation.pop_back();
        posInGroup.pop_back();
        if (dims > 0) projections.resize(projections.size() - std::size_t(dims));
    }

    void computeProjections() {
        projections.assign(ids.size() * std::size_t(dims), 0.f);
        if (ids.empty()) return;
        // One matrix product for the whole library: values (n x 300) * basis^T (300 x dims).
        const cv::Mat v(int(ids.size()), int(kNumPairs), CV_32F, values.data());
        const cv::Mat b(dims, int(kNumPairs), CV_32F, basis.data());
        cv::Mat out(int(ids.size()), dims, CV_32F, projections.data());
        cv::gemm(v, b, 1.0, cv::noArray(), 0.0, out, cv::GEMM_2_T);
    }

    void buildApproximate() {
        ivf.reset();
        if (!buildOptions.buildApproximate || ids.size() < kMinApproximateEntries || dims == 0) return;
        ivf = std::make_unique<detail::IvfCandidates>(projections.data(), ids.data(), ids.size(), dims,
                                                      buildOptions.ivfLists, buildOptions.ivfProbes);
    }

    QueryVariants variants(const PoseDescriptor& query, const SearchOptions& o) const {
        QueryVariants q;
        q.v.push_back(restrictQuery(query, o));
        if (o.mirror) q.v.push_back(mirrorDescriptor(q.v[0]));
        q.queryPairs = q.v[0].presentPairs();
        return q;
    }

    float penalty(const PoseDescriptor& v, std::uint32_t slot, const SearchOptions& o) const {
        if (!o.orientation || !v.orientation || std::isnan(orientation[slot])) return 0.f;
        return o.orientationWeight * angleDifference(*v.orientation, orientation[slot]);
    }

    // poseDistance(query, entry) with the group's pair masks precomputed: same arithmetic.
    IndexHit exact(const QueryVariants& q, const GroupPlan& plan, std::uint32_t slot, const SearchOptions& o) const {
        IndexHit best{ids[slot], std::numeric_limits<float>::infinity(), false};
        for (std::size_t i = 0; i < q.v.size(); ++i) {
            float d = std::numeric_limits<float>::infinity();
            if (plan.ok[i])
                d = detail::scaledDistance(detail::maskedSquaredSum(q.v[i].values.data(), row(slot), plan.mask[i].data()),
                                           plan.sharedPairs[i]);
            d += penalty(q.v[i], slot, o);
            if (i == 0 || d < best.distance) best = {ids[slot], d, i == 1};
        }
        return best;
    }

    // A group can use projected lower bounds when every variant it is compared with covers
    // all its pairs: the masked distance is then a plain distance of zero-filled vectors.
    bool isBoundable(const QueryVariants& q, const GroupPlan& plan, JointMask groupJoints) const {
        if (dims == 0) return false;
        for (std::size_t i = 0; i < q.v.size(); ++i)
            if (plan.ok[i] && (groupJoints & ~q.v[i].joints) != 0) return false;
        return true;
    }

    std::vector<IndexHit> exactSearch(const QueryVariants& q, const SearchOptions& o) const {
        TopK top(o.k);
        std::vector<std::size_t> boundable;
        for (std::size_t gi = 0; gi < groups.size(); ++gi) {
            const Group& g = groups[gi];
            if (g.slots.empty()) continue;
            const GroupPlan plan = planGroup(q, g.joints);
            if (!plan.anyOk()) continue;
            if (isBoundable(q, plan, g.joints)) {
                boundable.push_back(gi);
                continue;
            }
            for (std::uint32_t slot : g.slots) top.push(exact(q, plan, slot, o));
        }
        for (std::size_t gi : boundable) scanGroup(q, planGroup(q, groups[gi].joints), groups[gi], o, top);
        return std::move(top).sorted();
    }

    // One pass over a group: an entry is verified with the exact distance only when its lower
    // bound can still beat the current k-th best. The k-th best only decreases, so an entry
    // skipped once could never have entered the final answer: the result is exact.
    void scanGroup(const QueryVariants& q, const GroupPlan& plan, const Group& g, const SearchOptions& o,
                   TopK& top) const {
        std::vector<float> px[2];
        float factor2[2] = {0, 0};  // (300 / shared pairs): the bound's scale, squared
        for (std::size_t i = 0; i < q.v.size(); ++i) {
            if (!plan.ok[i]) continue;
            PoseDescriptor masked = q.v[i];
            for (std::size_t p = 0; p < kNumPairs; ++p) masked.values[p] *= plan.mask[i][p];
            px[i].resize(static_cast<std::size_t>(dims));
            detail::project(basis, dims, kNumPairs, masked.values.data(), px[i].data());
            factor2[i] = float(kNumPairs) / float(plan.sharedPairs[i]);
        }
        const bool oriented = o.orientation;
        const auto squaredLimit = [&] {
            const float b = top.bound();
            const float limit = b + kBoundSlack * (1.f + b);
            return limit * limit;
        };
        float limit2 = squaredLimit();
        for (std::uint32_t slot : g.slots) {
            const float* pe = projection(slot);
            float lb2 = std::numeric_limits<float>::infinity();
            for (std::size_t i = 0; i < q.v.size(); ++i) {
                if (!plan.ok[i]) continue;
                const float d2 = factor2[i] * squaredL2(px[i].data(), pe, dims);
                if (!oriented) {
                    lb2 = std::min(lb2, d2);
                } else {
                    const float lb = std::sqrt(d2) + penalty(q.v[i], slot, o);
                    lb2 = std::min(lb2, lb * lb);
                }
            }
            if (lb2 > limit2) continue;
            top.push(exact(q, plan, slot, o));
            limit2 = squaredLimit();
        }
    }

    std::vector<IndexHit> approximateSearch(const QueryVariants& q, const SearchOptions& o) const {
        const std::size_t count = o.approximateCandidates > 0
                                      ? o.approximateCandidates
                                      : std::max(kMinApproximateCandidates, kApproximateCandidatesPerK * o.k);
        std::vector<std::int64_t> found;
        std::vector<float> px(static_cast<std::size_t>(dims));
        for (const PoseDescriptor& v : q.v) {
            detail::project(basis, dims, kNumPairs, v.values.data(), px.data());
            const auto ids = ivf->search(px.data(), count);
            found.insert(found.end(), ids.begin(), ids.end());
        }
        std::sort(found.begin(), found.end());
        found.erase(std::unique(found.begin(), found.end()), found.end());
        TopK top(o.k);
        std::unordered_map<JointMask, GroupPlan> plans;
        for (std::int64_t id : found) {
            const auto it = slotOf.find(id);
            if (it == slotOf.end()) continue;
            auto [p, inserted] = plans.try_emplace(joints[it->second]);
            if (inserted) p->second = planGroup(q, joints[it->second]);
            top.push(exact(q, p->second, it->second, o));
        }
        return std::move(top).sorted();
    }
};

PoseIndex::PoseIndex() : impl_(std::make_unique<Impl>()) {}
PoseIndex::~PoseIndex() = default;

void PoseIndex::add(std::int64_t id, const PoseDescriptor& descriptor) {
    std::unique_lock lock(impl_->mutex);
    if (const auto it = impl_->slotOf.find(id); it != impl_->slotOf.end()) impl_->erase(it->second);
    impl_->append(id, descriptor);
}

bool PoseIndex::remove(std::int64_t id) {
    std::unique_lock lock(impl_->mutex);
    const auto it = impl_->slotOf.find(id);
    if (it == impl_->slotOf.end()) return false;
    impl_->erase(it->second);
    return true;
}

void PoseIndex::clear() {
    std::unique_lock lock(impl_->mutex);
    Impl& m = *impl_;
    // The projection stays: it is still orthonormal, so bounds for new entries stay exact.
    m.ids.clear();
    m.values.clear();
    m.joints.clear();
    m.orientation.clear();
    m.posInGroup.clear();
    m.slotOf.clear();
    m.groups.clear();
    m.groupOf.clear();
    m.projections.clear();
    m.ivf.reset();
}

std::size_t PoseIndex::size() const {
    std::shared_lock lock(impl_->mutex);
    return impl_->ids.size();
}

bool PoseIndex::contains(std::int64_t id) const {
    std::shared_lock lock(impl_->mutex);
    return impl_->slotOf.contains(id);
}

void PoseIndex::rebuild(const IndexBuildOptions& options) {
    std::unique_lock lock(impl_->mutex);
    Impl& m = *impl_;
    m.buildOptions = options;
    m.dims = std::clamp(options.projectionDims, 1, int(kNumPairs));
    m.basis = detail::principalAxes(m.values.data(), m.ids.size(), kNumPairs, m.dims);
    m.computeProjections();
    m.buildApproximate();
}

std::vector<IndexHit> PoseIndex::search(const PoseDescriptor& query, const SearchOptions& options) const {
    std::shared_lock lock(impl_->mutex);
    if (options.k == 0) return {};
    const QueryVariants q = impl_->variants(query, options);
    if (options.approximate && impl_->ivf) return impl_->approximateSearch(q, options);
    return impl_->exactSearch(q, options);
}

std::vector<IndexHit> PoseIndex::searchBruteForce(const PoseDescriptor& query, const SearchOptions& options) const {
    std::shared_lock lock(impl_->mutex);
    const PoseDescriptor q = restrictQuery(query, options);
    TopK top(options.k);
    for (std::uint32_t slot = 0; slot < impl_->ids.size(); ++slot) {
        const PoseMatch m = poseDistance(q, impl_->descriptor(slot), options);
        top.push({impl_->ids[slot], m.distance, m.mirrored});
    }
    return std::move(top).sorted();
}

IndexStats PoseIndex::stats() const {
    std::shared_lock lock(impl_->mutex);
    const Impl& m = *impl_;
    IndexStats s;
    s.entries = m.ids.size();
    s.projectionDims = m.dims;
    s.approximateReady = m.ivf != nullptr;
    s.memoryBytes = m.values.size() * sizeof(float) + m.projections.size() * sizeof(float) +
                    m.ids.size() * (sizeof(std::int64_t) + sizeof(JointMask) + sizeof(float) + 2 * sizeof(std::uint32_t)) +
                    m.slotOf.size() * 2 * sizeof(std::int64_t) + m.basis.size() * sizeof(float) +
                    (m.ivf ? m.ivf->memoryBytes() : 0);
    return s;
}

void PoseIndex::save(const std::filesystem::path& file) const {
    std::shared_lock lock(impl_->mutex);
    const Impl& m = *impl_;
    IndexFileHeader h{};
    std::memcpy(h.magic, kIndexMagic, sizeof h.magic);
    h.version = kIndexFileVersion;
    h.pairs = kNumPairs;
    h.entries = m.ids.size();
    h.dims = m.dims;
    h.approximate = m.ivf != nullptr;
    h.ivfLists = m.buildOptions.ivfLists;
    h.ivfProbes = m.buildOptions.ivfProbes;
    std::string out;
    out.reserve(sizeof h + m.basis.size() * 4 + m.ids.size() * (8 + 4 + 4 + kNumPairs * 4));
    appendRaw(out, &h, 1);
    appendRaw(out, m.basis.data(), m.basis.size());
    appendRaw(out, m.ids.data(), m.ids.size());
    appendRaw(out, m.joints.data(), m.joints.size());
    appendRaw(out, m.orientation.data(), m.orientation.size());
    appendRaw(out, m.values.data(), m.values.size());
    writeFileAtomically(file, out);
}

void PoseIndex::load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw IndexFileError(file.string() + ": cannot open the index file");
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto fail = [&](const std::string& why) { return IndexFileError(file.string() + ": " + why); };
    IndexFileHeader h{};
    if (bytes.size() < sizeof h) throw fail("not a RefPose pose index (too short)");
    std::size_t pos = 0;
    readRaw(bytes, pos, &h, 1);
    if (std::memcmp(h.magic, kIndexMagic, sizeof h.magic) != 0) throw fail("not a RefPose pose index (bad magic)");
    if (h.version != kIndexFileVersion) throw fail("unsupported index version " + std::to_string(h.version));
    if (h.pairs != kNumPairs || h.dims < 0 || h.dims > int(kNumPairs)) throw fail("corrupt header");
    const std::size_t n = h.entries;
    const std::size_t expected = sizeof h + std::size_t(h.dims) * kNumPairs * 4 + n * (8 + 4 + 4 + kNumPairs * 4);
    if (n > bytes.size() || bytes.size() != expected)
        throw fail("truncated or corrupt (" + std::to_string(bytes.size()) + " bytes, expected " +
                   std::to_string(expected) + ")");
    auto fresh = std::make_unique<Impl>();
    std::vector<float> basis(std::size_t(h.dims) * kNumPairs);
    readRaw(bytes, pos, basis.data(), basis.size());
    std::vector<std::int64_t> ids(n);
    std::vector<JointMask> joints(n);
    std::vector<float> orientation(n), values(n * kNumPairs);
    readRaw(bytes, pos, ids.data(), n);
    readRaw(bytes, pos, joints.data(), n);
    readRaw(bytes, pos, orientation.data(), n);
    readRaw(bytes, pos, values.data(), values.size());
    for (std::size_t i = 0; i < n; ++i) {
        PoseDescriptor d;
        std::copy_n(values.data() + i * kNumPairs, kNumPairs, d.values.begin());
        d.joints = joints[i];
        if (!std::isnan(orientation[i])) d.orientation = orientation[i];
        if (fresh->slotOf.contains(ids[i])) throw fail("duplicate entry id " + std::to_string(ids[i]));
        fresh->append(ids[i], d);
    }
    fresh->dims = h.dims;
    fresh->basis = std::move(basis);
    fresh->buildOptions.ivfLists = h.ivfLists;
    fresh->buildOptions.ivfProbes = h.ivfProbes;
    fresh->buildOptions.buildApproximate = h.approximate != 0;
    if (fresh->dims > 0) {
        fresh->buildOptions.projectionDims = fresh->dims;
        fresh->computeProjections();
        fresh->buildApproximate();
    }
    std::unique_lock lock(impl_->mutex);
    std::swap(impl_->ids, fresh->ids);
    std::swap(impl_->values, fresh->values);
    std::swap(impl_->joints, fresh->joints);
    std::swap(impl_->orientation, fresh->orientation);
    std::swap(impl_->posInGroup, fresh->posInGroup);
    std::swap(impl_->slotOf, fresh->slotOf);
    std::swap(impl_->groups, fresh->groups);
    std::swap(impl_->groupOf, fresh->groupOf);
    std::swap(impl_->dims, fresh->dims);
    std::swap(impl_->basis, fresh->basis);
    std::swap(impl_->projections, fresh->projections);
    std::swap(impl_->buildOptions, fresh->buildOptions);
    std::swap(impl_->ivf, fresh->ivf);
}

}  // namespace refpose
