#include "retrieval/PoseDescriptor.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>

namespace refpose {
namespace {

// Both pair tables, built once: pair -> (i, j) and (i, j) -> pair.
struct PairTables {
    std::array<std::array<std::uint8_t, 2>, kNumPairs> joints{};
    std::array<std::array<std::uint16_t, kNumKeypoints>, kNumKeypoints> index{};
    std::array<std::uint16_t, kNumPairs> flipped{};  // pair p under kFlip
};

const PairTables& tables() {
    static const PairTables t = [] {
        PairTables t;
        std::size_t p = 0;
        for (std::size_t i = 0; i < kNumKeypoints; ++i)
            for (std::size_t j = i + 1; j < kNumKeypoints; ++j, ++p) {
                t.joints[p] = {static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(j)};
                t.index[i][j] = t.index[j][i] = static_cast<std::uint16_t>(p);
            }
        for (std::size_t q = 0; q < kNumPairs; ++q)
            t.flipped[q] = t.index[kFlip[t.joints[q][0]]][kFlip[t.joints[q][1]]];
        return t;
    }();
    return t;
}

bool jointPresent(const Keypoint& k, float minScore) {
    return k.labelled() && k.score >= minScore && std::isfinite(k.x) && std::isfinite(k.y);
}

// The pose's size: the RMS of its present pair distances. Pair distances do not change when
// the figure turns, so neither does this (the box's longest side did).
double poseSize(const std::array<double, kNumPairs>& distances, int pairs) {
    double sum = 0;
    for (double d : distances) sum += d * d;  // absent pairs hold 0
    return pairs > 0 ? std::sqrt(sum / pairs) : 0.0;
}

int pairsAmong(JointMask joints) {
    const int n = std::popcount(joints);
    return n * (n - 1) / 2;
}

}  // namespace

std::size_t pairIndex(std::size_t i, std::size_t j) { return tables().index[i][j]; }

std::array<std::uint8_t, 2> pairJoints(std::size_t p) { return tables().joints[p]; }

int PoseDescriptor::presentJoints() const { return std::popcount(joints); }

int PoseDescriptor::presentPairs() const { return comparedPairCount(joints, part, frame); }

bool PoseDescriptor::pairPresent(std::size_t p) const {
    const auto [i, j] = pairJoints(p);
    return (joints >> i & 1u) && (joints >> j & 1u);
}

JointMask presentJoints(const Pose& pose, const DescriptorOptions& options) {
    JointMask m = 0;
    for (std::size_t i = 0; i < kNumKeypoints; ++i)
        if (jointPresent(pose.kp[i], options.minScore)) m |= JointMask{1} << i;
    return m;
}

PoseDescriptor describePose(const Pose& pose, const DescriptorOptions& options) {
    PoseDescriptor d;
    d.joints = presentJoints(pose, options);
    if (d.presentJoints() < 2) return d;
    std::array<double, kNumPairs> distances{};
    for (std::size_t p = 0; p < kNumPairs; ++p) {
        if (!d.pairPresent(p)) continue;
        const auto [i, j] = pairJoints(p);
        distances[p] = std::hypot(double(pose.kp[i].x) - pose.kp[j].x, double(pose.kp[i].y) - pose.kp[j].y);
    }
    const double size = poseSize(distances, d.presentPairs());
    if (!(size > 0) || !std::isfinite(size)) {
        d.joints = 0;  // every joint at one point: no shape to compare
        return d;
    }
    for (std::size_t p = 0; p < kNumPairs; ++p) d.values[p] = static_cast<float>(distances[p] / size);
    d.orientation = bodyOrientation(pose, options);
    return d;
}

PoseDescriptor mirrorDescriptor(const PoseDescriptor& d) {
    PoseDescriptor m;
    for (std::size_t p = 0; p < kNumPairs; ++p) m.values[tables().flipped[p]] = d.values[p];
    const auto flip = [](JointMask joints) {
        JointMask out = 0;
        for (std::size_t i = 0; i < kNumKeypoints; ++i)
            if (joints >> i & 1u) out |= JointMask{1} << kFlip[i];
        return out;
    };
    m.joints = flip(d.joints);
    m.part = flip(d.part);
    m.frame = flip(d.frame);
    // x -> -x reflects the angle about the vertical axis: theta -> pi - theta.
    if (d.orientation) {
        float a = std::numbers::pi_v<float> - *d.orientation;
        if (a > std::numbers::pi_v<float>) a -= 2 * std::numbers::pi_v<float>;
        m.orientation = a;
    }
    return m;
}

std::array<std::uint8_t, kNumPairs> pairMask(JointMask joints) {
    std::array<std::uint8_t, kNumPairs> m{};
    for (std::size_t p = 0; p < kNumPairs; ++p) {
        const auto [i, j] = pairJoints(p);
        m[p] = (joints >> i & 1u) && (joints >> j & 1u);
    }
    return m;
}

std::array<std::uint8_t, kNumPairs> comparedPairMask(JointMask joints, JointMask part, JointMask frame) {
    const JointMask inPart = joints & part, reach = joints & (part | frame);
    std::array<std::uint8_t, kNumPairs> m{};
    for (std::size_t p = 0; p < kNumPairs; ++p) {
        const auto [i, j] = pairJoints(p);
        m[p] = (reach >> i & 1u) && (reach >> j & 1u) && ((inPart >> i & 1u) || (inPart >> j & 1u));
    }
    return m;
}

int comparedPairCount(JointMask joints, JointMask part, JointMask frame) {
    // Pairs within reach, less those with neither end in the part.
    const JointMask reach = joints & (part | frame);
    return pairsAmong(reach) - pairsAmong(reach & ~part);
}

std::optional<float> bodyOrientation(const Pose& pose, const DescriptorOptions& options) {
    const Kp needed[] = {Kp::LeftShoulder, Kp::RightShoulder, Kp::LeftHip, Kp::RightHip};
    for (Kp k : needed)
        if (!jointPresent(pose[k], options.minScore)) return std::nullopt;
    const float neckX = (pose[Kp::LeftShoulder].x + pose[Kp::RightShoulder].x) / 2;
    const float neckY = (pose[Kp::LeftShoulder].y + pose[Kp::RightShoulder].y) / 2;
    const float hipX = (pose[Kp::LeftHip].x + pose[Kp::RightHip].x) / 2;
    const float hipY = (pose[Kp::LeftHip].y + pose[Kp::RightHip].y) / 2;
    if (neckX == hipX && neckY == hipY) return std::nullopt;
    return std::atan2(hipY - neckY, hipX - neckX);
}

float angleDifference(float a, float b) {
    float d = std::fabs(std::remainder(a - b, 2 * std::numbers::pi_v<float>));
    return std::min(d, std::numbers::pi_v<float>);
}

}  // namespace refpose
