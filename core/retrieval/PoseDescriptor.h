#pragma once
// The pose descriptor of Chen & Zwicker 2022, section 6, and what RefPose adds to it.
//
// Paper: all pairwise Euclidean distances among the 25 points (300 numbers), scaled by the
// character's size. The paper divides by the longest side of the character's box; that side
// changes when the figure turns (a pose rotated by 45 degrees no longer matched itself), so
// RefPose divides by a size that turns with the figure: the RMS of the present pair distances
// (sqrt(2n / (n - 1)) times the RMS spread of the n present joints about their centroid). The
// descriptor is then invariant to translation, rotation, scale and, with kFlip, mirroring.
// Beyond the paper (docs/search.md):
//  - Present joints: a joint counts when it is labelled and its score >= minScore; a pair
//    counts when both its joints count. Absent pairs hold 0 and are masked out of distances.
//  - Mirror: mirrorDescriptor() permutes the pairs with kFlip, so a query can be compared with
//    the library both as drawn and left-right mirrored.
//  - Orientation: the descriptor ignores in-plane rotation; bodyOrientation() is the angle of
//    the vector from the neck (mid-shoulders) to the hip centre, used by an optional term.
//  - Part queries: `part` and `frame` select the pairs a query compares (comparedPairMask):
//    a pair counts when one end is in the part and the other in the part or the frame, so a
//    part is ranked by where it lies relative to the body, not only by its own shape.

#include "schema/Pose.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace refpose {

// Number of unordered keypoint pairs: 25 * 24 / 2.
inline constexpr std::size_t kNumPairs = kNumKeypoints * (kNumKeypoints - 1) / 2;

// One bit per keypoint (bit i = keypoint i present).
using JointMask = std::uint32_t;
inline constexpr JointMask kAllJoints = (JointMask{1} << kNumKeypoints) - 1;

// Estimator confidence below which a joint is treated as absent (MoveNet's usual cut-off).
inline constexpr float kDefaultMinJointScore = 0.2f;

struct DescriptorOptions {
    float minScore = kDefaultMinJointScore;  // joints scoring below this are absent
};

// The index of pair (i, j), i != j, in the 300 values (row-major upper triangle).
std::size_t pairIndex(std::size_t i, std::size_t j);
// The two keypoints of pair p.
std::array<std::uint8_t, 2> pairJoints(std::size_t p);

// The joints a part is placed against by default: head and trunk, whose layout says where the
// part is on the body (hands by the head, knee up to the chest) without letting the rest of
// the limbs decide the ranking (bench/RESULTS.md, "Retrieval quality").
inline constexpr JointMask kBodyFrameJoints = [] {
    JointMask m = 0;
    for (Kp k : {Kp::Nose, Kp::LeftEye, Kp::RightEye, Kp::LeftEar, Kp::RightEar, Kp::LeftShoulder, Kp::RightShoulder,
                 Kp::LeftHip, Kp::RightHip})
        m |= JointMask{1} << idx(k);
    return m;
}();

struct PoseDescriptor {
    std::array<float, kNumPairs> values{};  // pair distances / pose size; 0 when absent
    JointMask joints = 0;                   // the present joints
    std::optional<float> orientation;       // radians, atan2 of neck -> hip centre; none when unknown
    // Which pairs a query compares (a library pose keeps the defaults: every pair).
    JointMask part = kAllJoints;   // a compared pair has at least one end here
    JointMask frame = kAllJoints;  // ... and its other end here or in the part

    int presentJoints() const;
    int presentPairs() const;  // compared pairs whose two joints are present
    bool pairPresent(std::size_t p) const;
};

// The present joints of a pose (labelled and score >= options.minScore).
JointMask presentJoints(const Pose& pose, const DescriptorOptions& options = {});

// Describes a pose: pair distances divided by their RMS over the present pairs (so the present
// values have RMS 1). The box plays no part. A pose with fewer than two present joints, or
// with all of them at one point, gives no pairs.
PoseDescriptor describePose(const Pose& pose, const DescriptorOptions& options = {});

// The descriptor of the left-right mirrored pose (joints renamed by kFlip, orientation
// reflected about the vertical), computed from a descriptor without the pose.
PoseDescriptor mirrorDescriptor(const PoseDescriptor& d);

// Bits of the pairs whose two joints are in `joints`, as a per-pair 0/1 table.
std::array<std::uint8_t, kNumPairs> pairMask(JointMask joints);
// The pairs a comparison uses: both ends in `joints`, one end in `part`, the other in `part`
// or `frame` (every pair of `joints` when part is kAllJoints); and their number.
std::array<std::uint8_t, kNumPairs> comparedPairMask(JointMask joints, JointMask part, JointMask frame);
int comparedPairCount(JointMask joints, JointMask part, JointMask frame);

// Angle of the neck (mid-shoulders) -> hip-centre vector, radians in (-pi, pi]; none when a
// shoulder or hip is absent. Upright figures give about +pi/2 (image y points down).
std::optional<float> bodyOrientation(const Pose& pose, const DescriptorOptions& options = {});

// Smallest absolute difference of two angles, in [0, pi].
float angleDifference(float a, float b);

}  // namespace refpose
