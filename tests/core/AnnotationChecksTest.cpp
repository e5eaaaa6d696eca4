#include "dataset/AnnotationChecks.h"

#include "TestPaths.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace refpose {
namespace {

// A frontal character in a 200x300 image: character's left on the image's right.
CocoDataset frontalDataset() {
    CocoDataset d;
    d.images.push_back({1, "a.png", 200, 300, {}});
    d.categories.push_back(defaultPersonCategory());
    CocoAnnotation a;
    a.id = 10;
    a.imageId = 1;
    auto set = [&](Kp k, float x, float y) { a.pose[k] = {x, y, 1.f, Visibility::Visible}; };
    set(Kp::Nose, 100, 40);
    set(Kp::LeftEye, 110, 35);
    set(Kp::RightEye, 90, 35);
    set(Kp::LeftEar, 120, 38);
    set(Kp::RightEar, 80, 38);
    set(Kp::LeftShoulder, 130, 80);
    set(Kp::RightShoulder, 70, 80);
    set(Kp::LeftElbow, 140, 120);
    set(Kp::RightElbow, 60, 120);
    set(Kp::LeftWrist, 145, 160);
    set(Kp::RightWrist, 55, 160);
    set(Kp::LeftHip, 120, 170);
    set(Kp::RightHip, 80, 170);
    set(Kp::LeftKnee, 122, 220);
    set(Kp::RightKnee, 78, 220);
    set(Kp::LeftAnkle, 124, 270);
    set(Kp::RightAnkle, 76, 270);
    a.pose.box = boxAroundKeypoints(a.pose, 0.05f);
    d.annotations.push_back(a);
    return d;
}

long countKind(const std::vector<AnnotationIssue>& v, IssueKind k) {
    return std::count_if(v.begin(), v.end(), [k](const AnnotationIssue& i) { return i.kind == k; });
}

TEST(AnnotationChecks, CleanFrontalPoseHasNoIssue) {
    const auto issues = checkDataset(frontalDataset());
    for (const auto& i : issues) ADD_FAILURE() << i.message;
    EXPECT_TRUE(issues.empty());
}

TEST(AnnotationChecks, PointOutsideImageIsAnErrorNamingThePoint) {
    auto d = frontalDataset();
    d.annotations[0].pose[Kp::LeftAnkle].y = 320;  // image is 300 high
    d.annotations[0].pose.box.h = 400;             // box still covers it
    const auto issues = checkDataset(d);
    ASSERT_EQ(countKind(issues, IssueKind::PointOutsideImage), 1);
    const auto& i =
        *std::find_if(issues.begin(), issues.end(), [](auto& x) { return x.kind == IssueKind::PointOutsideImage; });
    EXPECT_EQ(i.severity, IssueSeverity::Error);
    EXPECT_EQ(i.keypoint, idx(Kp::LeftAnkle));
    EXPECT_NE(i.message.find("left_ankle"), std::string::npos);
    EXPECT_EQ(i.imageId, 1);
    EXPECT_EQ(i.annotationId, 10);
}

TEST(AnnotationChecks, BoxNotCoveringAPointIsReported) {
    auto d = frontalDataset();
    d.annotations[0].pose.box.w = 50;  // cuts off the character's left side
    const auto issues = checkDataset(d);
    EXPECT_GE(countKind(issues, IssueKind::BoxMissesPoint), 1);
    EXPECT_EQ(countKind(issues, IssueKind::PointOutsideImage), 0);
}

TEST(AnnotationChecks, MissingBoxIsAnError) {
    auto d = frontalDataset();
    d.annotations[0].pose.box = {};
    EXPECT_EQ(countKind(checkDataset(d), IssueKind::BoxMissesPoint), 1);
}

TEST(AnnotationChecks, SwappedShouldersWithFrontalFaceAreFlagged) {
    auto d = frontalDataset();
    auto& p = d.annotations[0].pose;
    std::swap(p[Kp::LeftShoulder], p[Kp::RightShoulder]);
    const auto issues = checkDataset(d);
    // Frontal face check plus the shoulder/hip disagreement.
    EXPECT_EQ(countKind(issues, IssueKind::LeftRightSwapped), 2);
}

TEST(AnnotationChecks, WholeMirroredPoseWithBackFacingHeadIsNotFlagged) {
    // A character seen from behind: no eyes or nose, mirrored order everywhere, consistent.
    auto d = frontalDataset();
    auto& p = d.annotations[0].pose;
    p = mirrored(p, 100.f);
    for (Kp k : {Kp::Nose, Kp::LeftEye, Kp::RightEye}) p[k] = Keypoint{};
    EXPECT_FALSE(faceIsFrontal(p));
    EXPECT_EQ(countKind(checkDataset(d), IssueKind::LeftRightSwapped), 0);
}

TEST(AnnotationChecks, HipsInconsistentWithShouldersAreFlaggedWithoutFace) {
    auto d = frontalDataset();
    auto& p = d.annotations[0].pose;
    for (Kp k : {Kp::Nose, Kp::LeftEye, Kp::RightEye}) p[k] = Keypoint{};
    std::swap(p[Kp::LeftHip], p[Kp::RightHip]);
    const auto issues = checkDataset(d);
    ASSERT_EQ(countKind(issues, IssueKind::LeftRightSwapped), 1);
}

TEST(AnnotationChecks, MissingPointsAreListedByName) {
    auto d = frontalDataset();
    d.annotations[0].pose[Kp::LeftEar] = Keypoint{};
    d.annotations[0].pose[Kp::RightWrist] = Keypoint{};
    const auto issues = checkDataset(d);
    ASSERT_EQ(countKind(issues, IssueKind::MissingPoints), 1);
    const auto& i =
        *std::find_if(issues.begin(), issues.end(), [](auto& x) { return x.kind == IssueKind::MissingPoints; });
    EXPECT_NE(i.message.find("left_ear"), std::string::npos);
    EXPECT_NE(i.message.find("right_wrist"), std::string::npos);
    EXPECT_EQ(i.message.rfind("2 points", 0), 0u);
}

TEST(AnnotationChecks, AnnotationOfUnknownImageIsAnError) {
    auto d = frontalDataset();
    d.annotations[0].imageId = 99;
    const auto issues = checkDataset(d);
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_EQ(issues[0].kind, IssueKind::UnknownImage);
    EXPECT_EQ(issues[0].severity, IssueSeverity::Error);
}

}  // namespace
}  // namespace refpose

