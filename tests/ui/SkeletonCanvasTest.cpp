// The skeleton canvas: joint drags with simulated mouse events, undo merging, whole-figure
// edits, switching joints off.
#include "BodyPart.h"
#include "PoseEditCommand.h"
#include "SkeletonCanvas.h"
#include "UiTestSupport.h"

#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include <gtest/gtest.h>

using namespace refpose;
using namespace refpose::ui;

namespace {
class SkeletonCanvasTest : public ::testing::Test {
protected:
    void SetUp() override {
        test::ensureApplication();
        canvas = std::make_unique<SkeletonCanvas>(&undo);
        canvas->resize(400, 600);
        canvas->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(canvas.get()));
    }
    // Drags from `from` to `to` in `steps` mouse moves, like a hand would.
    void drag(QPointF from, QPointF to, int steps = 8, Qt::KeyboardModifiers mods = Qt::NoModifier) {
        QTest::mousePress(canvas.get(), Qt::LeftButton, mods, from.toPoint());
        for (int i = 1; i <= steps; ++i) {
            const QPointF p = from + (to - from) * (double(i) / steps);
            QMouseEvent move(QEvent::MouseMove, p, canvas->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, mods);
            QCoreApplication::sendEvent(canvas.get(), &move);
        }
        QTest::mouseRelease(canvas.get(), Qt::LeftButton, mods, to.toPoint());
    }
    QUndoStack undo;
    std::unique_ptr<SkeletonCanvas> canvas;
};
}  // namespace

TEST_F(SkeletonCanvasTest, StartsWithTheStandingFigureOfAllTwentyFivePoints) {
    const Pose& p = canvas->state().pose;
    EXPECT_EQ(countLabelled(p), int(kNumKeypoints));
    EXPECT_EQ(p, defaultStandingPose());
    // Upright: head above the hips, hips above the ankles.
    EXPECT_LT(p[Kp::Nose].y, p[Kp::LeftHip].y);
    EXPECT_LT(p[Kp::LeftHip].y, p[Kp::LeftAnkle].y);
}

TEST_F(SkeletonCanvasTest, DraggingAJointMovesItAndItsMidpointsInOneUndoStep) {
    const Pose before = canvas->state().pose;
    QSignalSpy changed(canvas.get(), &SkeletonCanvas::stateChanged);
    const QPointF from = canvas->widgetPosOf(Kp::LeftWrist);
    drag(from, from + QPointF(60, -120));
    const Pose after = canvas->state().pose;
    EXPECT_GE(changed.count(), 8);  // every mouse move reports: the search compresses them
    EXPECT_NEAR(canvas->widgetPosOf(Kp::LeftWrist).x(), from.x() + 60, 1.0);
    EXPECT_NEAR(canvas->widgetPosOf(Kp::LeftWrist).y(), from.y() - 120, 1.0);
    EXPECT_EQ(after[Kp::LeftElbow], before[Kp::LeftElbow]);
    EXPECT_FLOAT_EQ(after[Kp::LeftForearm].x, (after[Kp::LeftElbow].x + after[Kp::LeftWrist].x) / 2);
    EXPECT_FLOAT_EQ(after[Kp::LeftForearm].y, (after[Kp::LeftElbow].y + after[Kp::LeftWrist].y) / 2);
    ASSERT_EQ(undo.count(), 1);
    undo.undo();
    EXPECT_EQ(canvas->state().pose, before);
    undo.redo();
    EXPECT_EQ(canvas->state().pose, after);
}

TEST_F(SkeletonCanvasTest, TwoDragsAreTwoUndoSteps) {
    const QPointF a = canvas->widgetPosOf(Kp::RightKnee);
    drag(a, a + QPointF(-40, 0));
    const Pose afterFirst = canvas->state().pose;
    const QPointF b = canvas->widgetPosOf(Kp::LeftKnee);
    drag(b, b + QPointF(40, 0));
    EXPECT_EQ(undo.count(), 2);
    undo.undo();
    EXPECT_EQ(canvas->state().pose, afterFirst);
}

TEST_F(SkeletonCanvasTest, DraggingEmptySpaceMovesTheWholeFigure) {
    const Pose before = canvas->state().pose;
    const QPointF empty(20, 20);
    drag(empty, empty + QPointF(30, 40));
    const Pose after = canvas->state().pose;
    const float dx = after[Kp::Nose].x - before[Kp::Nose].x;
    const float dy = after[Kp::Nose].y - before[Kp::Nose].y;
    EXPECT_GT(dx, 1.f);
    for (std::size_t i = 0; i < kNumKeypoints; ++i) {
        EXPECT_NEAR(after.kp[i].x - before.kp[i].x, dx, 1e-3);
        EXPECT_NEAR(after.kp[i].y - before.kp[i].y, dy, 1e-3);
    }
}

