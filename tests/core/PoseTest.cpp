#include "schema/Pose.h"

#include <gtest/gtest.h>

using namespace refpose;

namespace {
Pose twoPoints() {
    Pose p;
    p[Kp::LeftShoulder] = {10, 20, 0.9f, Visibility::Visible};
    p[Kp::LeftElbow] = {30, 40, 0.5f, Visibility::Occluded};
    return p;
}
}  // namespace

TEST(Pose, MidpointIsTheMeanOfLabelledEndpoints) {
    Pose p = twoPoints();
    deriveMidpoints(p);
    EXPECT_FLOAT_EQ(p[Kp::LeftUpperArm].x, 20);
    EXPECT_FLOAT_EQ(p[Kp::LeftUpperArm].y, 30);
    EXPECT_FLOAT_EQ(p[Kp::LeftUpperArm].score, 0.5f);
    EXPECT_EQ(p[Kp::LeftUpperArm].v, Visibility::Occluded);
    EXPECT_FALSE(p[Kp::LeftForearm].labelled());  // wrist missing
}

TEST(Pose, MirrorSwapsSidesAndReflects) {
    Pose p = twoPoints();
    p.box = {5, 5, 30, 40};
    const Pose m = mirrored(p, 50);
    EXPECT_FLOAT_EQ(m[Kp::RightShoulder].x, 90);
    EXPECT_FLOAT_EQ(m[Kp::RightShoulder].y, 20);
    EXPECT_FALSE(m[Kp::LeftShoulder].labelled());
    EXPECT_FLOAT_EQ(m.box.x, 65);
    EXPECT_EQ(mirrored(m, 50), p);
}

TEST(Pose, BoxAroundKeypointsGrowsByMargin) {
    const Box b = boxAroundKeypoints(twoPoints(), 0.1f);
    EXPECT_FLOAT_EQ(b.x, 8);
    EXPECT_FLOAT_EQ(b.y, 18);
    EXPECT_FLOAT_EQ(b.w, 24);
    EXPECT_FLOAT_EQ(b.h, 24);
    EXPECT_EQ(boxAroundKeypoints(Pose{}, 0.1f), Box{});
    EXPECT_EQ(countLabelled(twoPoints()), 2);
}
