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

#include <cmath>
#include <tuple>

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

TEST_F(SkeletonCanvasTest, ShiftDraggingAJointStretchesItToTheCursorInOneUndoStep) {
    const Pose before = canvas->state().pose;
    QSignalSpy changed(canvas.get(), &SkeletonCanvas::stateChanged);
    const QPointF from = canvas->widgetPosOf(Kp::LeftWrist);
    drag(from, from + QPointF(60, -120), 8, Qt::ShiftModifier);
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

namespace {
float boneLength(const Pose& p, Kp a, Kp b) { return std::hypot(p[a].x - p[b].x, p[a].y - p[b].y); }
}  // namespace

// Issue 12: dragging an elbow turns the arm about the shoulder; the upper arm and the forearm
// keep their lengths, the wrist turns with the elbow, the elbow points at the cursor.
TEST_F(SkeletonCanvasTest, DraggingAJointTurnsItsLimbAndKeepsBoneLengths) {
    const Pose before = canvas->state().pose;
    const QPointF from = canvas->widgetPosOf(Kp::LeftElbow);
    const QPointF to = from + QPointF(80, -100);
    drag(from, to);
    const Pose after = canvas->state().pose;
    EXPECT_NEAR(boneLength(after, Kp::LeftShoulder, Kp::LeftElbow), boneLength(before, Kp::LeftShoulder, Kp::LeftElbow),
                0.01);
    EXPECT_NEAR(boneLength(after, Kp::LeftElbow, Kp::LeftWrist), boneLength(before, Kp::LeftElbow, Kp::LeftWrist),
                0.01);
    EXPECT_EQ(after[Kp::LeftShoulder], before[Kp::LeftShoulder]);
    EXPECT_EQ(after[Kp::RightElbow], before[Kp::RightElbow]);  // the other arm stays
    // The elbow lies on the line from the shoulder to the cursor.
    const QPointF shoulder = canvas->widgetPosOf(Kp::LeftShoulder), elbow = canvas->widgetPosOf(Kp::LeftElbow);
    const double towardsCursor = std::atan2(to.y() - shoulder.y(), to.x() - shoulder.x());
    EXPECT_NEAR(std::atan2(elbow.y() - shoulder.y(), elbow.x() - shoulder.x()), towardsCursor, 0.02);
    // The forearm turned by the same angle as the upper arm: the elbow's bend is unchanged.
    const auto angle = [](const Pose& p, Kp a, Kp b) { return std::atan2(p[b].y - p[a].y, p[b].x - p[a].x); };
    EXPECT_NEAR(angle(after, Kp::LeftElbow, Kp::LeftWrist) - angle(after, Kp::LeftShoulder, Kp::LeftElbow),
                angle(before, Kp::LeftElbow, Kp::LeftWrist) - angle(before, Kp::LeftShoulder, Kp::LeftElbow), 1e-4);
    EXPECT_EQ(undo.count(), 1);
}

// A joint dragged past the edge stops at the edge of the figure's space, where it can be
// grabbed again.
TEST_F(SkeletonCanvasTest, ADraggedJointStaysInsideTheCanvas) {
    const QPointF from = canvas->widgetPosOf(Kp::RightWrist);
    drag(from, QPointF(-300, -400), 8, Qt::ShiftModifier);
    const Keypoint& wrist = canvas->state().pose[Kp::RightWrist];
    EXPECT_FLOAT_EQ(wrist.x, 0.f);
    EXPECT_FLOAT_EQ(wrist.y, 0.f);
    EXPECT_TRUE(QRectF(canvas->rect()).contains(canvas->widgetPosOf(Kp::RightWrist)));
}

// The default figure can raise its arms straight up, or stretch them out sideways, inside the
// canvas's space.
TEST_F(SkeletonCanvasTest, TheDefaultFigureHasRoomToRaiseItsArms) {
    const Pose p = defaultStandingPose();
    for (const auto& [shoulder, elbow, wrist] : {std::tuple{Kp::LeftShoulder, Kp::LeftElbow, Kp::LeftWrist},
                                                 std::tuple{Kp::RightShoulder, Kp::RightElbow, Kp::RightWrist}}) {
        const float reach = boneLength(p, shoulder, elbow) + boneLength(p, elbow, wrist);
        EXPECT_GE(p[shoulder].y - reach, 0.f);
        EXPECT_GE(p[shoulder].x - reach, 0.f);
        EXPECT_LE(p[shoulder].x + reach, kDefaultFigureWidth);
    }
    // And with the canvas: dragging the wrist and then the elbow straight up raises the arm.
    const QPointF up(0, -1000);
    drag(canvas->widgetPosOf(Kp::LeftElbow), canvas->widgetPosOf(Kp::LeftShoulder) + up);
    drag(canvas->widgetPosOf(Kp::LeftWrist), canvas->widgetPosOf(Kp::LeftElbow) + up);
    const Pose raised = canvas->state().pose;
    EXPECT_LT(raised[Kp::LeftWrist].y, raised[Kp::LeftElbow].y);
    EXPECT_LT(raised[Kp::LeftElbow].y, raised[Kp::LeftShoulder].y);
    EXPECT_GE(raised[Kp::LeftWrist].y, 0.f);
    EXPECT_NEAR(boneLength(raised, Kp::LeftElbow, Kp::LeftWrist), boneLength(p, Kp::LeftElbow, Kp::LeftWrist), 0.01);
}

// The part a query searches on is drawn with a halo: beside the left upper arm (off the bone
// itself) the picture changes when Left arm is highlighted, beside the right one it does not.
TEST_F(SkeletonCanvasTest, TheHighlightedPartIsDrawnWithAHalo) {
    const auto besideBone = [&](Kp a, Kp b) {
        const QPointF pa = canvas->widgetPosOf(a), pb = canvas->widgetPosOf(b);
        const QPointF mid = (pa + pb) / 2;
        const QPointF along = (pb - pa) / QLineF(pa, pb).length();
        return (mid + QPointF(-along.y(), along.x()) * 5).toPoint();  // 5 px to the side
    };
    const QPoint leftArm = besideBone(Kp::LeftShoulder, Kp::LeftElbow);
    const QPoint rightArm = besideBone(Kp::RightShoulder, Kp::RightElbow);
    const QImage plain = canvas->grab().toImage();
    canvas->setHighlightedPart(jointsOf(BodyPart::LeftArm));
    const QImage halo = canvas->grab().toImage();
    const qreal dpr = halo.devicePixelRatio();
    const auto pixel = [dpr](const QImage& im, QPoint p) { return im.pixel((QPointF(p) * dpr).toPoint()); };
    EXPECT_NE(pixel(halo, leftArm), pixel(plain, leftArm));
    EXPECT_EQ(pixel(halo, rightArm), pixel(plain, rightArm));
    canvas->setHighlightedPart(allJoints());
    EXPECT_EQ(canvas->grab().toImage(), plain);
}

// Zoom and pan move the view, not the figure: Ctrl+wheel keeps the point under the cursor in
// place and magnifies, middle-drag pans, Ctrl+0 and a new picture fit the whole space again.
TEST_F(SkeletonCanvasTest, CtrlWheelZoomsAndMiddleDragPansTheViewOnly) {
    const Pose before = canvas->state().pose;
    const QPointF at = canvas->widgetPosOf(Kp::LeftWrist);
    const qreal span = QLineF(canvas->widgetPosOf(Kp::LeftAnkle), canvas->widgetPosOf(Kp::RightAnkle)).length();
    for (int i = 0; i < 2; ++i) {
        QWheelEvent wheel(at, canvas->mapToGlobal(at), {}, QPoint(0, 120), Qt::NoButton, Qt::ControlModifier,
                          Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(canvas.get(), &wheel);
    }
    EXPECT_NEAR(canvas->viewZoom(), 1.21, 1e-6);
    EXPECT_NEAR(QLineF(canvas->widgetPosOf(Kp::LeftWrist), at).length(), 0.0, 0.5);
    EXPECT_NEAR(QLineF(canvas->widgetPosOf(Kp::LeftAnkle), canvas->widgetPosOf(Kp::RightAnkle)).length(), span * 1.21,
                0.5);
    const QPointF knee = canvas->widgetPosOf(Kp::RightKnee);
    const QPointF empty(20, 20);
    QTest::mousePress(canvas.get(), Qt::MiddleButton, Qt::NoModifier, empty.toPoint());
    QMouseEvent move(QEvent::MouseMove, empty + QPointF(30, 25), canvas->mapToGlobal(empty + QPointF(30, 25)),
                     Qt::NoButton, Qt::MiddleButton, Qt::NoModifier);
    QCoreApplication::sendEvent(canvas.get(), &move);
    QTest::mouseRelease(canvas.get(), Qt::MiddleButton, Qt::NoModifier, (empty + QPointF(30, 25)).toPoint());
    EXPECT_NEAR(canvas->widgetPosOf(Kp::RightKnee).x(), knee.x() + 30, 0.5);
    EXPECT_NEAR(canvas->widgetPosOf(Kp::RightKnee).y(), knee.y() + 25, 0.5);
    EXPECT_EQ(canvas->state().pose, before);  // the figure itself did not change
    EXPECT_EQ(undo.count(), 0);
    QTest::keyClick(canvas.get(), Qt::Key_0, Qt::ControlModifier);
    EXPECT_EQ(canvas->viewZoom(), 1.0);
    EXPECT_NEAR(QLineF(canvas->widgetPosOf(Kp::LeftWrist), at).length(), 0.0, 1e-6);
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