TEST_F(SkeletonCanvasTest, RotateAndScaleKeepLimbProportionsAndMidpoints) {
    const Pose before = canvas->state().pose;
    auto length = [](const Pose& p, Kp a, Kp b) { return std::hypot(p[a].x - p[b].x, p[a].y - p[b].y); };
    canvas->rotateBy(90.f);
    canvas->scaleBy(2.f);
    const Pose after = canvas->state().pose;
    EXPECT_NEAR(length(after, Kp::LeftShoulder, Kp::LeftElbow), 2 * length(before, Kp::LeftShoulder, Kp::LeftElbow),
                1e-2);
    // A quarter turn: the body's axis (mid-shoulders -> mid-hips, vertical before) is horizontal.
    EXPECT_NEAR(after[Kp::LeftShoulder].y + after[Kp::RightShoulder].y, after[Kp::LeftHip].y + after[Kp::RightHip].y,
                1e-2);
    EXPECT_NEAR(after[Kp::LeftShin].x, (after[Kp::LeftKnee].x + after[Kp::LeftAnkle].x) / 2, 1e-2);
    EXPECT_EQ(undo.count(), 2);
    undo.undo();
    undo.undo();
    for (std::size_t i = 0; i < kNumKeypoints; ++i) EXPECT_NEAR(canvas->state().pose.kp[i].x, before.kp[i].x, 1e-3);
}

TEST_F(SkeletonCanvasTest, RightClickSwitchesAJointAndItsMidpointsOffUndoably) {
    const QPoint elbow = canvas->widgetPosOf(Kp::RightElbow).toPoint();
    QTest::mouseClick(canvas.get(), Qt::RightButton, Qt::NoModifier, elbow);
    const auto& on = canvas->state().enabled;
    EXPECT_FALSE(on[idx(Kp::RightElbow)]);
    EXPECT_FALSE(on[idx(Kp::RightUpperArm)]);
    EXPECT_FALSE(on[idx(Kp::RightForearm)]);
    EXPECT_TRUE(on[idx(Kp::RightWrist)]);
    EXPECT_EQ(countOn(on), int(kNumKeypoints) - 3);
    undo.undo();
    EXPECT_EQ(countOn(canvas->state().enabled), int(kNumKeypoints));
}

TEST_F(SkeletonCanvasTest, APressFarFromEveryJointGrabsNone) {
    // A click at empty space without a drag changes nothing and pushes no command.
    QTest::mouseClick(canvas.get(), Qt::LeftButton, Qt::NoModifier, QPoint(5, 5));
    EXPECT_EQ(undo.count(), 0);
    EXPECT_EQ(canvas->state().pose, defaultStandingPose());
}

TEST_F(SkeletonCanvasTest, TabSelectsJointsInTurnAndShiftTabGoesBack) {
    EXPECT_FALSE(canvas->selectedJoint().has_value());
    canvas->setFocus();
    QTest::keyClick(canvas.get(), Qt::Key_Tab);
    ASSERT_EQ(canvas->selectedJoint(), idx(Kp::Nose));  // the first joint of the schema
    EXPECT_TRUE(canvas->hasFocus());                    // Tab stayed in the canvas
    QTest::keyClick(canvas.get(), Qt::Key_Tab);
    EXPECT_EQ(canvas->selectedJoint(), std::size_t(1));
    QTest::keyClick(canvas.get(), Qt::Key_Backtab, Qt::ShiftModifier);
    QTest::keyClick(canvas.get(), Qt::Key_Backtab, Qt::ShiftModifier);
    EXPECT_EQ(canvas->selectedJoint(), kNumCocoKeypoints - 1);  // wraps to the last joint
    // A click on a joint selects it too.
    QTest::mouseClick(canvas.get(), Qt::LeftButton, Qt::NoModifier, canvas->widgetPosOf(Kp::LeftKnee).toPoint());
    EXPECT_EQ(canvas->selectedJoint(), idx(Kp::LeftKnee));
}

