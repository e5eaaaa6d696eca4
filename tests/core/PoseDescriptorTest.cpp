#include "SearchTestPoses.h"
#include "retrieval/PoseDescriptor.h"
#include "retrieval/PoseDistance.h"

#include <gtest/gtest.h>

#include <numbers>

namespace refpose {
namespace {

using test::randomPose;
using test::similarity;

constexpr float kTol = 1e-5f;

void expectSameValues(const PoseDescriptor& a, const PoseDescriptor& b, float tol = kTol) {
    ASSERT_EQ(a.joints, b.joints);
    for (std::size_t p = 0; p < kNumPairs; ++p) ASSERT_NEAR(a.values[p], b.values[p], tol) << "pair " << p;
}

TEST(PoseDescriptor, HasAllPairsOfTheTwentyFiveJoints) {
    EXPECT_EQ(kNumPairs, 300u);
    for (std::size_t p = 0; p < kNumPairs; ++p) {
        const auto [i, j] = pairJoints(p);
        EXPECT_LT(i, j);
        EXPECT_EQ(pairIndex(i, j), p);
        EXPECT_EQ(pairIndex(j, i), p);
    }
}

TEST(PoseDescriptor, DividesDistancesByTheLongestBoxSide) {
    Pose p;
    p.box = {0, 0, 50, 200};
    p[Kp::Nose] = {10, 10, 1, Visibility::Visible};
    p[Kp::LeftEye] = {40, 50, 1, Visibility::Visible};  // 3-4-5 triangle: distance 50
    const PoseDescriptor d = describePose(p);
    EXPECT_EQ(d.presentJoints(), 2);
    EXPECT_EQ(d.presentPairs(), 1);
    EXPECT_FLOAT_EQ(d.values[pairIndex(idx(Kp::Nose), idx(Kp::LeftEye))], 0.25f);
    EXPECT_FLOAT_EQ(d.values[pairIndex(idx(Kp::Nose), idx(Kp::RightEye))], 0.f);  // absent pair
}

TEST(PoseDescriptor, IsInvariantToTranslationRotationAndScale) {
    std::mt19937 rng(7);
    for (int trial = 0; trial < 20; ++trial) {
        const Pose p = randomPose(rng);
        const PoseDescriptor d = describePose(p);
        ASSERT_EQ(d.presentJoints(), int(kNumKeypoints));
        expectSameValues(d, describePose(similarity(p, 0.f, 1.f, 123.f, -45.f)));
        expectSameValues(d, describePose(similarity(p, 0.f, 3.5f, 0.f, 0.f)));
        expectSameValues(d, describePose(similarity(p, 1.234f, 0.6f, 17.f, 900.f)));
    }
}

TEST(PoseDescriptor, QuarterTurnWithARecomputedBoxKeepsTheDescriptor) {
    std::mt19937 rng(8);
    const Pose p = randomPose(rng);
    Pose turned = similarity(p, std::numbers::pi_v<float> / 2, 1.f, 400.f, 0.f);
    turned.box = boxAroundKeypoints(turned, 0.f);  // the box measured in the image again
    expectSameValues(describePose(p), describePose(turned));
}

TEST(PoseDescriptor, DistinctPosesDiffer) {
    std::mt19937 rng(9);
    const PoseDescriptor a = describePose(randomPose(rng)), b = describePose(randomPose(rng));
    EXPECT_GT(poseDistance(a, b, {}).distance, 0.5f);
}

TEST(PoseDescriptor, MirrorDescriptorIsTheDescriptorOfTheMirroredPose) {
    std::mt19937 rng(10);
    const Pose p = randomPose(rng);
    const Pose m = mirrored(p, 300.f);
    expectSameValues(describePose(m), mirrorDescriptor(describePose(p)));
    ASSERT_TRUE(describePose(m).orientation && mirrorDescriptor(describePose(p)).orientation);
    EXPECT_NEAR(angleDifference(*describePose(m).orientation, *mirrorDescriptor(describePose(p)).orientation), 0.f, 1e-5f);
}

TEST(PoseDistance, MirrorOptionMatchesTheMirroredPoseAtZero) {
    std::mt19937 rng(11);
    const Pose p = randomPose(rng);
    const PoseDescriptor q = describePose(p), m = describePose(mirrored(p, 100.f));
    SearchOptions on;
    const PoseMatch withMirror = poseDistance(q, m, on);
    EXPECT_NEAR(withMirror.distance, 0.f, 1e-4f);
    EXPECT_TRUE(withMirror.mirrored);
    SearchOptions off;
    off.mirror = false;
    EXPECT_GT(poseDistance(q, m, off).distance, 0.1f);
    EXPECT_FALSE(poseDistance(q, q, on).mirrored);  // itself: the unmirrored variant wins ties
}

TEST(PoseDistance, LowScoreJointsAreAbsent) {
    std::mt19937 rng(12);
    Pose p = randomPose(rng);
    p[Kp::LeftWrist].score = 0.05f;
    const PoseDescriptor d = describePose(p);
    EXPECT_FALSE(d.joints >> idx(Kp::LeftWrist) & 1u);
    EXPECT_EQ(d.values[pairIndex(idx(Kp::LeftWrist), idx(Kp::Nose))], 0.f);
    // Moving an absent joint changes nothing.
    Pose moved = p;
    moved[Kp::LeftWrist].x += 80.f;
    expectSameValues(d, describePose(moved));
}

TEST(PoseDistance, PartialQueryScoresAreComparableWithFullOnes) {
    // Every pair differs by the same amount: the partial distance, scaled to 300 pairs,
    // equals the full one.
    PoseDescriptor a, b;
    a.joints = b.joints = kAllJoints;
    for (std::size_t p = 0; p < kNumPairs; ++p) {
        a.values[p] = 0.5f;
        b.values[p] = 0.6f;
    }
    SearchOptions full;
    full.mirror = false;
    SearchOptions partial = full;
    partial.joints = JointMask{0b1111111111111};  // the first 13 joints: 78 pairs
    const float dFull = poseDistance(a, b, full).distance;
    const float dPartial = poseDistance(restrictQuery(a, partial), b, partial).distance;
    EXPECT_NEAR(dFull, 0.1f * std::sqrt(300.f), 1e-4f);
    EXPECT_NEAR(dPartial, dFull, 1e-4f);
    // And a partial query ignores the joints it does not give.
    PoseDescriptor c = b;
    for (std::size_t p = 0; p < kNumPairs; ++p)
        if (!pairMask(*partial.joints)[p]) c.values[p] = 9.f;
    EXPECT_NEAR(poseDistance(restrictQuery(a, partial), c, partial).distance, dPartial, 1e-5f);
    EXPECT_GT(poseDistance(a, c, full).distance, 10 * dFull);
}

TEST(PoseDistance, TooFewSharedPairsIsNoMatch) {
    std::mt19937 rng(13);
    const PoseDescriptor q = describePose(randomPose(rng));
    Pose few = randomPose(rng);
    for (std::size_t i = 3; i < kNumKeypoints; ++i) few.kp[i].v = Visibility::Unlabelled;
    EXPECT_TRUE(std::isinf(poseDistance(q, describePose(few), {}).distance));
}

TEST(PoseDistance, OrientationOptionRanksUpsideDownLower) {
    std::mt19937 rng(14);
    Pose upright = randomPose(rng);
    // Shoulders above hips: an upright figure.
    upright[Kp::LeftShoulder].y = 60; upright[Kp::RightShoulder].y = 60;
    upright[Kp::LeftHip].y = 200; upright[Kp::RightHip].y = 200;
    deriveMidpoints(upright);
    const Pose upsideDown = similarity(upright, std::numbers::pi_v<float>, 1.f, 500.f, 500.f);
    Pose similarUpright = upright;
    similarUpright[Kp::LeftWrist].x += 15.f;  // a slightly different pose, same orientation
    deriveMidpoints(similarUpright);
    const PoseDescriptor q = describePose(upright);
    const PoseDescriptor down = describePose(upsideDown), near = describePose(similarUpright);
    ASSERT_NEAR(*q.orientation, std::numbers::pi_v<float> / 2, 0.5f);

    SearchOptions plain;
    EXPECT_LT(poseDistance(q, down, plain).distance, poseDistance(q, near, plain).distance);  // rotation-blind
    SearchOptions oriented;
    oriented.orientation = true;
    EXPECT_GT(poseDistance(q, down, oriented).distance, poseDistance(q, near, oriented).distance);
    EXPECT_NEAR(poseDistance(q, down, oriented).distance - poseDistance(q, down, plain).distance,
                kDefaultOrientationWeight * std::numbers::pi_v<float>, 1e-3f);
}

}  // namespace
}  // namespace refpose
