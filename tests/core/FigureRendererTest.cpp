// The figure renderer: keypoints where the joints are drawn, reproducible pixels, variants.
#include "render/FigureRenderer.h"
#include "render/SkeletonSource.h"

#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <limits>
#include <set>
#include <stdexcept>

using namespace refpose;

namespace {

constexpr int kSize = 256;

Pose fitted(const std::string& name, int size = kSize) {
    for (const NamedPose& p : builtinPoses())
        if (p.name == name) return fitToImage(p.pose, size, size);
    throw std::logic_error("no built-in pose " + name);
}

RenderStyle styleWith(std::uint64_t seed, int size = kSize) {
    RenderStyle s;
    s.seed = seed;
    s.width = s.height = size;
    return s;
}

double iou(const cv::Mat& a, const cv::Mat& b) {
    cv::Mat both, either;
    cv::bitwise_and(a, b, both);
    cv::bitwise_or(a, b, either);
    return static_cast<double>(cv::countNonZero(both)) / std::max(1, cv::countNonZero(either));
}

std::set<int> coloursWhere(const cv::Mat& image, const cv::Mat& mask) {
    std::set<int> colours;
    for (int y = 0; y < image.rows; ++y)
        for (int x = 0; x < image.cols; ++x)
            if (mask.at<uchar>(y, x)) {
                const auto c = image.at<cv::Vec3b>(y, x);
                colours.insert(c[0] << 16 | c[1] << 8 | c[2]);
            }
    return colours;
}

}  // namespace

TEST(FigureRenderer, EveryVisibleKeypointLiesOnTheDrawnCharacter) {
    int visible = 0;
    for (const NamedPose& p : builtinPoses()) {
        for (std::uint64_t seed : {1u, 2u, 3u}) {
            const RenderedFigure f = renderFigure(fitToImage(p.pose, kSize, kSize), styleWith(seed));
            ASSERT_EQ(f.image.type(), CV_8UC3);
            ASSERT_EQ(f.alpha.type(), CV_8UC1);
            ASSERT_EQ(f.image.size(), cv::Size(kSize, kSize));
            for (std::size_t i = 0; i < kNumKeypoints; ++i) {
                const Keypoint& k = f.pose.kp[i];
                // Fitted into the image: every point labelled; some hidden (the far arm behind the torso).
                ASSERT_TRUE(k.labelled()) << p.name << " " << kKeypointNames[i];
                ASSERT_EQ(k.score, 1.f);
                const int x = cvRound(k.x), y = cvRound(k.y);
                ASSERT_TRUE(x >= 0 && y >= 0 && x < kSize && y < kSize) << p.name << " " << kKeypointNames[i];
                if (k.v != Visibility::Visible) continue;
                ++visible;
                EXPECT_EQ(f.alpha.at<uchar>(y, x), 255) << p.name << " seed " << seed << " " << kKeypointNames[i];
            }
        }
    }
    // The classic look hides little: only points behind the torso, the head or the other limbs.
    EXPECT_GT(visible, static_cast<int>(builtinPoses().size() * 3 * kNumKeypoints * 8 / 10));
}

TEST(FigureRenderer, MidpointsAreTheMeansOfTheirEndpoints) {
    const RenderedFigure f = renderFigure(fitted("running"), styleWith(5));
    for (const auto& m : kMidpoints) {
        EXPECT_FLOAT_EQ(f.pose[m.midpoint].x, (f.pose[m.a].x + f.pose[m.b].x) / 2);
        EXPECT_FLOAT_EQ(f.pose[m.midpoint].y, (f.pose[m.a].y + f.pose[m.b].y) / 2);
    }
}

TEST(FigureRenderer, BoxIsTheTightBoxOfTheAlphaMaskAndTheFigureFitsTheImage) {
    for (const NamedPose& p : builtinPoses()) {
        const RenderedFigure f = renderFigure(fitToImage(p.pose, kSize, kSize), styleWith(9));
        const cv::Rect r = cv::boundingRect(f.alpha);
        EXPECT_EQ(f.pose.box, (Box{float(r.x), float(r.y), float(r.width), float(r.height)})) << p.name;
        // fitToImage leaves a margin: nothing of the character touches the border.
        EXPECT_GT(r.x, 0) << p.name;
        EXPECT_GT(r.y, 0) << p.name;
        EXPECT_LT(r.x + r.width, kSize) << p.name;
        EXPECT_LT(r.y + r.height, kSize) << p.name;
        // A character, not a stick man: it covers a good share of its box.
        EXPECT_GT(cv::countNonZero(f.alpha), r.area() / 5) << p.name;
    }
}

