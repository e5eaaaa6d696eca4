// Skeleton sources for rendered figures: built-in poses, ADD poses, fitting and jitter.
#include "render/FigureGeometry.h"
#include "render/FigureRenderer.h"
#include "render/SkeletonSource.h"

#include "TestPaths.h"

#include <gtest/gtest.h>

#include "dataset/CocoDataset.h"

#include <cmath>
#include <fstream>
#include <set>

using namespace refpose;
using namespace refpose::test;

namespace {

// Largest move of a COCO point labelled in `a` (midpoints follow their endpoints).
float maxDistance(const Pose& a, const Pose& b) {
    float d = 0;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i)
        if (a.kp[i].labelled()) d = std::max(d, std::hypot(a.kp[i].x - b.kp[i].x, a.kp[i].y - b.kp[i].y));
    return d;
}

}  // namespace

TEST(SkeletonSource, BuiltinPosesAreCompleteDistinctAndInTheUnitBox) {
    const auto& poses = builtinPoses();
    ASSERT_GE(poses.size(), 6u);
    std::set<std::string> names;
    for (const NamedPose& p : poses) {
        names.insert(p.name);
        EXPECT_TRUE(hasBodyKeypoints(p.pose)) << p.name;
        for (const auto& k : p.pose.kp)
            if (k.labelled()) {
                EXPECT_GE(k.x, 0.f);
                EXPECT_LE(k.x, 1.f);
                EXPECT_GE(k.y, 0.f);
                EXPECT_LE(k.y, 1.f);
            }
    }
    EXPECT_EQ(names.size(), poses.size());
    for (const char* expected : {"standing", "walking", "arms-raised", "sitting", "kneeling", "running"})
        EXPECT_TRUE(names.count(expected)) << expected;
}

TEST(SkeletonSource, CompleteHeadKeypointsFillsOnlyTheMissingOnes) {
    Pose p = builtinPoses().front().pose;
    const Keypoint nose = p[Kp::Nose];
    completeHeadKeypoints(p);
    EXPECT_EQ(p[Kp::Nose], nose);
    for (Kp k : {Kp::LeftEye, Kp::RightEye, Kp::LeftEar, Kp::RightEar}) EXPECT_TRUE(p[k].labelled());
    // Symmetric about the nose for an upright pose facing the viewer.
    EXPECT_NEAR(p[Kp::LeftEye].x - nose.x, nose.x - p[Kp::RightEye].x, 1e-4);
}

TEST(SkeletonSource, FitToImageIsIndependentOfTheInputScaleAndPosition) {
    const Pose unit = builtinPoses()[2].pose;
    Pose big = unit;
    for (auto& k : big.kp) {
        if (!k.labelled()) continue;
        k.x = 1000 + 730 * k.x;
        k.y = -50 + 730 * k.y;
    }
    EXPECT_LT(maxDistance(fitToImage(unit, 320, 200), fitToImage(big, 320, 200)), 1e-2f);
}

TEST(SkeletonSource, FitToImageCentresTheFigureWithItsMargin) {
    for (const NamedPose& p : builtinPoses()) {
        const Pose fitted = fitToImage(p.pose, 400, 300, 0.1f);
        RenderStyle s;
        s.width = 400;
        s.height = 300;
        const Box box = renderFigure(fitted, s).pose.box;
        // The drawn figure stays inside the margin (30 px here), give or take the outline.
        EXPECT_GE(box.x, 28.f) << p.name;
        EXPECT_GE(box.y, 28.f) << p.name;
        EXPECT_LE(box.x + box.w, 372.f) << p.name;
        EXPECT_LE(box.y + box.h, 272.f) << p.name;
    }
}

