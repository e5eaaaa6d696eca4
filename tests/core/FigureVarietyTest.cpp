// The varied look of render-figures: proportions, foreshortening, long clothes, wide sleeves,
// front locks, props, frame cuts, busy backgrounds; visibility from what is drawn in front.
#include "render/FigureProportions.h"
#include "render/FigureRenderer.h"
#include "render/FigureVariety.h"
#include "render/PaintLayers.h"
#include "render/SkeletonSource.h"
#include "TestPaths.h"

#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include <map>
#include <stdexcept>
#include <string>

using namespace refpose;

namespace {

constexpr int kSize = 256;

Pose fitted(const std::string& name) {
    for (const NamedPose& p : builtinPoses())
        if (p.name == name) return fitToImage(p.pose, kSize, kSize);
    throw std::logic_error("no built-in pose " + name);
}

RenderStyle variedStyle(std::uint64_t seed) {
    RenderStyle s;
    s.seed = seed;
    s.width = s.height = kSize;
    s.variety = true;
    return s;
}

// A varied look with every optional feature off, so a test can switch on one.
VarietyLook bareLook(float headsTall = kClassicHeadsTall) {
    VarietyLook v;
    v.headsTall = headsTall;
    v.shading = ShadingKind::Flat;
    return v;
}

double meanDifference(const cv::Mat& a, const cv::Mat& b) { return cv::norm(a, b, cv::NORM_L1) / double(a.total()); }

}  // namespace

TEST(FigureVariety, SameSeedGivesTheSamePixelsAndPoints) {
    for (std::uint64_t seed : {3u, 77u, 1234u}) {
        const Pose pose = fitted("walking");
        const RenderedFigure a = renderFigure(pose, variedStyle(seed)), b = renderFigure(pose, variedStyle(seed));
        EXPECT_EQ(cv::norm(a.image, b.image, cv::NORM_INF), 0);
        EXPECT_EQ(a.pose, b.pose);
        EXPECT_EQ(a.description, b.description);
    }
}

TEST(FigureVariety, ClassicLookIsUnchangedByTheVarietyStream) {
    // The classic look of a seed draws nothing from the varied look's stream.
    RenderStyle plain = variedStyle(5);
    plain.variety = false;
    const RenderedFigure a = renderFigure(fitted("standing"), plain);
    const RenderedFigure b = renderFigure(fitted("standing"), plain, std::nullopt);
    EXPECT_EQ(cv::norm(a.image, b.image, cv::NORM_INF), 0);
    EXPECT_EQ(a.description.find("heads"), std::string::npos);
}

TEST(FigureVariety, EveryFeatureOccursOftenOverSeeds) {
    constexpr int kSeeds = 300;
    std::map<std::string, int> seen;
    const std::map<std::string, double> shares = {{"garment", kGarmentShare},
                                                  {"wide-sleeves", kWideSleeveShare},
                                                  {"locks-", kFrontLockShare},
                                                  {"prop-", kPropShare},
                                                  {"cut-", kCutShare},
                                                  {"busy", kBusyShare},
                                                  {"foreshortened", kForeshortenShare}};
    float minHeads = 99, maxHeads = 0;
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const VarietyLook v = randomVarietyLook(variedStyle(seed));
        const std::string d = describe(v);
        for (const auto& [word, share] : shares) seen[word] += d.find(word) != std::string::npos;
        seen["garment"] += v.garment != Garment::None;
        seen["soft"] += v.shading == ShadingKind::Soft;
        minHeads = std::min(minHeads, v.headsTall);
        maxHeads = std::max(maxHeads, v.headsTall);
        EXPECT_GE(v.lineWidth, 1.f);
        EXPECT_LE(v.lineWidth, 4.f * kSize / 384.f + 1e-3f);
    }
    for (const auto& [word, share] : shares)
        EXPECT_NEAR(seen[word] / double(kSeeds), share, 0.08) << word;  // binomial sd at 300 is under 0.03
    EXPECT_GT(seen["soft"], kSeeds / 5);
    EXPECT_LT(minHeads, kMinHeadsTall + 0.2f);
    EXPECT_GT(maxHeads, kMaxHeadsTall - 0.2f);
}

