#include "retrieval/PoseDistance.h"

#include "retrieval/DistanceKernel.h"

namespace refpose {
namespace {

// Descriptor part of D for one query variant; infinity when too few pairs are shared.
float descriptorDistance(const PoseDescriptor& q, const PoseDescriptor& e) {
    const JointMask shared = q.joints & e.joints;
    const int sharedPairs = detail::sharedPairCount(shared);
    if (!detail::comparable(sharedPairs, q.presentPairs(), kMinSharedPairFraction))
        return std::numeric_limits<float>::infinity();
    const auto mask = pairMask(shared);
    return detail::scaledDistance(detail::maskedSquaredSum(q.values.data(), e.values.data(), mask.data()),
                                  sharedPairs);
}

}  // namespace

float orientationPenalty(const PoseDescriptor& query, const PoseDescriptor& entry, const SearchOptions& options) {
    if (!options.orientation || !query.orientation || !entry.orientation) return 0.f;
    return options.orientationWeight * angleDifference(*query.orientation, *entry.orientation);
}

PoseDescriptor restrictQuery(const PoseDescriptor& query, const SearchOptions& options) {
    if (!options.joints) return query;
    PoseDescriptor q = query;
    q.joints &= *options.joints;
    const auto mask = pairMask(q.joints);
    for (std::size_t p = 0; p < kNumPairs; ++p)
        if (!mask[p]) q.values[p] = 0.f;
    // The orientation needs the shoulders and hips; a query without them has none.
    const JointMask torso = JointMask{1} << idx(Kp::LeftShoulder) | JointMask{1} << idx(Kp::RightShoulder) |
                            JointMask{1} << idx(Kp::LeftHip) | JointMask{1} << idx(Kp::RightHip);
    if ((q.joints & torso) != torso) q.orientation.reset();
    return q;
}

PoseMatch poseDistance(const PoseDescriptor& query, const PoseDescriptor& entry,
                       const SearchOptions& options) {
    PoseMatch best{descriptorDistance(query, entry) + orientationPenalty(query, entry, options), false};
    if (options.mirror) {
        const PoseDescriptor m = mirrorDescriptor(query);
        const float d = descriptorDistance(m, entry) + orientationPenalty(m, entry, options);
        if (d < best.distance) best = {d, true};
    }
    return best;
}

}  // namespace refpose
