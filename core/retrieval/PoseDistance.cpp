#include "retrieval/PoseDistance.h"

#include "retrieval/DistanceKernel.h"

namespace refpose {
namespace {

// Descriptor part of D for one query variant; infinity when too few pairs are shared.
float descriptorDistance(const PoseDescriptor& q, const PoseDescriptor& e) {
    const JointMask shared = q.joints & e.joints;
    const int sharedPairs = comparedPairCount(shared, q.part, q.frame);
    if (!detail::comparable(sharedPairs, q.presentPairs(), kMinSharedPairFraction))
        return std::numeric_limits<float>::infinity();
    const auto mask = comparedPairMask(shared, q.part, q.frame);
    return detail::shapeDistance(detail::maskedSums(q.values.data(), e.values.data(), mask.data()));
}

}  // namespace

float orientationPenalty(const PoseDescriptor& query, const PoseDescriptor& entry, const SearchOptions& options) {
    if (!options.orientation || !query.orientation || !entry.orientation) return 0.f;
    return options.orientationWeight * angleDifference(*query.orientation, *entry.orientation);
}

PoseDescriptor restrictQuery(const PoseDescriptor& query, const SearchOptions& options) {
    if (!options.joints) return query;
    PoseDescriptor q = query;
    q.part = *options.joints;
    q.frame = options.partFrame;
    // The joints no compared pair reaches are not the query's any more.
    q.joints &= q.part | q.frame;
    const auto mask = comparedPairMask(q.joints, q.part, q.frame);
    for (std::size_t p = 0; p < kNumPairs; ++p)
        if (!mask[p]) q.values[p] = 0.f;
    // The orientation needs the shoulders and hips; a query without them has none.
    const JointMask torso = JointMask{1} << idx(Kp::LeftShoulder) | JointMask{1} << idx(Kp::RightShoulder) |
                            JointMask{1} << idx(Kp::LeftHip) | JointMask{1} << idx(Kp::RightHip);
    if ((q.joints & torso) != torso) q.orientation.reset();
    return q;
}

PoseMatch poseDistance(const PoseDescriptor& query, const PoseDescriptor& entry, const SearchOptions& options) {
    PoseMatch best{descriptorDistance(query, entry) + orientationPenalty(query, entry, options), false};
    if (options.mirror) {
        const PoseDescriptor m = mirrorDescriptor(query);
        const float d = descriptorDistance(m, entry) + orientationPenalty(m, entry, options);
        if (d < best.distance) best = {d, true};
    }
    return best;
}

}  // namespace refpose