TEST(FigureRenderer, SameSeedGivesTheSamePixels) {
    const Pose pose = fitted("walking");
    const RenderedFigure a = renderFigure(pose, styleWith(42));
    const RenderedFigure b = renderFigure(pose, styleWith(42));
    EXPECT_EQ(cv::norm(a.image, b.image, cv::NORM_INF), 0);
    EXPECT_EQ(cv::norm(a.alpha, b.alpha, cv::NORM_INF), 0);
    EXPECT_EQ(a.pose, b.pose);
    EXPECT_EQ(a.description, b.description);
}

TEST(FigureRenderer, DifferentSeedsGiveDifferentFigures) {
    const Pose pose = fitted("standing");
    const RenderedFigure a = renderFigure(pose, styleWith(1));
    std::set<std::string> looks{a.description};
    for (std::uint64_t seed = 2; seed < 8; ++seed) {
        const RenderedFigure b = renderFigure(pose, styleWith(seed));
        EXPECT_GT(cv::norm(a.image, b.image, cv::NORM_L1) / (kSize * kSize * 3), 10.0) << "seed " << seed;
        looks.insert(b.description);
        // The skeleton is the same whatever the look.
        for (std::size_t i = 0; i < kNumKeypoints; ++i) {
            EXPECT_EQ(a.pose.kp[i].x, b.pose.kp[i].x);
            EXPECT_EQ(a.pose.kp[i].y, b.pose.kp[i].y);
        }
    }
    EXPECT_GE(looks.size(), 3u);
}

TEST(FigureRenderer, MirroredPoseRendersAMirroredSilhouette) {
    for (const char* name : {"running", "pointing", "waving", "sitting"}) {
        const Pose pose = fitted(name);
        RenderStyle style = styleWith(11);
        style.hair = HairKind::TwinTails;  // symmetric hair: the silhouette must mirror too
        const RenderedFigure a = renderFigure(pose, style);
        // Pixel x maps to (size - 1) - x under cv::flip.
        const RenderedFigure b = renderFigure(mirrored(pose, (kSize - 1) / 2.f), style);
        cv::Mat flipped;
        cv::flip(b.alpha, flipped, 1);
        EXPECT_GT(iou(a.alpha, flipped), 0.9) << name;
        // And the mirrored figure is not simply the same picture.
        EXPECT_LT(iou(a.alpha, b.alpha), 0.9) << name;
    }
}

TEST(FigureRenderer, BackgroundKindsLookAsNamed) {
    const Pose pose = fitted("standing");
    auto background = [&](BackgroundKind kind) {
        RenderStyle s = styleWith(3);
        s.background = kind;
        const RenderedFigure f = renderFigure(pose, s);
        cv::Mat outside;
        cv::bitwise_not(f.alpha, outside);
        // Keep away from the anti-aliased outline.
        cv::erode(outside, outside, cv::Mat(), cv::Point(-1, -1), 3);
        return coloursWhere(f.image, outside);
    };
    EXPECT_EQ(background(BackgroundKind::Plain).size(), 1u);
    EXPECT_EQ(background(BackgroundKind::Stripes).size(), 2u);
    EXPECT_GT(background(BackgroundKind::Gradient).size(), 8u);
    EXPECT_GT(background(BackgroundKind::Noise).size(), 30u);
}

TEST(FigureRenderer, CelShadingAddsDarkerTones) {
    const Pose pose = fitted("standing");
    RenderStyle s = styleWith(4);
    s.background = BackgroundKind::Plain;
    s.shading = ShadingKind::Flat;
    const RenderedFigure flat = renderFigure(pose, s);
    s.shading = ShadingKind::Cel;
    const RenderedFigure cel = renderFigure(pose, s);
    EXPECT_EQ(cv::norm(flat.alpha, cel.alpha, cv::NORM_INF), 0);  // same silhouette
    EXPECT_GT(coloursWhere(cel.image, cel.alpha).size(), coloursWhere(flat.image, flat.alpha).size());
    // Shade darkens: the figure's mean brightness drops.
    EXPECT_LT(cv::mean(cel.image, cel.alpha)[1], cv::mean(flat.image, flat.alpha)[1]);
}

TEST(FigureRenderer, HairStylesChangeTheSilhouette) {
    const Pose pose = fitted("standing");
    RenderStyle s = styleWith(6);
    s.hair = HairKind::Bob;
    const RenderedFigure bob = renderFigure(pose, s);
    s.hair = HairKind::TwinTails;
    const RenderedFigure tails = renderFigure(pose, s);
    EXPECT_GT(cv::countNonZero(tails.alpha), cv::countNonZero(bob.alpha));
    EXPECT_NE(bob.description.find("bob"), std::string::npos);
    EXPECT_NE(tails.description.find("twin-tails"), std::string::npos);
}