TEST_F(SkeletonCanvasTest, ArrowKeysNudgeTheSelectedJointOneUndoStepPerPress) {
    const Pose before = canvas->state().pose;
    canvas->setFocus();
    // Without a selection the arrows change nothing.
    QTest::keyClick(canvas.get(), Qt::Key_Left);
    EXPECT_EQ(undo.count(), 0);
    canvas->selectJoint(idx(Kp::LeftWrist));
    QTest::keyClick(canvas.get(), Qt::Key_Right);
    QTest::keyClick(canvas.get(), Qt::Key_Down, Qt::ShiftModifier);
    const Pose after = canvas->state().pose;
    EXPECT_FLOAT_EQ(after[Kp::LeftWrist].x, before[Kp::LeftWrist].x + 1.f);
    EXPECT_FLOAT_EQ(after[Kp::LeftWrist].y, before[Kp::LeftWrist].y + 10.f);
    EXPECT_FLOAT_EQ(after[Kp::LeftForearm].x, (after[Kp::LeftElbow].x + after[Kp::LeftWrist].x) / 2);
    EXPECT_EQ(after[Kp::LeftElbow], before[Kp::LeftElbow]);
    ASSERT_EQ(undo.count(), 2);
    undo.undo();
    EXPECT_FLOAT_EQ(canvas->state().pose[Kp::LeftWrist].y, before[Kp::LeftWrist].y);
    undo.undo();
    EXPECT_EQ(canvas->state().pose, before);
}

TEST_F(SkeletonCanvasTest, AHeldArrowKeysRepeatsMergeIntoItsPressStep) {
    const Pose before = canvas->state().pose;
    canvas->selectJoint(idx(Kp::RightAnkle));
    canvas->nudgeSelected(-1.f, 0.f);
    for (int i = 0; i < 4; ++i) canvas->nudgeSelected(-1.f, 0.f, true);  // auto-repeat
    EXPECT_FLOAT_EQ(canvas->state().pose[Kp::RightAnkle].x, before[Kp::RightAnkle].x - 5.f);
    EXPECT_EQ(undo.count(), 1);
    undo.undo();
    EXPECT_EQ(canvas->state().pose, before);
}

TEST_F(SkeletonCanvasTest, TheSelectedJointIsDrawnWithARing) {
    const QImage plain = canvas->grab().toImage();
    canvas->selectJoint(idx(Kp::LeftHip));
    const QImage ringed = canvas->grab().toImage();
    const QPoint hip = canvas->widgetPosOf(Kp::LeftHip).toPoint();
    const qreal dpr = ringed.devicePixelRatio();
    // The ring is 9-11 px from the joint: pixels change there, and nowhere far away.
    int changedNear = 0, changedFar = 0;
    for (int y = 0; y < canvas->height(); ++y)
        for (int x = 0; x < canvas->width(); ++x) {
            const QPoint px(int(x * dpr), int(y * dpr));
            if (plain.pixel(px) == ringed.pixel(px)) continue;
            (QLineF(QPointF(x, y), QPointF(hip)).length() <= 14 ? changedNear : changedFar)++;
        }
    EXPECT_GT(changedNear, 40);
    EXPECT_EQ(changedFar, 0);
}

TEST(PoseEditCommandTest, MergesOnlyCommandsOfTheSameDrag) {
    SkeletonState applied;
    auto apply = [&](const SkeletonState& s) { applied = s; };
    SkeletonState a, b, c;
    b.pose = translated(a.pose, 1, 0);
    c.pose = translated(a.pose, 2, 0);
    PoseEditCommand first(apply, a, b, "drag", 7);
    PoseEditCommand sameDrag(apply, b, c, "drag", 7);
    PoseEditCommand otherDrag(apply, b, c, "drag", 8);
    PoseEditCommand unmergeable(apply, b, c, "reset");
    EXPECT_FALSE(first.mergeWith(&otherDrag));
    EXPECT_EQ(unmergeable.id(), -1);
    ASSERT_TRUE(first.mergeWith(&sameDrag));
    first.redo();
    EXPECT_EQ(applied, c);
    first.undo();
    EXPECT_EQ(applied, a);
}

TEST(BodyPartTest, PartsHoldTheirLimbsAndTheirMidpoints) {
    const JointFlags leftArm = jointsOf(BodyPart::LeftArm);
    EXPECT_TRUE(leftArm[idx(Kp::LeftWrist)]);
    EXPECT_TRUE(leftArm[idx(Kp::LeftForearm)]);
    EXPECT_FALSE(leftArm[idx(Kp::RightWrist)]);
    EXPECT_FALSE(leftArm[idx(Kp::LeftKnee)]);
    const JointFlags legs = jointsOf(BodyPart::Legs);
    EXPECT_TRUE(legs[idx(Kp::RightShin)]);
    EXPECT_FALSE(legs[idx(Kp::Nose)]);
    EXPECT_EQ(countOn(jointsOf(BodyPart::WholeBody)), int(kNumKeypoints));
    // Every part is a proper subset that still spans at least two joints (a pair to compare).
    for (BodyPart p : kAllBodyParts)
        if (p != BodyPart::WholeBody) {
            EXPECT_LT(countOn(jointsOf(p)), int(kNumKeypoints));
            EXPECT_GE(countOn(jointsOf(p)), 2);
        }
}
