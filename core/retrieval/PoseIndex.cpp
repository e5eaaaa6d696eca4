#include "retrieval/PoseIndex.h"

#include "retrieval/DistanceKernel.h"
#include "retrieval/IvfCandidates.h"
#include "retrieval/ProjectionBasis.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
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
        const PoseDescriptor& v = q.v[i];
        plan.sharedPairs[i] = comparedPairCount(shared, v.part, v.frame);
        plan.ok[i] = detail::comparable(plan.sharedPairs[i], q.queryPairs, kMinSharedPairFraction);
        if (plan.ok[i]) plan.mask[i] = comparedPairMask(shared, v.part, v.frame);
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

// Every per-entry array, indexed by slot; a slot owns `width` consecutive elements of each.
// Slots are dense: erasing one moves the last slot into the hole. forEachArray names every
// array once, so growing, moving, shrinking and measuring cannot forget one.
struct EntryArrays {
    std::vector<std::int64_t> ids;
    std::vector<float> values;  // kNumPairs per slot
    std::vector<JointMask> joints;
    std::vector<float> orientation;         // NaN when unknown
    std::vector<std::uint32_t> posInGroup;  // the slot's position in its group's slot list
    std::vector<float> projections;         // `dims` per slot; none before the first rebuild

    std::size_t size() const { return ids.size(); }

    template <typename Self, typename F>
    static void forEachArray(Self& self, std::size_t dims, F&& f) {
        f(self.ids, 1);
        f(self.values, kNumPairs);
        f(self.joints, 1);
        f(self.orientation, 1);
        f(self.posInGroup, 1);
        f(self.projections, dims);
    }

    // Appends a zero-filled slot to every array and returns it.
    std::uint32_t grow(std::size_t dims) {
        const auto slot = std::uint32_t(size());
        forEachArray(*this, dims, [](auto& a, std::size_t width) { a.resize(a.size() + width); });
        return slot;
    }

    // Moves the last slot into `slot` and drops the last slot.
    void eraseByMovingLast(std::uint32_t slot, std::size_t dims) {
        const std::size_t last = size() - 1;
        forEachArray(*this, dims, [&](auto& a, std::size_t width) {
            if (slot != last)
                std::copy_n(a.begin() + std::ptrdiff_t(last * width), width, a.begin() + std::ptrdiff_t(slot * width));
            a.resize(a.size() - width);
        });
    }

    void clear() {
        forEachArray(*this, 0, [](auto& a, std::size_t) { a.clear(); });
    }

    std::size_t memoryBytes() const {
        std::size_t bytes = 0;
        forEachArray(*this, 0, [&](const auto& a, std::size_t) { bytes += a.size() * sizeof(a[0]); });
        return bytes;
    }
};

}  // namespace

struct PoseIndex::Impl {
    mutable std::shared_mutex mutex;
    EntryArrays entries;
    std::unordered_map<std::int64_t, std::uint32_t> slotOf;
    // Entries grouped by joint mask: within a group the shared pairs with a query are fixed.
    struct Group {
        JointMask joints = 0;
        std::vector<std::uint32_t> slots;
    };
    std::vector<Group> groups;
    std::unordered_map<JointMask, std::uint32_t> groupOf;
    // Projection (after rebuild): basis dims x kNumPairs; entries.projections slots x dims.
    int dims = 0;
    std::vector<float> basis;
    IndexBuildOptions buildOptions;
    std::unique_ptr<detail::IvfCandidates> ivf;

    const float* row(std::uint32_t slot) const { return entries.values.data() + std::size_t(slot) * kNumPairs; }
    const float* projection(std::uint32_t slot) const {
        return entries.projections.data() + std::size_t(slot) * std::size_t(dims);
    }
    std::int64_t idAt(std::uint32_t slot) const { return entries.ids[slot]; }
    float orientationAt(std::uint32_t slot) const { return entries.orientation[slot]; }

    PoseDescriptor descriptor(std::uint32_t slot) const {
        PoseDescriptor d;
        std::copy_n(row(slot), kNumPairs, d.values.begin());
        d.joints = entries.joints[slot];
        if (!std::isnan(orientationAt(slot))) d.orientation = orientationAt(slot);
        return d;
    }

    Group& groupFor(JointMask m) {
        auto [it, inserted] = groupOf.try_emplace(m, std::uint32_t(groups.size()));
        if (inserted) groups.push_back({m, {}});
        return groups[it->second];
    }

    void append(std::int64_t id, const PoseDescriptor& given) {
        // Stored at RMS 1 over its present pairs, absent pairs 0: D does not change (it rescales
        // anyway) and the projected bounds of scanGroup hold for any descriptor added.
        PoseDescriptor d = given;
        detail::keepAtUnitRms(d.values.data(), pairMask(d.joints).data(),
                              comparedPairCount(d.joints, kAllJoints, kAllJoints));
        const std::uint32_t slot = entries.grow(std::size_t(dims));
        entries.ids[slot] = id;
        std::copy(d.values.begin(), d.values.end(), entries.values.begin() + std::ptrdiff_t(slot * kNumPairs));
        entries.joints[slot] = d.joints;
        entries.orientation[slot] = d.orientation.value_or(kNoOrientation);
        Group& g = groupFor(d.joints);
        entries.posInGroup[slot] = std::uint32_t(g.slots.size());
        g.slots.push_back(slot);
        slotOf[id] = slot;
        if (dims > 0) {
            detail::project(basis, dims, kNumPairs, d.values.data(),
                            entries.projections.data() + std::size_t(slot) * std::size_t(dims));
            if (ivf) ivf->add(id, projection(slot));
        }
    }