TEST(FigureVariety, EachFeatureChangesThePixels) {
    const Pose pose = fitted("standing");
    const RenderStyle style = variedStyle(21);
    const RenderedFigure bare = renderFigure(pose, style, bareLook());
    auto with = [&](auto change) {
        VarietyLook v = bareLook();
        change(v);
        return meanDifference(renderFigure(pose, style, v).image, bare.image);
    };
    EXPECT_GT(with([](VarietyLook& v) { v.garment = Garment::LongSkirt; }), 1.0);
    EXPECT_GT(with([](VarietyLook& v) { v.garment = Garment::Dress; }), 1.0);
    EXPECT_GT(with([](VarietyLook& v) { v.garment = Garment::Coat; }), 1.0);
    EXPECT_GT(with([](VarietyLook& v) { v.garment = Garment::Cape; }), 1.0);
    EXPECT_GT(with([](VarietyLook& v) { v.wideSleeves = true; }), 1.0);
    EXPECT_GT(with([](VarietyLook& v) { v.locks = FrontLocks::Both; }), 0.5);
    for (PropKind k : {PropKind::Book, PropKind::Fan, PropKind::Bag, PropKind::Bouquet})
        EXPECT_GT(with([k](VarietyLook& v) { v.prop = k; }), 0.3) << static_cast<int>(k);
    EXPECT_GT(with([](VarietyLook& v) { v.busyBackground = BackgroundKind::Shapes; }), 10.0);
    EXPECT_GT(with([](VarietyLook& v) { v.busyBackground = BackgroundKind::Buildings; }), 10.0);
    EXPECT_GT(with([](VarietyLook& v) { v.shading = ShadingKind::Soft; }), 0.3);
    EXPECT_GT(with([](VarietyLook& v) { v.lineWidth = 4; }), 0.3);
    EXPECT_GT(with([](VarietyLook& v) {
                  v.foreshortenedSegment = 2;
                  v.foreshortening = 0.4f;
              }),
              0.3);
    EXPECT_GT(with([](VarietyLook& v) {
                  v.cut = CutSide::Bottom;
                  v.cutZoom = 1.4f;
                  v.cutShare = 0.3f;
              }),
              5.0);
}

TEST(FigureVariety, LongSkirtHidesTheHipsAndKnees) {
    const Pose pose = fitted("standing");
    VarietyLook v = bareLook();
    const RenderedFigure bare = renderFigure(pose, variedStyle(8), v);
    for (Kp k : {Kp::LeftHip, Kp::RightHip, Kp::LeftKnee, Kp::RightKnee})
        EXPECT_EQ(bare.pose[k].v, Visibility::Visible);
    v.garment = Garment::LongSkirt;
    v.hemDrop = 0.6f;
    const RenderedFigure skirt = renderFigure(pose, variedStyle(8), v);
    for (Kp k : {Kp::LeftHip, Kp::RightHip, Kp::LeftKnee, Kp::RightKnee})
        EXPECT_EQ(skirt.pose[k].v, Visibility::Occluded) << kKeypointNames[idx(k)];
    // Hidden points keep their exact place; the ankles below the hem stay visible.
    EXPECT_EQ(skirt.pose[Kp::LeftKnee].x, bare.pose[Kp::LeftKnee].x);
    for (Kp k : {Kp::LeftAnkle, Kp::RightAnkle, Kp::LeftShoulder, Kp::Nose})
        EXPECT_EQ(skirt.pose[k].v, Visibility::Visible) << kKeypointNames[idx(k)];
    // The midpoint of a hidden knee is hidden too.
    EXPECT_EQ(skirt.pose[Kp::LeftThigh].v, Visibility::Occluded);
}

