#pragma once
// The arithmetic of poseDistance, shared by PoseDistance.cpp and PoseIndex.cpp so that the
// index's exact distances are bit-for-bit those of the reference definition. Private to
// retrieval/.
//
// Over the compared pairs S, both descriptors are rescaled to RMS 1 (each pose's size measured
// on the same pairs, so a query missing joints, or a part query, is not off in scale), then
//   D = sqrt(300 / |S|) * || q^ - e^ ||  =  sqrt(600 * (1 - cos(q_S, e_S))),
// an RMS difference per pair times sqrt(300), computed from three sums in one pass.

#include "retrieval/PoseDescriptor.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace refpose::detail {

// Whether an entry sharing `sharedPairs` pairs with a query of `queryPairs` pairs is compared.
inline bool comparable(int sharedPairs, int queryPairs, float minFraction) {
    return sharedPairs > 0 && sharedPairs >= minFraction * queryPairs;
}

// Sums over the masked pairs, in pair order, in double.
struct PairSums {
    double qq = 0, ee = 0, qe = 0;
};

inline PairSums maskedSums(const float* q, const float* e, const std::uint8_t* mask) {
    PairSums s;
    for (std::size_t p = 0; p < kNumPairs; ++p) {
        const double m = mask[p], a = m * q[p], b = m * e[p];
        s.qq += a * a;
        s.ee += b * b;
        s.qe += a * b;
    }
    return s;
}

// D from the sums; infinity when either side has no extent on the compared pairs.
inline float shapeDistance(const PairSums& s) {
    if (!(s.qq > 0) || !(s.ee > 0)) return std::numeric_limits<float>::infinity();
    const double cosine = s.qe / std::sqrt(s.qq * s.ee);
    return static_cast<float>(std::sqrt(std::max(0.0, 2.0 * double(kNumPairs) * (1.0 - cosine))));
}

// Zeroes the pairs outside `mask` and rescales the rest to RMS 1 over `pairs` pairs (left as
// is when they are all 0): the form in which projected lower bounds of D hold (PoseIndex).
inline void keepAtUnitRms(float* values, const std::uint8_t* mask, int pairs) {
    double sum = 0;
    for (std::size_t p = 0; p < kNumPairs; ++p) {
        values[p] *= mask[p];
        sum += double(values[p]) * values[p];
    }
    if (!(sum > 0) || pairs <= 0) return;
    const double scale = std::sqrt(double(pairs) / sum);
    for (std::size_t p = 0; p < kNumPairs; ++p) values[p] = static_cast<float>(values[p] * scale);
}

}  // namespace refpose::detail