namespace refpose {
namespace {

// Careful labels of real illustrations (data beside the project) raise no false alarm.
TEST(AnnotationChecks, CarefulRealLabelsRaiseNoErrorOrSwapWarning) {
    const auto file = test::sharedDir() / "illustrations-dev" / "annotations.json";
    REFPOSE_SKIP_UNLESS_EXISTS(file);
    const CocoDataset d = readCoco(file);
    ASSERT_FALSE(d.annotations.empty());
    for (const auto& i : checkDataset(d)) {
        EXPECT_NE(i.severity, IssueSeverity::Error) << i.message;
        EXPECT_NE(i.kind, IssueKind::LeftRightSwapped) << "image " << i.imageId << ": " << i.message;
    }
}

// The same labels with one image's shoulders swapped are caught.
TEST(AnnotationChecks, ASwapInjectedIntoRealLabelsIsCaught) {
    const auto file = test::sharedDir() / "illustrations-dev" / "annotations.json";
    REFPOSE_SKIP_UNLESS_EXISTS(file);
    CocoDataset d = readCoco(file);
    int frontal = 0, caught = 0;
    for (auto& a : d.annotations) {
        if (!faceIsFrontal(a.pose)) continue;
        ++frontal;
        std::swap(a.pose[Kp::LeftShoulder], a.pose[Kp::RightShoulder]);
        const auto issues = checkAnnotation(*d.findImage(a.imageId), a);
        caught +=
            std::any_of(issues.begin(), issues.end(), [](auto& i) { return i.kind == IssueKind::LeftRightSwapped; });
    }
    ASSERT_GT(frontal, 0) << "no frontal face among the real labels";
    EXPECT_EQ(caught, frontal);
}

}  // namespace
}  // namespace refpose
