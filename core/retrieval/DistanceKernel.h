#pragma once
// The arithmetic of poseDistance, shared by PoseDistance.cpp and PoseIndex.cpp so that the
// index's exact distances are bit-for-bit those of the reference definition. Private to
// retrieval/.

#include "retrieval/PoseDescriptor.h"

#include <bit>
#include <cmath>
#include <cstdint>

namespace refpose::detail {

// Pairs shared by two joint masks.
inline int sharedPairCount(JointMask shared) {
    const int n = std::popcount(shared);
    return n * (n - 1) / 2;
}

// Whether an entry sharing `sharedPairs` pairs with a query of `queryPairs` pairs is compared.
inline bool comparable(int sharedPairs, int queryPairs, float minFraction) {
    return sharedPairs > 0 && sharedPairs >= minFraction * queryPairs;
}

// Sum over masked pairs of squared differences, in pair order, in double.
inline double maskedSquaredSum(const float* q, const float* e, const std::uint8_t* mask) {
    double sum = 0;
    for (std::size_t p = 0; p < kNumPairs; ++p) {
        const double diff = double(q[p]) - e[p];
        sum += mask[p] * diff * diff;
    }
    return sum;
}

// sqrt(kNumPairs / sharedPairs) * sqrt(sum): the distance scaled to the full 300 pairs.
inline float scaledDistance(double squaredSum, int sharedPairs) {
    return static_cast<float>(std::sqrt(squaredSum * double(kNumPairs) / sharedPairs));
}

}  // namespace refpose::detail