    void erase(std::uint32_t slot) {
        std::vector<std::uint32_t>& posInGroup = entries.posInGroup;
        if (ivf) ivf->remove(idAt(slot));
        // Out of its group: the group's last member takes its place there.
        Group& g = groups[groupOf.at(entries.joints[slot])];
        const std::uint32_t moved = g.slots.back();
        g.slots[posInGroup[slot]] = moved;
        posInGroup[moved] = posInGroup[slot];
        g.slots.pop_back();
        slotOf.erase(idAt(slot));
        // Out of the dense arrays: the last slot moves into the hole; its group and id map follow.
        const auto last = std::uint32_t(entries.size() - 1);
        entries.eraseByMovingLast(slot, std::size_t(dims));
        if (slot != last) {
            groups[groupOf.at(entries.joints[slot])].slots[posInGroup[slot]] = slot;
            slotOf[idAt(slot)] = slot;
        }
    }

    void computeProjections() {
        const int n = int(entries.size());
        entries.projections.assign(std::size_t(n) * std::size_t(dims), 0.f);
        if (n == 0) return;
        // One matrix product for the whole library: values (n x 300) * basis^T (300 x dims).
        const cv::Mat v(n, int(kNumPairs), CV_32F, entries.values.data());
        const cv::Mat b(dims, int(kNumPairs), CV_32F, basis.data());
        cv::Mat out(n, dims, CV_32F, entries.projections.data());
        cv::gemm(v, b, 1.0, cv::noArray(), 0.0, out, cv::GEMM_2_T);
    }

    void buildApproximate() {
        ivf.reset();
        if (!buildOptions.buildApproximate || entries.size() < kMinApproximateEntries || dims == 0) return;
        ivf = std::make_unique<detail::IvfCandidates>(entries.projections.data(), entries.ids.data(), entries.size(),
                                                      dims, buildOptions.ivfLists, buildOptions.ivfProbes);
    }

    QueryVariants variants(const PoseDescriptor& query, const SearchOptions& o) const {
        QueryVariants q;
        q.v.push_back(restrictQuery(query, o));
        if (o.mirror) q.v.push_back(mirrorDescriptor(q.v[0]));
        q.queryPairs = q.v[0].presentPairs();
        return q;
    }

    float penalty(const PoseDescriptor& v, std::uint32_t slot, const SearchOptions& o) const {
        if (!o.orientation || !v.orientation || std::isnan(orientationAt(slot))) return 0.f;
        return o.orientationWeight * angleDifference(*v.orientation, orientationAt(slot));
    }

    // poseDistance(query, entry) with the group's pair masks precomputed: same arithmetic.
    IndexHit exact(const QueryVariants& q, const GroupPlan& plan, std::uint32_t slot, const SearchOptions& o) const {
        IndexHit best{idAt(slot), std::numeric_limits<float>::infinity(), false};
        for (std::size_t i = 0; i < q.v.size(); ++i) {
            float d = std::numeric_limits<float>::infinity();
            if (plan.ok[i])
                d = detail::shapeDistance(detail::maskedSums(q.v[i].values.data(), row(slot), plan.mask[i].data()));
            d += penalty(q.v[i], slot, o);
            if (i == 0 || d < best.distance) best = {idAt(slot), d, i == 1};
        }
        return best;
    }

    // A group can use projected lower bounds when every variant it is compared with compares
    // all the group's pairs: the entries are stored at RMS 1 on exactly those pairs, so D is a
    // plain distance of zero-filled vectors once the masked query is rescaled to RMS 1.
    bool isBoundable(const GroupPlan& plan, JointMask groupJoints) const {
        if (dims == 0) return false;
        const int groupPairs = comparedPairCount(groupJoints, kAllJoints, kAllJoints);
        for (std::size_t i = 0; i < 2; ++i)
            if (plan.ok[i] && plan.sharedPairs[i] != groupPairs) return false;
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
            if (isBoundable(plan, g.joints)) {
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
            detail::keepAtUnitRms(masked.values.data(), plan.mask[i].data(), plan.sharedPairs[i]);
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
            const JointMask entryJoints = entries.joints[it->second];
            auto [p, inserted] = plans.try_emplace(entryJoints);
            if (inserted) p->second = planGroup(q, entryJoints);
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
    m.entries.clear();
    m.slotOf.clear();
    m.groups.clear();
    m.groupOf.clear();
    m.ivf.reset();
}

std::size_t PoseIndex::size() const {
    std::shared_lock lock(impl_->mutex);
    return impl_->entries.size();
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
    m.basis = detail::principalAxes(m.entries.values.data(), m.entries.size(), kNumPairs, m.dims);
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
    for (std::uint32_t slot = 0; slot < impl_->entries.size(); ++slot) {
        const PoseMatch m = poseDistance(q, impl_->descriptor(slot), options);
        top.push({impl_->idAt(slot), m.distance, m.mirrored});
    }
    return std::move(top).sorted();
}

IndexStats PoseIndex::stats() const {
    std::shared_lock lock(impl_->mutex);
    const Impl& m = *impl_;
    IndexStats s;
    s.entries = m.entries.size();
    s.projectionDims = m.dims;
    s.approximateReady = m.ivf != nullptr;
    s.memoryBytes = m.entries.memoryBytes() + m.entries.size() * sizeof(std::uint32_t) /* group slot lists */ +
                    m.slotOf.size() * 2 * sizeof(std::int64_t) + m.basis.size() * sizeof(float) +
                    (m.ivf ? m.ivf->memoryBytes() : 0);
    return s;
}

}  // namespace refpose
