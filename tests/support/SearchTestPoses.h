#pragma once
// Poses for the search tests: random figures, similarity transforms, and the ADD poses.

#include "TestPaths.h"
#include "dataset/AddImport.h"
#include "schema/Pose.h"

#include <cmath>
#include <random>
#include <vector>

namespace refpose::test {

// A random figure: 17 points in a 200 x 300 box at (50, 40), midpoints derived, all visible.
inline Pose randomPose(std::mt19937& rng) {
    std::uniform_real_distribution<float> x(50.f, 250.f), y(40.f, 340.f);
    Pose p;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) p.kp[i] = {x(rng), y(rng), 1.f, Visibility::Visible};
    deriveMidpoints(p);
    p.box = boxAroundKeypoints(p, 0.f);
    return p;
}

// Applies x -> s R x + t to every point; the box keeps its size times s (the character's own
// box turns with it, so its longest side scales by s).
inline Pose similarity(const Pose& pose, float angle, float s, float tx, float ty) {
    Pose out = pose;
    const float c = std::cos(angle), n = std::sin(angle);
    for (auto& k : out.kp) {
        const float x = k.x, y = k.y;
        k.x = s * (c * x - n * y) + tx;
        k.y = s * (n * x + c * y) + ty;
    }
    out.box = {pose.box.x * s + tx, pose.box.y * s + ty, pose.box.w * s, pose.box.h * s};
    return out;
}

// The ADD poses as COCO annotations (empty when ../shared is absent).
inline std::vector<Pose> addPoses() {
    const auto file = sharedDir() / "add" / "data.json";
    std::vector<Pose> out;
    if (!std::filesystem::exists(file)) return out;
    for (const auto& a : readAdd(file).annotations) out.push_back(a.pose);
    return out;
}

}  // namespace refpose::test
