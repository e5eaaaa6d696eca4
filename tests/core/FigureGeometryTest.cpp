// Body scale, synthesised head points and the head frame the renderer draws.
#include "render/FigureGeometry.h"
#include "render/SkeletonSource.h"

#include <gtest/gtest.h>

using namespace refpose;

namespace {

Pose standing() { return fitToImage(builtinPoses().front().pose, 512, 512); }

Pose scaledAbout(const Pose& p, float factor, float cx, float cy) {
    Pose out = p;
    for (auto& k : out.kp) {
        k.x = cx + factor * (k.x - cx);
        k.y = cy + factor * (k.y - cy);
    }
    return out;
}

}  // namespace

TEST(FigureGeometry, BodyScaleGrowsWithThePoseAndResistsAForeshortenedTorso) {
    const Pose p = standing();
    const float s = bodyScale(p);
    EXPECT_NEAR(bodyScale(scaledAbout(p, 2.f, 10.f, 20.f)), 2 * s, 1e-3f * s);
    // Squash the torso (a body bending towards the viewer): the limbs keep the scale up.
    Pose bent = p;
    for (Kp k : {Kp::LeftHip, Kp::RightHip, Kp::LeftKnee, Kp::RightKnee, Kp::LeftAnkle, Kp::RightAnkle})
        bent[k].y -= 0.8f * (p[Kp::LeftHip].y - p[Kp::LeftShoulder].y);
    EXPECT_GT(bodyScale(bent), 0.7f * s);
}

TEST(FigureGeometry, FrontalHeadIsSymmetricAndUnturned) {
    Pose p = standing();
    completeHeadKeypoints(p);
    const HeadFrame h = headFrameOf(p);
    EXPECT_NEAR(h.yaw, 0.f, 1e-3f);
    EXPECT_NEAR(h.radius, kHeadRadiusPerScale * bodyScale(p), 1e-2f * h.radius);
    EXPECT_NEAR(h.centre.x, p[Kp::Nose].x, 1e-2f);
    EXPECT_LT(h.centre.y, p[Kp::Nose].y);  // the nose is below the head's centre
    EXPECT_LT(h.up.y, -0.99f);             // upright
    EXPECT_GT(h.left.x, 0.99f);            // the character's left is the image's right
}

TEST(FigureGeometry, NoseBesideTheNeckTurnsTheHeadAndTheFrameRecoversTheTurn) {
    for (float side : {1.f, -1.f}) {
        Pose p = standing();
        const float shoulderWidth = p[Kp::LeftShoulder].x - p[Kp::RightShoulder].x;
        p[Kp::Nose].x += side * 0.3f * shoulderWidth;  // towards the character's left when side > 0
        completeHeadKeypoints(p);
        const HeadFrame h = headFrameOf(p);
        EXPECT_GT(side * h.yaw, 0.2f) << side;
        // The frame inverts the synthesis: the same head size comes back.
        EXPECT_NEAR(h.radius, kHeadRadiusPerScale * bodyScale(p), 1e-2f * h.radius) << side;
        // The far eye moves nearer the nose than the near one (foreshortened by the turn).
        const float nearGap = std::abs(p[side > 0 ? Kp::LeftEye : Kp::RightEye].x - p[Kp::Nose].x);
        const float farGap = std::abs(p[side > 0 ? Kp::RightEye : Kp::LeftEye].x - p[Kp::Nose].x);
        EXPECT_LT(farGap, nearGap) << side;
        EXPECT_EQ(farSideSign(p), side > 0 ? 1 : -1);
    }
}

TEST(FigureGeometry, HeadPointsWithoutANoseFaceTheViewerAboveTheShoulders) {
    Pose p = standing();
    p[Kp::Nose] = Keypoint{};
    completeHeadKeypoints(p);
    ASSERT_TRUE(p[Kp::Nose].labelled());
    const float neckX = (p[Kp::LeftShoulder].x + p[Kp::RightShoulder].x) / 2;
    EXPECT_NEAR(p[Kp::Nose].x, neckX, 1e-3f);
    EXPECT_LT(p[Kp::Nose].y, p[Kp::LeftShoulder].y);
    EXPECT_NEAR(headFrameOf(p).yaw, 0.f, 1e-3f);
}
