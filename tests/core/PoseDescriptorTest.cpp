#include "SearchTestPoses.h"
#include "retrieval/PoseDescriptor.h"
#include "retrieval/PoseDistance.h"

#include <gtest/gtest.h>

#include <cmath>
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

TEST(PoseDescriptor, DividesDistancesByTheirRmsOverThePresentPairs) {
    Pose p;
    p.box = {0, 0, 50, 200};  // the box plays no part
    p[Kp::Nose] = {0, 0, 1, Visibility::Visible};
    p[Kp::LeftEye] = {30, 0, 1, Visibility::Visible};
    p[Kp::RightEye] = {0, 40, 1, Visibility::Visible};  // 3-4-5 triangle: 30, 40, 50
    const PoseDescriptor d = describePose(p);
    EXPECT_EQ(d.presentJoints(), 3);
    EXPECT_EQ(d.presentPairs(), 3);
    const float rms = std::sqrt((30.f * 30 + 40.f * 40 + 50.f * 50) / 3);
    EXPECT_FLOAT_EQ(d.values[pairIndex(idx(Kp::Nose), idx(Kp::LeftEye))], 30.f / rms);
    EXPECT_FLOAT_EQ(d.values[pairIndex(idx(Kp::LeftEye), idx(Kp::RightEye))], 50.f / rms);
    EXPECT_FLOAT_EQ(d.values[pairIndex(idx(Kp::Nose), idx(Kp::LeftEar))], 0.f);  // absent pair
    Pose boxed = p;
    boxed.box = {0, 0, 400, 10};
    expectSameValues(d, describePose(boxed));
}

TEST(PoseDescriptor, AllJointsAtOnePointGiveNoPairs) {
    Pose p;
    p[Kp::Nose] = p[Kp::LeftEye] = {5, 5, 1, Visibility::Visible};
    EXPECT_EQ(describePose(p).presentPairs(), 0);
}

TEST(PoseDescriptor, AnyTurnWithARecomputedBoxKeepsTheDescriptor) {
    // The paper's longest-box-side scale changed when a figure turned by 30-60 degrees.
    std::mt19937 rng(15);
    const Pose p = randomPose(rng);
    for (float degrees : {30.f, 45.f, 60.f, 90.f, 137.f, 180.f}) {
        Pose turned = similarity(p, degrees * std::numbers::pi_v<float> / 180, 1.f, 400.f, 0.f);
        turned.box = boxAroundKeypoints(turned, 0.1f);
        expectSameValues(describePose(p), describePose(turned), 1e-4f);
    }
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
    EXPECT_NEAR(angleDifference(*describePose(m).orientation, *mirrorDescriptor(describePose(p)).orientation), 0.f,
                1e-5f);
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
    // Every pair differs the same way (values alternating 0.9 / 1.1 against all 1): the
    // distance over any even-sized set of pairs, scaled to 300, is the full one.
    PoseDescriptor a, b;
    a.joints = b.joints = kAllJoints;
    for (std::size_t p = 0; p < kNumPairs; ++p) {
        a.values[p] = 1.f;
        b.values[p] = p % 2 ? 1.1f : 0.9f;
    }
    SearchOptions full;
    full.mirror = false;
    const float dFull = poseDistance(a, b, full).distance;
    // b rescaled to RMS 1 is b / sqrt(1.01): the mean squared difference is 2 - 2 / sqrt(1.01).
    EXPECT_NEAR(dFull, std::sqrt(300.f * (2.f - 2.f / std::sqrt(1.01f))), 1e-3f);
    // A query without some joints: fewer pairs, same scaled distance (to the 1% the pairs' mix allows).
    PoseDescriptor partial = a;
    partial.joints = JointMask{0b1111111111111};  // the first 13 joints: 78 pairs
    EXPECT_NEAR(poseDistance(partial, b, full).distance, dFull, 0.02f * dFull);
    // A missing joint moves nothing: the joints it does not give do not count.
    PoseDescriptor c = b;
    for (std::size_t p = 0; p < kNumPairs; ++p)
        if (!pairMask(partial.joints)[p]) c.values[p] = 9.f;
    EXPECT_FLOAT_EQ(poseDistance(partial, c, full).distance, poseDistance(partial, b, full).distance);
    EXPECT_GT(poseDistance(a, c, full).distance, 3 * dFull);  // 8.05 against 1.73
}

TEST(PoseDistance, TheSizeOfTheFigureNeverCounts) {
    // Scaled copies are at distance 0, with all joints or some, whole body or part.
    std::mt19937 rng(16);
    Pose p = randomPose(rng);
    const PoseDescriptor e = describePose(p);
    Pose q = similarity(p, 0.9f, 2.7f, 30.f, 40.f);
    q[Kp::LeftWrist] = Keypoint{};
    q[Kp::RightKnee] = Keypoint{};
    deriveMidpoints(q);
    SearchOptions o;
    EXPECT_NEAR(poseDistance(describePose(q), e, o).distance, 0.f, 1e-3f);
    o.joints = JointMask{1} << idx(Kp::RightElbow) | JointMask{1} << idx(Kp::RightWrist);
    EXPECT_NEAR(poseDistance(restrictQuery(describePose(q), o), e, o).distance, 0.f, 1e-3f);
}

TEST(PoseDistance, APartQueryComparesThePartWithTheHeadAndTrunk) {
    std::mt19937 rng(17);
    const PoseDescriptor q = describePose(randomPose(rng));
    SearchOptions o;
    o.mirror = false;
    o.joints = JointMask{1} << idx(Kp::LeftWrist);
    const PoseDescriptor r = restrictQuery(q, o);
    // The wrist against the head (5) and trunk (4): 9 pairs.
    EXPECT_EQ(r.presentPairs(), 9);
    EXPECT_NE(r.values[pairIndex(idx(Kp::LeftWrist), idx(Kp::Nose))], 0.f);
    EXPECT_EQ(r.values[pairIndex(idx(Kp::LeftWrist), idx(Kp::RightAnkle))], 0.f);
    EXPECT_EQ(r.values[pairIndex(idx(Kp::Nose), idx(Kp::LeftHip))], 0.f);  // frame with frame: not compared
    // partFrame = kAllJoints: every pair with an end in the part.
    o.partFrame = kAllJoints;
    EXPECT_EQ(restrictQuery(q, o).presentPairs(), int(kNumKeypoints) - 1);
    // The mirror renames the part and the frame too.
    const PoseDescriptor m = mirrorDescriptor(r);
    EXPECT_EQ(m.part, JointMask{1} << idx(Kp::RightWrist));
    EXPECT_EQ(m.frame, kBodyFrameJoints);
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
    upright[Kp::LeftShoulder].y = 60;
    upright[Kp::RightShoulder].y = 60;
    upright[Kp::LeftHip].y = 200;
    upright[Kp::RightHip].y = 200;
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