TEST(FigureRenderer, SynthesisedHeadFacesTheViewer) {
    const Pose pose = fitted("standing");
    ASSERT_FALSE(pose[Kp::LeftEye].labelled());
    const RenderedFigure f = renderFigure(pose, styleWith(7));
    // Facing the viewer, the character's left is on the image's right; eyes above the nose.
    EXPECT_GT(f.pose[Kp::LeftEye].x, f.pose[Kp::RightEye].x);
    EXPECT_GT(f.pose[Kp::LeftEar].x, f.pose[Kp::LeftEye].x);
    EXPECT_LT(f.pose[Kp::LeftEye].y, f.pose[Kp::Nose].y);
    EXPECT_LT(f.pose[Kp::Nose].y, f.pose[Kp::LeftShoulder].y);
}

TEST(FigureRenderer, GivenHeadPointsAreKeptExactly) {
    Pose pose = fitted("standing");
    const Pose first = renderFigure(pose, styleWith(8)).pose;
    // Move the eyes a little: the renderer draws them where they are asked for.
    for (Kp k : {Kp::LeftEye, Kp::RightEye, Kp::LeftEar, Kp::RightEar}) {
        pose[k] = first[k];
        pose[k].y += 2.f;
    }
    const RenderedFigure f = renderFigure(pose, styleWith(8));
    for (Kp k : {Kp::LeftEye, Kp::RightEye, Kp::LeftEar, Kp::RightEar}) {
        EXPECT_EQ(f.pose[k].x, pose[k].x);
        EXPECT_EQ(f.pose[k].y, pose[k].y);
        EXPECT_EQ(f.alpha.at<uchar>(cvRound(pose[k].y), cvRound(pose[k].x)), 255);
    }
}

TEST(FigureRenderer, MissingBodyPointIsAClearError) {
    Pose pose = fitted("standing");
    pose[Kp::LeftKnee] = Keypoint{};
    try {
        renderFigure(pose, styleWith(1));
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("left_knee"), std::string::npos) << e.what();
    }
}

TEST(FigureRenderer, BadImageSizeOrCoordinatesAreClearErrors) {
    const Pose pose = fitted("standing");
    EXPECT_THROW(renderFigure(pose, styleWith(1, 0)), std::invalid_argument);
    EXPECT_THROW(renderFigure(pose, styleWith(1, 100000)), std::invalid_argument);
    Pose broken = pose;
    broken[Kp::RightWrist].x = std::numeric_limits<float>::quiet_NaN();
    EXPECT_THROW(renderFigure(broken, styleWith(1)), std::invalid_argument);
}

TEST(FigureRenderer, FigurePartlyOutsideTheImageStillRenders) {
    Pose pose = fitted("t-pose");
    for (auto& k : pose.kp) k.x += kSize / 2.f;  // half the figure leaves the image
    const RenderedFigure f = renderFigure(pose, styleWith(2));
    EXPECT_GT(cv::countNonZero(f.alpha), 100);
    const cv::Rect r = cv::boundingRect(f.alpha);
    EXPECT_EQ(r.x + r.width, kSize);
}

TEST(FigureRenderer, CharacterSeenFromBehindShowsHairInsteadOfAFace) {
    const Pose front = fitted("standing");
    // Same image positions, left and right names swapped: the character now shows its back.
    Pose back = front;
    for (std::size_t i = 0; i < kNumKeypoints; ++i) back.kp[kFlip[i]] = front.kp[i];
    RenderStyle s = styleWith(12);
    s.shading = ShadingKind::Flat;
    const RenderedFigure f = renderFigure(front, s), b = renderFigure(back, s);
    for (Kp k : {Kp::Nose, Kp::LeftEye, Kp::RightEye}) {
        EXPECT_EQ(f.pose[k].v, Visibility::Visible);
        EXPECT_EQ(b.pose[k].v, Visibility::Occluded);
        EXPECT_EQ(b.alpha.at<uchar>(cvRound(b.pose[k].y), cvRound(b.pose[k].x)), 255);
    }
    for (Kp k : {Kp::LeftEar, Kp::LeftShoulder, Kp::RightAnkle}) EXPECT_EQ(b.pose[k].v, Visibility::Visible);
    // The face's many colours (eyes, iris, mouth) are gone: one hair colour covers the head.
    const float r = 0.5f * std::abs(f.pose[Kp::LeftEye].x - f.pose[Kp::RightEye].x);
    const cv::Rect face(cvRound(f.pose[Kp::Nose].x - r), cvRound(f.pose[Kp::LeftEye].y - r), cvRound(2 * r),
                        cvRound(2 * r));
    const cv::Mat all = cv::Mat(face.size(), CV_8U, cv::Scalar(255));
    EXPECT_GT(coloursWhere(f.image(face), all).size(), 10u);
    EXPECT_LE(coloursWhere(b.image(face), all).size(), 2u);
}
