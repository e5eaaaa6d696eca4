#pragma once
// The benchmark pose library made from the ADD poses (../shared/add, 2000 poses), shared by
// search_bench (speed) and retrieval_quality_bench (quality) so both measure the same library:
// each entry is a random ADD pose, jittered, turned by any angle, scaled, maybe mirrored, and
// boxed again as a detector would box the turned figure.

#include "dataset/AddImport.h"
#include "schema/Pose.h"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <numbers>
#include <random>
#include <vector>

namespace refpose::bench {

// Jitter of each keypoint, as a share of the pose's box side (annotation noise).
inline constexpr float kJitter = 0.02f;
inline constexpr float kMinScale = 0.5f, kMaxScale = 2.f;

// The ADD poses as COCO poses (midpoints derived, box around the points plus kAddBoxMargin).
inline std::vector<Pose> addBasePoses(const std::filesystem::path& addFile) {
    std::vector<Pose> bases;
    for (const auto& a : readAdd(addFile).annotations) bases.push_back(a.pose);
    return bases;
}

// A random variant of an ADD pose: jittered, rotated by any angle, scaled, maybe mirrored.
inline Pose variant(const Pose& base, std::mt19937& rng) {
    std::uniform_real_distribution<float> angle(0.f, 2 * std::numbers::pi_v<float>), scale(kMinScale, kMaxScale);
    std::normal_distribution<float> noise(0.f, kJitter * base.box.longestSide());
    Pose p = std::bernoulli_distribution(0.5)(rng) ? mirrored(base, 0.f) : base;
    const float a = angle(rng), s = scale(rng), c = std::cos(a), n = std::sin(a);
    for (auto& k : p.kp) {
        if (!k.labelled()) continue;
        const float x = k.x + noise(rng), y = k.y + noise(rng);
        k = {s * (c * x - n * y), s * (n * x + c * y), k.score, k.v};
    }
    deriveMidpoints(p);
    p.box = boxAroundKeypoints(p, kAddBoxMargin);  // as a detector would box the turned figure
    return p;
}

struct LibraryPose {
    Pose pose;
    std::size_t base = 0;  // index of the ADD pose it was made from
};

// n variants of random base poses; the same seed gives the same library.
inline std::vector<LibraryPose> makeLibrary(const std::vector<Pose>& bases, std::size_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(0, bases.size() - 1);
    std::vector<LibraryPose> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t b = pick(rng);
        out.push_back({variant(bases[b], rng), b});
    }
    return out;
}

// The seed search_bench has always used for a library of n poses.
inline std::uint32_t librarySeed(std::size_t n) { return 1000 + std::uint32_t(n % 1000); }

}  // namespace refpose::bench