TEST(SkeletonSource, RandomPlacementVariesSizeAndPlaceButKeepsTheFigureInside) {
    const Pose p = builtinPoses()[3].pose;
    EXPECT_EQ(placedAtRandom(p, 256, 256, 3), placedAtRandom(p, 256, 256, 3));
    std::set<int> heights, lefts;
    for (std::uint64_t seed = 0; seed < 12; ++seed) {
        RenderStyle s;
        s.width = s.height = 256;
        const Box box = renderFigure(placedAtRandom(p, 256, 256, seed, 0.05f, 0.3f), s).pose.box;
        // At least the smallest margin (12.8 px) stays free, give or take the outline.
        EXPECT_GE(box.x, 11.f);
        EXPECT_GE(box.y, 11.f);
        EXPECT_LE(box.x + box.w, 245.f);
        EXPECT_LE(box.y + box.h, 245.f);
        heights.insert(static_cast<int>(box.h / 8));
        lefts.insert(static_cast<int>(box.x / 8));
    }
    EXPECT_GE(heights.size(), 4u);
    EXPECT_GE(lefts.size(), 4u);
}

TEST(SkeletonSource, FitToImageRefusesAPoseWithoutItsBody) {
    Pose p = builtinPoses().front().pose;
    p[Kp::RightAnkle] = Keypoint{};
    EXPECT_THROW(fitToImage(p, 100, 100), std::invalid_argument);
}

TEST(SkeletonSource, JitterIsReproducibleAndBounded) {
    const Pose p = fitToImage(builtinPoses().front().pose, 512, 512);
    EXPECT_EQ(jitteredPose(p, 5), jitteredPose(p, 5));
    EXPECT_GT(maxDistance(jitteredPose(p, 5), jitteredPose(p, 6)), 1.f);
    JitterOptions none{0.f, 0.f, false};
    EXPECT_LT(maxDistance(jitteredPose(p, 5, none), p), 1e-3f);
    // Rotation only: every distance to the centre is kept.
    JitterOptions rotate{30.f, 0.f, false};
    const Pose r = jitteredPose(p, 7, rotate);
    const Box b = boxAroundKeypoints(p, 0.f);
    const float cx = b.x + b.w / 2, cy = b.y + b.h / 2;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        if (!p.kp[i].labelled()) continue;
        EXPECT_NEAR(std::hypot(p.kp[i].x - cx, p.kp[i].y - cy), std::hypot(r.kp[i].x - cx, r.kp[i].y - cy), 1e-2);
    }
}

TEST(SkeletonSource, JitterMirrorsAboutHalfTheTime) {
    const Pose p = fitToImage(builtinPoses()[5].pose, 512, 512);  // running: not symmetric
    JitterOptions mirrorOnly{0.f, 0.f, true};
    int mirroredCount = 0;
    for (std::uint64_t seed = 0; seed < 40; ++seed)
        mirroredCount += maxDistance(jitteredPose(p, seed, mirrorOnly), p) > 1.f;
    EXPECT_GT(mirroredCount, 8);
    EXPECT_LT(mirroredCount, 32);
}

TEST(SkeletonSource, LoadsAll2000AddPosesWithHeads) {
    const auto file = sharedDir() / "add" / "data.json";
    REFPOSE_SKIP_UNLESS_EXISTS(file);
    const auto poses = loadAddPoses(file);
    ASSERT_EQ(poses.size(), 2000u);
    std::set<std::string> names;
    for (const NamedPose& p : poses) {
        names.insert(p.name);
        ASSERT_EQ(p.name.rfind("add-", 0), 0u) << p.name;
        ASSERT_EQ(countLabelled(p.pose, kNumCocoKeypoints), 17) << p.name;
    }
    EXPECT_EQ(names.size(), poses.size());
    // Every ADD pose renders with its keypoints on the character.
    for (std::size_t i = 0; i < poses.size(); i += 97) {
        RenderStyle s;
        s.width = s.height = 192;
        s.seed = i;
        const RenderedFigure f = renderFigure(fitToImage(poses[i].pose, 192, 192), s);
        for (std::size_t k = 0; k < kNumKeypoints; ++k)
            EXPECT_EQ(f.alpha.at<uchar>(cvRound(f.pose.kp[k].y), cvRound(f.pose.kp[k].x)), 255)
                << poses[i].name << " " << kKeypointNames[k];
    }
}

TEST(SkeletonSource, BrokenAddFileIsAClearError) {
    const auto file = freshTempDir() / "broken.json";
    std::ofstream(file) << "[{\"file_name\": \"data/images/1.jpg\", \"points\": ";
    try {
        loadAddPoses(file);
        FAIL() << "expected DatasetError";
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find("broken.json"), std::string::npos) << e.what();
    }
}