TEST(FigureVariety, SleevesLocksAndPropsHideWhatTheyCover) {
    const Pose pose = fitted("standing");
    VarietyLook v = bareLook();
    v.wideSleeves = true;
    const RenderedFigure sleeves = renderFigure(pose, variedStyle(9), v);
    EXPECT_EQ(sleeves.pose[Kp::LeftElbow].v, Visibility::Occluded);
    EXPECT_EQ(sleeves.pose[Kp::RightWrist].v, Visibility::Occluded);
    v = bareLook();
    v.locks = FrontLocks::Both;
    const RenderedFigure locks = renderFigure(pose, variedStyle(9), v);
    EXPECT_EQ(locks.pose[Kp::LeftShoulder].v, Visibility::Occluded);
    EXPECT_EQ(locks.pose[Kp::RightShoulder].v, Visibility::Occluded);
    v = bareLook();
    v.prop = PropKind::Book;
    const RenderedFigure book = renderFigure(pose, variedStyle(9), v);
    int hiddenWrists = 0;
    for (Kp k : {Kp::LeftWrist, Kp::RightWrist}) hiddenWrists += book.pose[k].v == Visibility::Occluded;
    EXPECT_EQ(hiddenWrists, 1);  // the book is in the near hand only
}

TEST(FigureVariety, FrameCutDropsThePointsOutsideAndClipsTheBox) {
    const Pose pose = fitted("standing");
    VarietyLook v = bareLook();
    v.cut = CutSide::Bottom;
    v.cutZoom = 1.4f;
    v.cutShare = 0.35f;
    const RenderedFigure f = renderFigure(pose, variedStyle(10), v);
    for (Kp k : {Kp::LeftAnkle, Kp::RightAnkle}) {
        EXPECT_EQ(f.pose[k].v, Visibility::Unlabelled);
        EXPECT_EQ(f.pose[k].x, 0.f);
        EXPECT_EQ(f.pose[k].y, 0.f);
    }
    int labelled = 0;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        const Keypoint& k = f.pose.kp[i];
        if (!k.labelled()) continue;
        ++labelled;
        EXPECT_TRUE(k.x >= 0 && k.y >= 0 && k.x <= kSize - 1 && k.y <= kSize - 1) << kKeypointNames[i];
    }
    EXPECT_GE(labelled, 10);
    EXPECT_EQ(f.pose.box.y + f.pose.box.h, float(kSize));  // the box ends at the image's bottom row
    EXPECT_EQ(f.pose[Kp::LeftShin].v, Visibility::Unlabelled);
}

TEST(FigureVariety, ProportionsSetTheHeadToHeightRatio) {
    const Pose pose = fitted("standing");
    // Head height (crown to chin, 2.06 head radii) over the figure's drawn height (alpha box).
    auto headsTall = [&](float heads) {
        RenderStyle s = variedStyle(4);
        s.hair = HairKind::Bob;  // hair that does not hang below the feet's line
        const RenderedFigure f = renderFigure(pose, s, bareLook(heads));
        return f.pose.box.h / (2.06f * f.headRadius);
    };
    const float chibi = headsTall(2.5f), classic = headsTall(kClassicHeadsTall), tall = headsTall(8.f);
    EXPECT_NEAR(chibi, 2.5f, 0.4f);
    EXPECT_NEAR(classic, kClassicHeadsTall, 0.5f);
    EXPECT_NEAR(tall, 8.f, 0.8f);
    EXPECT_LT(chibi, classic);
    EXPECT_LT(classic, tall);
}

TEST(FigureVariety, ForeshortenedSegmentIsShorterAndItsJointStillOnTheBody) {
    const Pose pose = fitted("t-pose");
    VarietyLook v = bareLook();
    const RenderedFigure bare = renderFigure(pose, variedStyle(12), v);
    v.foreshortenedSegment = 2;  // the left forearm
    v.foreshortening = 0.4f;
    const RenderedFigure f = renderFigure(pose, variedStyle(12), v);
    auto forearm = [](const Pose& p) {
        return std::hypot(p[Kp::LeftWrist].x - p[Kp::LeftElbow].x, p[Kp::LeftWrist].y - p[Kp::LeftElbow].y);
    };
    auto upperArm = [](const Pose& p) {
        return std::hypot(p[Kp::LeftElbow].x - p[Kp::LeftShoulder].x, p[Kp::LeftElbow].y - p[Kp::LeftShoulder].y);
    };
    EXPECT_NEAR(forearm(f.pose) / upperArm(f.pose), 0.4f * forearm(bare.pose) / upperArm(bare.pose), 0.02f);
    EXPECT_EQ(f.alpha.at<uchar>(cvRound(f.pose[Kp::LeftWrist].y), cvRound(f.pose[Kp::LeftWrist].x)), 255);
}

