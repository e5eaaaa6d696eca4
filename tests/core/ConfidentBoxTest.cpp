#include "estimate/ConfidentBox.h"

#include <gtest/gtest.h>

using namespace refpose;

namespace {

// Three confident COCO points spanning (10,20)-(50,100), one weak COCO point far out, and a
// midpoint (not a COCO point) further out still.
Pose estimate() {
    Pose p;
    p[Kp::Nose] = {10, 20, 0.8f, Visibility::Visible};
    p[Kp::LeftHip] = {50, 60, 0.4f, Visibility::Visible};
    p[Kp::LeftAnkle] = {30, 100, 0.6f, Visibility::Visible};
    p[Kp::RightWrist] = {200, 200, 0.05f, Visibility::Visible};
    p.kp[kNumCocoKeypoints] = {-100, -100, 0.9f, Visibility::Visible};
    return p;
}

TEST(ConfidentBox, AbsoluteBarKeepsTheConfidentCandidatesOnly) {
    const ConfidentBox b = confidentBox(estimate(), {.minScore = 0.2f, .candidates = kNumCocoKeypoints});
    EXPECT_EQ(b.count, 3);
    EXPECT_EQ(b.box, (Box{10, 20, 40, 80}));
}

TEST(ConfidentBox, MarginGrowsByTheLongestSide) {
    const ConfidentBox b =
        confidentBox(estimate(), {.minScore = 0.2f, .candidates = kNumCocoKeypoints, .margin = 0.1f});
    EXPECT_EQ(b.box, (Box{2, 12, 56, 96}));  // 0.1 x 80 on every side
}

TEST(ConfidentBox, ShareOfBestIsRelativeToTheCandidates) {
    // Best among all 25 is the midpoint's 0.9: the bar 0.45 keeps it, the nose and the ankle.
    const ConfidentBox all = confidentBox(estimate(), {.minShareOfBest = 0.5f});
    EXPECT_EQ(all.count, 3);
    EXPECT_EQ(all.box, (Box{-100, -100, 130, 200}));
    // Among the COCO points the best is the nose's 0.8: the bar 0.4 keeps the hip instead.
    const ConfidentBox coco = confidentBox(estimate(), {.minShareOfBest = 0.5f, .candidates = kNumCocoKeypoints});
    EXPECT_EQ(coco.count, 3);
    EXPECT_EQ(coco.box, (Box{10, 20, 40, 80}));
}

TEST(ConfidentBox, ShareOfNothingKeepsNothing) {
    Pose silent;  // every score 0
    const ConfidentBox b = confidentBox(silent, {.minShareOfBest = 0.25f});
    EXPECT_EQ(b.count, 0);
    EXPECT_EQ(b.box, Box{});
}

TEST(ConfidentBox, VisibilityFlagsDoNotDecide) {
    Pose p = estimate();
    p[Kp::Nose].v = Visibility::Unlabelled;  // an estimate's flag; its score 0.8 still counts
    EXPECT_EQ(confidentBox(p, {.minScore = 0.2f, .candidates = kNumCocoKeypoints}).count, 3);
}

}  // namespace
