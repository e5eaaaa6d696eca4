#include "HeatmapTargets.h"
#include "PoseSamples.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace refpose;
using namespace refpose::training;

namespace {

constexpr int kSide = 64;

const float* mapOf(const std::vector<float>& maps, Kp k) { return maps.data() + idx(k) * kSide * kSide; }

}  // namespace

TEST(HeatmapTargets, PeakSitsOnTheKeypoint) {
    Pose p;
    p[Kp::LeftKnee] = {20.f, 41.f, 1.f, Visibility::Visible};
    const auto maps = renderHeatmapTargets(p, kSide);
    const float* m = mapOf(maps, Kp::LeftKnee);
    const auto best = std::max_element(m, m + kSide * kSide) - m;
    EXPECT_EQ(best % kSide, 20);
    EXPECT_EQ(best / kSide, 41);
    EXPECT_FLOAT_EQ(m[best], 1.f);
}

TEST(HeatmapTargets, SigmaFollowsTheOksSigma) {
    // Hips have the largest OKS sigma, eyes the smallest: their targets are widest / narrowest.
    EXPECT_GT(heatmapSigma(idx(Kp::LeftHip), kSide), heatmapSigma(idx(Kp::LeftShoulder), kSide));
    EXPECT_FLOAT_EQ(heatmapSigma(idx(Kp::LeftHip), kSide), kSigmaScale * kOksSigmas[idx(Kp::LeftHip)] * kSide);
    EXPECT_FLOAT_EQ(heatmapSigma(idx(Kp::LeftEye), 16), kMinSigmaPixels);
    // One sigma away from the peak the target is exp(-1/2).
    Pose p;
    p[Kp::RightHip] = {32.f, 32.f, 1.f, Visibility::Visible};
    const auto maps = renderHeatmapTargets(p, kSide);
    const float sigma = heatmapSigma(idx(Kp::RightHip), kSide);
    const int dx = 3;
    EXPECT_NEAR(mapOf(maps, Kp::RightHip)[32 * kSide + 32 + dx], std::exp(-dx * dx / (2 * sigma * sigma)), 1e-6);
}

TEST(HeatmapTargets, UnlabelledPointsGiveEmptyMaps) {
    Pose p;
    p[Kp::Nose] = {10.f, 10.f, 1.f, Visibility::Visible};
    const auto maps = renderHeatmapTargets(p, kSide);
    const float* m = mapOf(maps, Kp::LeftAnkle);
    EXPECT_EQ(*std::max_element(m, m + kSide * kSide), 0.f);
}

TEST(HeatmapTargets, MidpointTargetsComeFromTheirEndpoints) {
    Pose p;
    p[Kp::LeftShoulder] = {10.f, 10.f, 1.f, Visibility::Visible};
    p[Kp::LeftElbow] = {30.f, 50.f, 1.f, Visibility::Visible};
    deriveMidpoints(p);
    const auto maps = renderHeatmapTargets(p, kSide);
    const float* m = mapOf(maps, Kp::LeftUpperArm);
    const auto best = std::max_element(m, m + kSide * kSide) - m;
    EXPECT_EQ(best % kSide, 20);
    EXPECT_EQ(best / kSide, 30);
}

TEST(HeatmapTargets, CropAndHeatmapCoordinatesRoundTrip) {
    Pose p;
    p[Kp::Nose] = {100.f, 37.5f, 1.f, Visibility::Visible};
    const Pose h = cropToHeatmap(p, 256, 64);
    EXPECT_NEAR(heatmapToCrop(h[Kp::Nose].x, 256, 64), 100.f, 1e-4);
    EXPECT_NEAR(heatmapToCrop(h[Kp::Nose].y, 256, 64), 37.5f, 1e-4);
}
