#include "Augmentation.h"
#include "PoseCrop.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <random>

using namespace refpose;
using namespace refpose::training;

namespace {

constexpr int kCrop = 96;

// A white page with a red dot on the character's left wrist and a blue dot on its right wrist.
struct Scene {
    cv::Mat image{200, 300, CV_8UC3, cv::Scalar(255, 255, 255)};
    Pose pose;
    Scene() {
        pose[Kp::LeftWrist] = {190.f, 80.f, 1.f, Visibility::Visible};
        pose[Kp::RightWrist] = {110.f, 120.f, 1.f, Visibility::Visible};
        pose[Kp::Nose] = {150.f, 40.f, 1.f, Visibility::Visible};
        pose.box = {100.f, 30.f, 100.f, 140.f};
        cv::circle(image, {190, 80}, 4, cv::Scalar(0, 0, 255), cv::FILLED);
        cv::circle(image, {110, 120}, 4, cv::Scalar(255, 0, 0), cv::FILLED);
    }
};

cv::Vec3b pixelAt(const cv::Mat& m, const Keypoint& k) {
    return m.at<cv::Vec3b>(int(std::lround(k.y)), int(std::lround(k.x)));
}
bool isRed(cv::Vec3b p) { return p[2] > 200 && p[0] < 80 && p[1] < 80; }
bool isBlue(cv::Vec3b p) { return p[0] > 200 && p[2] < 80 && p[1] < 80; }

}  // namespace

TEST(Augmentation, FlipSwapsLeftAndRight) {
    Scene s;
    AugmentDraw flip;
    flip.flip = true;
    const CropSample plain = cropPose(s.image, s.pose, kCrop, 0.1f, noAugmentation());
    const CropSample mirrored = cropPose(s.image, s.pose, kCrop, 0.1f, flip);
    // The red dot (the character's left wrist) is now where the right wrist's label points.
    EXPECT_TRUE(isRed(pixelAt(mirrored.image, mirrored.pose[Kp::RightWrist])));
    EXPECT_TRUE(isBlue(pixelAt(mirrored.image, mirrored.pose[Kp::LeftWrist])));
    // Positions mirror about the crop's vertical centre line.
    EXPECT_NEAR(mirrored.pose[Kp::RightWrist].x, kCrop - plain.pose[Kp::LeftWrist].x, 1e-3);
    EXPECT_NEAR(mirrored.pose[Kp::RightWrist].y, plain.pose[Kp::LeftWrist].y, 1e-3);
    EXPECT_NEAR(mirrored.pose[Kp::Nose].x, kCrop - plain.pose[Kp::Nose].x, 1e-3);
    // Every keypoint index maps through kFlip, unlabelled ones included.
    for (std::size_t i = 0; i < kNumKeypoints; ++i)
        EXPECT_EQ(mirrored.pose.kp[kFlip[i]].labelled(), plain.pose.kp[i].labelled()) << kKeypointNames[i];
}

TEST(Augmentation, KeypointsFollowTheImageUnderRandomDraws) {
    Scene s;
    AugmentConfig config;
    config.colour = 0.f;  // keep the dots' colours exact
    config.hue = false;
    std::mt19937_64 rng(3);
    for (int i = 0; i < 20; ++i) {
        const AugmentDraw d = drawAugment(config, rng);
        const CropSample c = cropPose(s.image, s.pose, kCrop, 0.1f, d);
        const Keypoint& red = c.pose[d.flip ? Kp::RightWrist : Kp::LeftWrist];
        if (red.x < 2 || red.y < 2 || red.x > kCrop - 3 || red.y > kCrop - 3) continue;  // shifted out of view
        EXPECT_TRUE(isRed(pixelAt(c.image, red))) << "draw " << i << " angle " << d.angleDegrees;
    }
}

TEST(Augmentation, CropIsPaddedAroundTheBox) {
    Scene s;
    const CropSample c = cropPose(s.image, s.pose, kCrop, 0.1f, noAugmentation());
    // The box's longest side (140) plus 10% on each side fills the crop: 140 * 1.2 = 168 -> 96 px.
    EXPECT_NEAR(c.pose.box.h, 140.f * kCrop / 168.f, 1e-3);
    EXPECT_NEAR(c.pose.box.y, 0.1f * 140.f * kCrop / 168.f, 1e-3);
    // Mapping back restores image coordinates.
    const Pose back = poseToImage(c.pose, c.toCrop);
    EXPECT_NEAR(back[Kp::Nose].x, 150.f, 1e-3);
    EXPECT_NEAR(back[Kp::Nose].y, 40.f, 1e-3);
}

TEST(Augmentation, DrawsAreReproducibleFromTheSeed) {
    AugmentConfig config;
    std::mt19937_64 a(42), b(42);
    for (int i = 0; i < 5; ++i) {
        const AugmentDraw x = drawAugment(config, a), y = drawAugment(config, b);
        EXPECT_EQ(x.angleDegrees, y.angleDegrees);
        EXPECT_EQ(x.flip, y.flip);
        EXPECT_LE(std::abs(x.angleDegrees), 180.f);
    }
}