TEST(FigureVariety, EveryVisiblePointLiesOnTheCharacterAndEveryLabelledOneInTheImage) {
    const auto& poses = builtinPoses();
    int visible = 0, occluded = 0, dropped = 0;
    for (std::uint64_t seed = 1; seed <= 120; ++seed) {
        const NamedPose& p = poses[seed % poses.size()];
        const RenderedFigure f =
            renderFigure(placedAtRandom(jitteredPose(p.pose, seed), kSize, kSize, seed), variedStyle(seed));
        for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
            const Keypoint& k = f.pose.kp[i];
            if (!k.labelled()) {
                ++dropped;
                EXPECT_EQ(k.x, 0.f);
                continue;
            }
            ASSERT_TRUE(k.x >= 0 && k.y >= 0 && k.x <= kSize - 1 && k.y <= kSize - 1) << f.description;
            if (k.v == Visibility::Occluded) {
                ++occluded;
                continue;
            }
            ++visible;
            EXPECT_EQ(f.alpha.at<uchar>(cvRound(k.y), cvRound(k.x)), 255)
                << p.name << " seed " << seed << " " << kKeypointNames[i] << " " << f.description;
        }
    }
    // Every kind occurs: hidden points are common with this much clothing, dropped ones rarer.
    EXPECT_GT(occluded, 120 * 17 / 10);
    EXPECT_GT(dropped, 20);
    EXPECT_GT(visible, 120 * 17 / 2);
}

TEST(FigureVariety, VisiblePointsOfAddPosesLieOnTheCharacter) {
    const auto val = test::sharedDir() / "add" / "val.json";
    REFPOSE_SKIP_UNLESS_EXISTS(val);
    const std::vector<NamedPose> poses = loadAddPoses(val);
    ASSERT_GT(poses.size(), 60u);
    int visible = 0, offCharacter = 0;
    for (std::uint64_t i = 0; i < 60; ++i) {
        const NamedPose& p = poses[(i * poses.size()) / 60];
        const RenderedFigure f =
            renderFigure(placedAtRandom(jitteredPose(p.pose, i), kSize, kSize, i), variedStyle(1000 + i));
        for (std::size_t k = 0; k < kNumCocoKeypoints; ++k) {
            const Keypoint& kp = f.pose.kp[k];
            if (kp.v != Visibility::Visible) continue;
            ++visible;
            offCharacter += f.alpha.at<uchar>(cvRound(kp.y), cvRound(kp.x)) != 255;
        }
    }
    EXPECT_EQ(offCharacter, 0);
    EXPECT_GT(visible, 60 * 17 / 2);
}

TEST(FigureVariety, PaintLayersTestsTheDiscAgainstLaterForeignParts) {
    PaintLayers layers({20, 20});
    const unsigned char arm = layers.begin(PartOwner::LeftArm), skirt = layers.begin(PartOwner::Clothing);
    layers.ids()->setTo(arm);
    (*layers.ids())(cv::Rect(0, 0, 20, 10)).setTo(skirt);  // the skirt covers the top half
    EXPECT_NEAR(layers.coveredShare({10, 5}, 3, {PartOwner::LeftArm}), 1.0, 1e-9);
    EXPECT_NEAR(layers.coveredShare({10, 15}, 3, {PartOwner::LeftArm}), 0.0, 1e-9);
    EXPECT_NEAR(layers.coveredShare({10, 9.6f}, 3, {PartOwner::LeftArm}), 0.5, 0.15);
    // Its own clothing never hides a point.
    EXPECT_NEAR(layers.coveredShare({10, 5}, 3, {PartOwner::LeftArm, PartOwner::Clothing}), 0.0, 1e-9);
    Pose p;
    p[Kp::LeftElbow] = {10, 5, 1, Visibility::Visible};
    p[Kp::LeftWrist] = {10, 15, 1, Visibility::Visible};
    p[Kp::LeftKnee] = {25, 5, 1, Visibility::Visible};
    layers.applyVisibility(p, 3);
    EXPECT_EQ(p[Kp::LeftElbow].v, Visibility::Occluded);
    EXPECT_EQ(p[Kp::LeftWrist].v, Visibility::Visible);
    EXPECT_EQ(p[Kp::LeftKnee], Keypoint{});
}
