// The one skeleton painter: what each style option changes, read back from painted pixels.
#include "AnnotatorTestSupport.h"
#include "SchemaColours.h"
#include "SkeletonPainter.h"

#include <QImage>
#include <QPainter>

#include <gtest/gtest.h>

namespace refpose::annotator {
namespace {

// A left upper arm: shoulder at (20, 50), elbow at (80, 50); pixels read at exact positions.
Pose arm(Visibility elbow = Visibility::Visible) {
    Pose p;
    p[Kp::LeftShoulder] = {20, 50, 1.f, Visibility::Visible};
    p[Kp::LeftElbow] = {80, 50, 1.f, elbow};
    return p;
}

QImage paint(const Pose& pose, const SkeletonStyle& style = {}, const KeypointFlags& enabled = kEveryKeypoint) {
    test::ensureApp();
    QImage image(100, 100, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    paintSkeleton(painter, pose, QTransform(), enabled, style);
    return image;
}

// Distance between two colours, summed over the channels.
int distance(QColor a, QColor b) {
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue());
}

const Edge kArm{Kp::LeftShoulder, Kp::LeftElbow};

TEST(SkeletonPainter, BonesAndJointsTakeTheSchemaColours) {
    const QImage image = paint(arm());
    EXPECT_EQ(image.pixelColor(50, 50), toQColor(edgeColour(kArm)));
    EXPECT_EQ(image.pixelColor(80, 50), keypointColour(idx(Kp::LeftElbow)));
}

TEST(SkeletonPainter, SwitchedOffJointsAreEmptyAndTheirBonesFaint) {
    KeypointFlags enabled = kEveryKeypoint;
    enabled[idx(Kp::LeftElbow)] = false;
    SkeletonStyle style;
    style.jointRadius = 8;  // room inside the rim for the centre to show through
    const QImage image = paint(arm(), style, enabled);
    EXPECT_EQ(image.pixelColor(82, 45), QColor(Qt::white)) << "inside the ring, off the bone";
    // A dimmed bone is the bone's colour at alpha 70 over white.
    const QColor bone = toQColor(edgeColour(kArm));
    const auto blend = [](int c) { return (c * 70 + 255 * (255 - 70)) / 255; };
    EXPECT_LE(distance(image.pixelColor(50, 50), QColor(blend(bone.red()), blend(bone.green()), blend(bone.blue()))),
              6);
}

TEST(SkeletonPainter, OccludedJointsAreRingsAndTheirBonesDashedWhenAsked) {
    SkeletonStyle style;
    style.jointRadius = 8;
    EXPECT_EQ(paint(arm(Visibility::Occluded), style).pixelColor(82, 45), keypointColour(idx(Kp::LeftElbow)));
    style.occludedAsRings = true;
    EXPECT_EQ(paint(arm(Visibility::Occluded), style).pixelColor(82, 45), QColor(Qt::white));

    // Along the bone: no gap when solid, gaps when dashed.
    const auto gaps = [](const QImage& image) {
        int n = 0;
        for (int x = 30; x <= 70; ++x) n += image.pixelColor(x, 50) == QColor(Qt::white);
        return n;
    };
    EXPECT_EQ(gaps(paint(arm(Visibility::Occluded))), 0);
    style.dashOccludedBones = true;
    // Measured 5 white pixels (the round caps shorten the gaps); 3 leaves room for antialiasing.
    EXPECT_GE(gaps(paint(arm(Visibility::Occluded), style)), 3);
    EXPECT_EQ(gaps(paint(arm(Visibility::Visible), style)), 0) << "only a bone with an occluded end is dashed";
}

TEST(SkeletonPainter, TheSelectedJointHasALightRim) {
    SkeletonStyle style;
    style.jointRadius = 8;
    style.rimWidth = 2;
    const QColor plain = paint(arm(), style).pixelColor(80, 42);  // the rim, above the elbow
    style.selected = idx(Kp::LeftElbow);
    const QColor selected = paint(arm(), style).pixelColor(80, 42);
    EXPECT_LE(distance(plain, QColor(Qt::black)), 60);
    EXPECT_LE(distance(selected, QColor(Qt::white)), 60);
}

TEST(SkeletonPainter, MidpointsOnlyWhenAsked) {
    Pose p = arm();
    p[Kp::LeftUpperArm] = {50, 20, 1.f, Visibility::Visible};  // off the bone, to be seen alone
    EXPECT_NE(paint(p).pixelColor(50, 20), QColor(Qt::white));
    SkeletonStyle style;
    style.drawMidpoints = false;
    EXPECT_EQ(paint(p, style).pixelColor(50, 20), QColor(Qt::white));
}

}  // namespace
}  // namespace refpose::annotator
