// The keypoint schema is consistent: flips, edges, midpoints, sigmas, groups.
#include "schema/Keypoints.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace refpose;

TEST(Keypoints, FlipIsAnInvolutionThatSwapsSides) {
    for (std::size_t i = 0; i < kNumKeypoints; ++i) {
        EXPECT_EQ(kFlip[kFlip[i]], i) << kKeypointNames[i];
        const Side s = kKeypointSide[i], f = kKeypointSide[kFlip[i]];
        if (s == Side::Centre)
            EXPECT_EQ(kFlip[i], i);
        else
            EXPECT_NE(s, f) << kKeypointNames[i];
    }
    EXPECT_EQ(kFlip[idx(Kp::LeftWrist)], idx(Kp::RightWrist));
    EXPECT_EQ(kFlip[idx(Kp::RightShin)], idx(Kp::LeftShin));
}

TEST(Keypoints, FlipPairsHaveMatchingNames) {
    for (std::size_t i = 0; i < kNumKeypoints; ++i) {
        std::string name(kKeypointNames[i]), other(kKeypointNames[kFlip[i]]);
        if (name.rfind("left_", 0) == 0) {
            EXPECT_EQ(other, "right_" + name.substr(5));
        }
        if (name.rfind("right_", 0) == 0) {
            EXPECT_EQ(other, "left_" + name.substr(6));
        }
    }
}

TEST(Keypoints, NamesAreUniqueAndFindable) {
    std::set<std::string_view> names(kKeypointNames.begin(), kKeypointNames.end());
    EXPECT_EQ(names.size(), kNumKeypoints);
    for (std::size_t i = 0; i < kNumKeypoints; ++i) EXPECT_EQ(keypointIndex(kKeypointNames[i]), i);
    EXPECT_FALSE(keypointIndex("tail").has_value());
}

TEST(Keypoints, EveryEdgeAndLimbNamesRealCocoPoints) {
    for (const auto& e : kSkeletonEdges) {
        EXPECT_LT(idx(e.a), kNumCocoKeypoints);
        EXPECT_LT(idx(e.b), kNumCocoKeypoints);
        EXPECT_NE(idx(e.a), idx(e.b));
    }
    for (const auto& e : kPcpLimbs) EXPECT_LT(idx(e.b), kNumCocoKeypoints);
}

TEST(Keypoints, SkeletonIsClosedUnderFlip) {
    auto has = [](std::size_t a, std::size_t b) {
        for (const auto& e : kSkeletonEdges)
            if ((idx(e.a) == a && idx(e.b) == b) || (idx(e.a) == b && idx(e.b) == a)) return true;
        return false;
    };
    for (const auto& e : kSkeletonEdges) EXPECT_TRUE(has(kFlip[idx(e.a)], kFlip[idx(e.b)]));
}

TEST(Keypoints, MidpointsJoinAdjacentJointsOfTheirOwnSide) {
    std::set<std::size_t> seen;
    for (const auto& m : kMidpoints) {
        EXPECT_GE(idx(m.midpoint), kNumCocoKeypoints);
        EXPECT_TRUE(seen.insert(idx(m.midpoint)).second);
        EXPECT_EQ(kKeypointSide[idx(m.midpoint)], kKeypointSide[idx(m.a)]);
        EXPECT_EQ(kKeypointSide[idx(m.a)], kKeypointSide[idx(m.b)]);
    }
    EXPECT_EQ(seen.size(), kNumMidpoints);
}

TEST(Keypoints, SigmasMatchCocoAndMidpointsTakeTheMean) {
    EXPECT_FLOAT_EQ(kOksSigmas[idx(Kp::Nose)], .026f);
    EXPECT_FLOAT_EQ(kOksSigmas[idx(Kp::LeftHip)], .107f);
    EXPECT_FLOAT_EQ(kOksSigmas[idx(Kp::RightAnkle)], .089f);
    EXPECT_FLOAT_EQ(kOksSigmas[idx(Kp::LeftShin)], (.087f + .089f) / 2);
    for (std::size_t i = 0; i < kNumKeypoints; ++i) EXPECT_FLOAT_EQ(kOksSigmas[i], kOksSigmas[kFlip[i]]);
}

TEST(Keypoints, GroupsFollowThePapersTables) {
    EXPECT_EQ(groupOf(idx(Kp::Nose)), KpGroup::Nose);
    EXPECT_EQ(groupOf(idx(Kp::RightEye)), KpGroup::Eyes);
    EXPECT_EQ(groupOf(idx(Kp::LeftEar)), KpGroup::Ears);
    EXPECT_EQ(groupOf(idx(Kp::RightWrist)), KpGroup::Wrists);
    EXPECT_EQ(groupOf(idx(Kp::LeftAnkle)), KpGroup::Ankles);
    EXPECT_EQ(groupOf(idx(Kp::LeftThigh)), KpGroup::Midpoints);
    for (std::size_t i = 0; i < kNumKeypoints; ++i) EXPECT_EQ(groupOf(i), groupOf(kFlip[i]));
}

TEST(Keypoints, LeftAndRightDrawInDifferentColours) {
    const Rgb l = colourOf(Side::Left), r = colourOf(Side::Right);
    EXPECT_FALSE(l.r == r.r && l.g == r.g && l.b == r.b);
    const Rgb torso = edgeColour({Kp::LeftShoulder, Kp::RightShoulder});
    EXPECT_EQ(torso.g, kCentreColour.g);
}
