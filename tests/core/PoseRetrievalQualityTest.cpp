// Retrieval that matches what artists mean (issue 12), on the real ADD poses: a pose turned by
// any angle, mirrored or resized finds itself; "Any rotation" off prefers the query's
// orientation; a part query finds the part where it is on the body (hands by the head).
#include "SearchTestPoses.h"
#include "retrieval/PoseIndex.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <numbers>

namespace refpose {
namespace {

constexpr float kPi = std::numbers::pi_v<float>;

class RetrievalQuality : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        poses_ = new std::vector<Pose>(test::addPoses());
        index_ = new PoseIndex;
        for (std::size_t i = 0; i < poses_->size(); ++i) index_->add(std::int64_t(i), describePose((*poses_)[i]));
        index_->rebuild();
    }
    static void TearDownTestSuite() {
        delete index_;
        delete poses_;
    }
    void SetUp() override {
        if (poses_->empty()) REFPOSE_SKIP_FOR_MISSING("../shared/add/data.json is absent (data beside the project)");
    }
    static std::vector<Pose>* poses_;
    static PoseIndex* index_;
};
std::vector<Pose>* RetrievalQuality::poses_ = nullptr;
PoseIndex* RetrievalQuality::index_ = nullptr;

Pose turned(const Pose& p, float degrees) {
    Pose t = test::similarity(p, degrees * kPi / 180, 1.f, 300.f, -200.f);
    t.box = boxAroundKeypoints(t, kAddBoxMargin);  // boxed again, as a detector would
    return t;
}

TEST_F(RetrievalQuality, ATurnedPoseFindsItselfFirstWithAnyRotation) {
    for (float degrees : {30.f, 45.f, 60.f, 90.f, 180.f})
        for (std::size_t i = 0; i < poses_->size(); i += 40) {
            const auto hits = index_->search(describePose(turned((*poses_)[i], degrees)), {.k = 1});
            ASSERT_EQ(hits.size(), 1u);
            EXPECT_EQ(hits[0].id, std::int64_t(i)) << degrees << " degrees, pose " << i;
            EXPECT_NEAR(hits[0].distance, 0.f, 1e-3f);
        }
}

TEST_F(RetrievalQuality, AMirroredOrResizedPoseFindsItselfFirst) {
    SearchOptions noMirror{.k = 1, .mirror = false};
    for (std::size_t i = 0; i < poses_->size(); i += 40) {
        const Pose& p = (*poses_)[i];
        Pose m = mirrored(p, 77.f);
        m.box = boxAroundKeypoints(m, kAddBoxMargin);
        const auto hits = index_->search(describePose(m), {.k = 1});
        EXPECT_EQ(hits[0].id, std::int64_t(i));
        EXPECT_TRUE(hits[0].mirrored);
        EXPECT_NEAR(hits[0].distance, 0.f, 1e-3f);
        EXPECT_GT(poseDistance(describePose(m), describePose(p), noMirror).distance, 1e-2f);
        const auto resized = index_->search(describePose(test::similarity(p, 0.f, 0.3f, -50.f, 20.f)), {.k = 1});
        EXPECT_EQ(resized[0].id, std::int64_t(i));
    }
}

TEST_F(RetrievalQuality, WithoutAnyRotationTheQuerysOrientationComesFirst) {
    // An upright pose turned upside down: with the orientation term the first hits are figures
    // upside down like the query (none of the ADD poses is), not the pose itself.
    int sameWay = 0, n = 0;
    for (std::size_t i = 0; i < poses_->size(); i += 40) {
        const Pose q = turned((*poses_)[i], 180.f);
        const auto qo = bodyOrientation(q);
        if (!qo) continue;
        SearchOptions o{.k = 1, .orientation = true};
        const auto hits = index_->search(describePose(q), o);
        const auto eo = bodyOrientation((*poses_)[std::size_t(hits[0].id)]);
        sameWay += eo && angleDifference(*qo, *eo) < angleDifference(*qo, *bodyOrientation((*poses_)[i]));
        ++n;
    }
    std::cout << "upside-down queries whose first hit is nearer their orientation than the source: " << sameWay << "/"
              << n << "\n";
    EXPECT_GE(sameWay, n * 9 / 10);
}

// Body-frame measures of the ADD poses: torso length, and where the wrists are.
float torsoLength(const Pose& p) {
    const float sx = (p[Kp::LeftShoulder].x + p[Kp::RightShoulder].x) / 2,
                sy = (p[Kp::LeftShoulder].y + p[Kp::RightShoulder].y) / 2;
    const float hx = (p[Kp::LeftHip].x + p[Kp::RightHip].x) / 2, hy = (p[Kp::LeftHip].y + p[Kp::RightHip].y) / 2;
    return std::hypot(sx - hx, sy - hy);
}
float apart(const Keypoint& a, const Keypoint& b) { return std::hypot(a.x - b.x, a.y - b.y); }

// Both hands within half a torso of the nose.
bool handsByTheHead(const Pose& p) {
    const float t = torsoLength(p);
    return apart(p[Kp::LeftWrist], p[Kp::Nose]) < 0.5f * t && apart(p[Kp::RightWrist], p[Kp::Nose]) < 0.5f * t;
}

TEST_F(RetrievalQuality, ArmsWithHandsByTheHeadFindHandsByTheHead) {
    JointMask armJoints = 0;
    for (Kp k : {Kp::LeftShoulder, Kp::LeftElbow, Kp::LeftWrist, Kp::LeftUpperArm, Kp::LeftForearm, Kp::RightShoulder,
                 Kp::RightElbow, Kp::RightWrist, Kp::RightUpperArm, Kp::RightForearm})
        armJoints |= JointMask{1} << idx(k);
    // Share of the 5 nearest (itself left out) with hands by the head, for one part frame.
    const auto shareByTheHead = [&](JointMask frame) {
        int resultsByTheHead = 0, results = 0;
        for (std::size_t i = 0; i < poses_->size(); ++i) {
            if (!handsByTheHead((*poses_)[i])) continue;
            SearchOptions o{.k = 6, .joints = armJoints, .partFrame = frame};
            for (const IndexHit& h : index_->search(describePose((*poses_)[i]), o)) {
                if (h.id == std::int64_t(i)) continue;  // itself
                resultsByTheHead += handsByTheHead((*poses_)[std::size_t(h.id)]);
                ++results;
            }
        }
        return double(resultsByTheHead) / results;
    };
    int queries = 0;
    for (const Pose& p : *poses_) queries += handsByTheHead(p);
    const double now = shareByTheHead(kDefaultPartFrame), shapeOnly = shareByTheHead(0);
    std::cout << queries << " of " << poses_->size() << " poses have both hands by the head; of their 5 nearest arms, "
              << now << " have hands by the head (" << shapeOnly << " comparing the arms' own pairs only)\n";
    ASSERT_GE(queries, 10);
    // Measured 0.464 (ADD, 56 queries) against a base rate of 0.028 and 0.293 for the arms'
    // own shape (the search before issue 12); margin 0.06.
    EXPECT_GE(now, 0.40);
    EXPECT_GT(now, 1.5 * shapeOnly);
}

}  // namespace
}  // namespace refpose
