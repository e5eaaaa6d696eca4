// User stories of the annotator, driven through simulated mouse and key events.
#include "AnnotationCanvas.h"
#include "AnnotationDocument.h"
#include "AnnotatorTestSupport.h"
#include "AnnotatorView.h"
#include "HelpOverlay.h"
#include "ImageStateFilter.h"
#include "ValidationReportDialog.h"
#include "PoseSamples.h"
#include "TestPaths.h"

#include "dataset/AnnotationChecks.h"

#include <QApplication>
#include <QDir>
#include <QSettings>
#include <QListView>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTimer>
#include <QTreeWidget>
#include <QTest>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <gtest/gtest.h>

#include <fstream>

namespace refpose::annotator {
namespace {

QString q(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

class AnnotatorViewTest : public ::testing::Test {
protected:
    void SetUp() override {
        test::ensureApp();
        dir = test::freshTempDir();
        test::writeFigureImages(dir, 3);
        view = std::make_unique<AnnotatorView>();
        view->resize(1200, 800);
        QString error;
        ASSERT_TRUE(view->openFolder(q(dir), {}, &error)) << error.toStdString();
        view->show();
        QApplication::setActiveWindow(view.get());
        ASSERT_TRUE(QTest::qWaitForWindowActive(view.get()));
        canvas = view->canvas();
        canvas->setFocus();
    }
    // The viewport position of an image point, and the image point that position stands for.
    QPoint at(const Keypoint& k) const { return canvas->imageToView(QPointF(k.x, k.y)); }
    void key(int k, Qt::KeyboardModifiers m = Qt::NoModifier) { QTest::keyClick(canvas, Qt::Key(k), m); }
    CocoDataset saved() const { return readCoco(dir / "annotations.json"); }

    std::filesystem::path dir;
    std::unique_ptr<AnnotatorView> view;
    AnnotationCanvas* canvas = nullptr;
};

TEST_F(AnnotatorViewTest, LabelsAWholeImageWithMouseAndKeysAndSavesExactlyThat) {
    const Pose truth = test::figurePose(320, 400);
    Pose expected;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        ASSERT_EQ(canvas->guidePoint(), i) << "guided order";
        const QPoint pos = at(truth.kp[i]);
        const QPointF landed = canvas->viewToImage(pos);
        // The right knee is hidden behind something: Shift+click places it occluded.
        const bool occluded = i == idx(Kp::RightKnee);
        QTest::mouseClick(canvas->viewport(), Qt::LeftButton, occluded ? Qt::ShiftModifier : Qt::NoModifier, pos);
        expected.kp[i] = {float(landed.x()), float(landed.y()), 1.f,
                          occluded ? Visibility::Occluded : Visibility::Visible};
        EXPECT_NEAR(landed.x(), truth.kp[i].x, 1.0 / canvas->zoom() + 0.01);
    }
    EXPECT_FALSE(canvas->guidePoint().has_value());
    // The left ear was not really visible: select it by clicking on it, then key 1.
    QTest::mouseClick(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, at(expected[Kp::LeftEar]));
    ASSERT_EQ(canvas->selectedPoint(), idx(Kp::LeftEar));
    key(Qt::Key_1);
    expected[Kp::LeftEar].v = Visibility::Occluded;
    // And the right ear is absent after all: select, key 0.
    QTest::mouseClick(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, at(expected[Kp::RightEar]));
    key(Qt::Key_0);
    expected[Kp::RightEar] = Keypoint{};
    EXPECT_EQ(canvas->guidePoint(), idx(Kp::RightEar));  // the unplaced point is guided again
    key(Qt::Key_B);                                      // box from the points
    expected.box = boxAroundKeypoints(expected, 0.1f);
    key(Qt::Key_Return, Qt::ControlModifier);  // done, next image
    EXPECT_EQ(view->currentRow(), 1);

    const CocoDataset d = saved();  // the autosaved file, as the trainer reads it
    EXPECT_NO_THROW(validateCoco(d));
    ASSERT_EQ(d.annotations.size(), 1u);
    const CocoAnnotation& a = d.annotations[0];
    EXPECT_EQ(a.imageId, d.images[0].id);
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        EXPECT_EQ(a.pose.kp[i].v, expected.kp[i].v) << kKeypointNames[i];
        EXPECT_NEAR(a.pose.kp[i].x, expected.kp[i].x, 1e-3) << kKeypointNames[i];
        EXPECT_NEAR(a.pose.kp[i].y, expected.kp[i].y, 1e-3) << kKeypointNames[i];
    }
    EXPECT_NEAR(a.pose.box.x, expected.box.x, 1e-3);
    EXPECT_NEAR(a.pose.box.w, expected.box.w, 1e-3);
    EXPECT_EQ(d.images[0].extra.value("refpose_state", ""), "done");
    // Only the deliberately absent ear is reported; nothing outside, no swap.
    const auto issues = checkDataset(d);
    ASSERT_EQ(issues.size(), 1u) << issues[0].message;
    EXPECT_EQ(issues[0].kind, IssueKind::MissingPoints);

    // Export for the trainer: file names relative to the export, no annotator fields.
    std::filesystem::create_directories(dir / "out");
    QString error;
    ASSERT_TRUE(view->exportTo(q(dir / "out" / "train.json"), true, false, &error)) << error.toStdString();
    const CocoDataset exported = readCoco(dir / "out" / "train.json");
    ASSERT_EQ(exported.images.size(), 1u);
    EXPECT_EQ(exported.images[0].fileName, "../img0.png");
    EXPECT_FALSE(exported.images[0].extra.contains("refpose_state"));
    EXPECT_EQ(exported.categories, std::vector<CocoCategory>{defaultPersonCategory()});
    EXPECT_EQ(exported.annotations[0].pose.kp, a.pose.kp);
    // ... and the trainer loads it as it is: one sample, its image found, the same keypoints.
    const auto samples = training::loadPoseSamples(dir / "out" / "train.json", dir / "out");
    ASSERT_EQ(samples.size(), 1u);
    EXPECT_TRUE(std::filesystem::exists(samples[0].image)) << samples[0].image;
    EXPECT_EQ(samples[0].pose.kp, a.pose.kp);
}

TEST_F(AnnotatorViewTest, DraggingAPointIsOneUndoStepAndUndoRedoKeysRestoreTheFile) {
    const Pose truth = test::figurePose(320, 400);
    QTest::mouseClick(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, at(truth[Kp::Nose]));
    const float placedX = saved().annotations.at(0).pose[Kp::Nose].x;
    const QPoint from = at(truth[Kp::Nose]);
    const QPoint to = from + QPoint(40, 25);
    QTest::mousePress(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, from);
    for (int s = 1; s <= 5; ++s) QTest::mouseMove(canvas->viewport(), from + (to - from) * s / 5);
    QTest::mouseRelease(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, to);
    const QPointF moved = canvas->viewToImage(to);
    EXPECT_NEAR(saved().annotations.at(0).pose[Kp::Nose].x, moved.x(), 1e-3);  // saved on release
    EXPECT_FALSE(view->document()->hasUnsavedEdits());
    EXPECT_EQ(view->document()->undoStack()->count(), 2);  // place + one merged drag

    key(Qt::Key_Z, Qt::ControlModifier);
    EXPECT_NEAR(saved().annotations.at(0).pose[Kp::Nose].x, placedX, 1e-3);
    key(Qt::Key_Z, Qt::ControlModifier);
    EXPECT_TRUE(saved().annotations.empty());
    key(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    key(Qt::Key_Y, Qt::ControlModifier);
    EXPECT_NEAR(saved().annotations.at(0).pose[Kp::Nose].x, moved.x(), 1e-3);
}

TEST_F(AnnotatorViewTest, SwapLeftRightExchangesTheSides) {
    const Pose truth = test::figurePose(320, 400);
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i)
        QTest::mouseClick(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, at(truth.kp[i]));
    const Pose before = view->document()->edit(0).pose;
    key(Qt::Key_F);
    const Pose after = saved().annotations.at(0).pose;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i)
        EXPECT_EQ(after.kp[kFlip[i]].x, before.kp[i].x) << kKeypointNames[i];
    EXPECT_LT(after[Kp::LeftShoulder].x, after[Kp::RightShoulder].x);
}

TEST_F(AnnotatorViewTest, CtrlDragDrawsTheBoxAndCornerDragAdjustsIt) {
    const QPoint a = canvas->imageToView(QPointF(20, 30)), b = canvas->imageToView(QPointF(200, 300));
    QTest::mousePress(canvas->viewport(), Qt::LeftButton, Qt::ControlModifier, a);
    QTest::mouseMove(canvas->viewport(), b);
    QTest::mouseRelease(canvas->viewport(), Qt::LeftButton, Qt::ControlModifier, b);
    Box box = view->document()->edit(0).pose.box;
    EXPECT_NEAR(box.x, canvas->viewToImage(a).x(), 1e-3);
    EXPECT_NEAR(box.x + box.w, canvas->viewToImage(b).x(), 1e-3);
    EXPECT_EQ(canvas->guidePoint(), idx(Kp::Nose));  // drawing a box placed no point
    const QPoint c = canvas->imageToView(QPointF(250, 350));
    QTest::mousePress(canvas->viewport(), Qt::LeftButton, Qt::NoModifier,
                      canvas->imageToView(QPointF(box.x + box.w, box.y + box.h)));
    QTest::mouseMove(canvas->viewport(), c);
    QTest::mouseRelease(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, c);
    box = saved().annotations.at(0).pose.box;
    EXPECT_NEAR(box.x + box.w, canvas->viewToImage(c).x(), 1e-3);
    EXPECT_NEAR(box.x, canvas->viewToImage(a).x(), 1e-3);  // the opposite corner stayed
}

// Issue 14 item 3.4: a hand-labelled image had no box until export complained.
TEST_F(AnnotatorViewTest, TheBoxFollowsThePointsUntilTheArtistEditsIt) {
    const Pose truth = test::figurePose(320, 400);
    // The nose, left eye and right eye, placed at spread-out spots (the box is all that matters).
    for (Kp k : {Kp::Nose, Kp::LeftShoulder, Kp::RightAnkle})
        QTest::mouseClick(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, at(truth[k]));
    Pose p = saved().annotations.at(0).pose;
    Box tight = boxAroundKeypoints(p, 0.1f);
    EXPECT_GT(p.box.w, 0.f);
    EXPECT_NEAR(p.box.x, tight.x, 1e-3);
    EXPECT_NEAR(p.box.w, tight.w, 1e-3);
    EXPECT_NEAR(p.box.h, tight.h, 1e-3);
    // Dragging a point (the left eye) moves the box with it.
    const QPoint from = at(truth[Kp::LeftShoulder]), to = from + QPoint(60, 0);
    QTest::mousePress(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(canvas->viewport(), to);
    QTest::mouseRelease(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, to);
    p = saved().annotations.at(0).pose;
    tight = boxAroundKeypoints(p, 0.1f);
    EXPECT_NEAR(p.box.x + p.box.w, tight.x + tight.w, 1e-3);
    EXPECT_EQ(view->document()->undoStack()->count(), 4);  // the box rode along, no steps of its own
    // Once the artist drags a corner, the box is theirs: points no longer move it.
    const QPoint corner = canvas->imageToView(QPointF(p.box.x, p.box.y)), cornerTo = corner - QPoint(20, 20);
    QTest::mousePress(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, corner);
    QTest::mouseMove(canvas->viewport(), cornerTo);
    QTest::mouseRelease(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, cornerTo);
    const Box edited = saved().annotations.at(0).pose.box;
    EXPECT_NEAR(edited.x, canvas->viewToImage(cornerTo).x(), 1e-3);
    QTest::mouseClick(canvas->viewport(), Qt::LeftButton, Qt::NoModifier,
                      at(truth[Kp::LeftKnee]));  // places the left ear
    EXPECT_EQ(countLabelled(saved().annotations.at(0).pose, kNumCocoKeypoints), 4);
    EXPECT_EQ(saved().annotations.at(0).pose.box, edited);
    // And key B takes it from the points again, after which it follows them once more.
    key(Qt::Key_B);
    p = saved().annotations.at(0).pose;
    EXPECT_NEAR(p.box.x, boxAroundKeypoints(p, 0.1f).x, 1e-3);
}

TEST_F(AnnotatorViewTest, WheelZoomsAroundTheCursorAndFitRestores) {
    const double fit = canvas->zoom();
    const QPoint cursor(canvas->viewport()->width() / 3, canvas->viewport()->height() / 4);
    const QPointF under = canvas->viewToImage(cursor);
    QWheelEvent wheel(cursor, canvas->viewport()->mapToGlobal(cursor), {}, QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(canvas->viewport(), &wheel);
    EXPECT_NEAR(canvas->zoom(), fit * 1.25 * 1.25, 1e-6);
    const QPointF still = canvas->viewToImage(cursor);
    EXPECT_NEAR(still.x(), under.x(), 1.5 / canvas->zoom());
    EXPECT_NEAR(still.y(), under.y(), 1.5 / canvas->zoom());
    // Middle-button pan moves the image with the mouse.
    QTest::mousePress(canvas->viewport(), Qt::MiddleButton, Qt::NoModifier, cursor);
    QTest::mouseMove(canvas->viewport(), cursor + QPoint(50, 0));
    QTest::mouseRelease(canvas->viewport(), Qt::MiddleButton, Qt::NoModifier, cursor + QPoint(50, 0));
    EXPECT_NEAR(canvas->viewToImage(cursor + QPoint(50, 0)).x(), under.x(), 1.5 / canvas->zoom());
    EXPECT_TRUE(view->document()->dataset().annotations.empty());  // panning placed nothing
    key(Qt::Key_Home);
    EXPECT_NEAR(canvas->zoom(), fit, 1e-6);
}

TEST_F(AnnotatorViewTest, NextPreviousAndFilterFollowImageStates) {
    key(Qt::Key_K, Qt::ControlModifier);  // skip img0
    EXPECT_EQ(view->currentRow(), 1);
    key(Qt::Key_PageUp);
    EXPECT_EQ(view->currentRow(), 0);
    key(Qt::Key_PageDown);
    key(Qt::Key_PageDown);
    EXPECT_EQ(view->currentRow(), 2);
    view->imageFilter()->setState(ImageState::Skipped);
    EXPECT_EQ(view->imageFilter()->rowCount(), 1);
    view->imageFilter()->setState(ImageState::NotStarted);
    EXPECT_EQ(view->imageFilter()->rowCount(), 2);
    EXPECT_EQ(saved().images[0].extra.value("refpose_state", ""), "skipped");
}

// Issue 14 item 3.6: at 1280x800 the point list cut its lines off.
TEST_F(AnnotatorViewTest, ThePointListShowsWholeLinesAt1280x800) {
    auto fake = test::makeFigureEstimator();
    view->setEstimatorFactory([fake] { return fake; });
    QSignalSpy done(view->preAnnotator(), &PreAnnotator::finished);
    view->preAnnotateCurrent();  // the left wrist gets the long "low confidence" line
    ASSERT_TRUE(done.wait(10000));
    view->resize(1280, 800);
    QApplication::processEvents();
    QListWidget* list = view->pointList();
    // The longest line a point can have: guided, occluded and a low-confidence guess.
    canvas->setGuidePoint(idx(Kp::RightShoulder));
    canvas->selectPoint(idx(Kp::RightShoulder));
    key(Qt::Key_1);
    ImageEdit e = view->document()->edit(0);
    e.pose[Kp::RightShoulder].score = 0.05f;
    view->document()->pushEdit(0, e, QStringLiteral("low guess"));
    QApplication::processEvents();
    int widest = 0;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        const QString text = list->item(int(i))->text();
        widest = std::max(widest, list->fontMetrics().horizontalAdvance(text));
        EXPECT_LE(list->fontMetrics().horizontalAdvance(text), list->viewport()->width()) << text.toStdString();
    }
    EXPECT_NE(list->item(int(idx(Kp::RightShoulder)))->text().indexOf(QStringLiteral("occluded, low confidence 0.05")),
              -1);
    EXPECT_GT(canvas->width(), 500) << "the canvas keeps most of the room";
    ASSERT_TRUE(view->grab().save(q(test::binaryDir() / "annotator-1280.png"), "PNG"));
}

TEST_F(AnnotatorViewTest, F1ShowsTheShortcutsAndClosesAgain) {
    EXPECT_FALSE(view->helpOverlay()->isVisible());
    key(Qt::Key_F1);
    EXPECT_TRUE(view->helpOverlay()->isVisible());
    EXPECT_TRUE(view->helpOverlay()->lines().filter(QStringLiteral("Swap left and right")).size() == 1);
    key(Qt::Key_F1);
    EXPECT_FALSE(view->helpOverlay()->isVisible());
}

// Issue 14 item 3.7: the tab started empty with no word of what to do, and forgot the folder.
TEST(AnnotatorStartTest, ShowsGuidanceWhenNothingIsOpenAndReopensTheLastFolder) {
    test::ensureApp();
    QSettings().clear();
    const auto dir = test::freshTempDir();
    test::writeFigureImages(dir, 2);
    {
        AnnotatorView fresh;
        fresh.resize(1280, 800);
        fresh.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&fresh));
        EXPECT_FALSE(fresh.document()->isOpen());  // nothing remembered yet
        EXPECT_TRUE(fresh.emptyPage()->isVisible());
        EXPECT_FALSE(fresh.canvas()->isVisible());
        EXPECT_NE(fresh.emptyPage()->findChild<QPushButton*>(QStringLiteral("openFolderButton")), nullptr);
        ASSERT_TRUE(fresh.grab().save(q(test::binaryDir() / "annotator-empty.png"), "PNG"));
        ASSERT_TRUE(fresh.openFolder(q(dir)));
        EXPECT_FALSE(fresh.emptyPage()->isVisible());
        EXPECT_TRUE(fresh.canvas()->isVisible());
    }
    AnnotatorView next;  // the next start
    next.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&next));
    ASSERT_TRUE(next.document()->isOpen());
    EXPECT_EQ(next.document()->folder(), QDir(q(dir)).absolutePath());
    EXPECT_EQ(next.document()->imageCount(), 2);
    EXPECT_FALSE(next.emptyPage()->isVisible());

    // A remembered folder that is gone leaves the guidance, not an error.
    std::filesystem::remove_all(dir);
    AnnotatorView after;
    after.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&after));
    EXPECT_FALSE(after.document()->isOpen());
    EXPECT_TRUE(after.emptyPage()->isVisible());
    QSettings().clear();
}

// Issue 14 item 3.8: F1 answered only while the canvas had the focus.
TEST(AnnotatorShortcutTest, F1ShowsTheHelpWhereverTheFocusIsInTheWindow) {
    test::ensureApp();
    const auto dir = test::freshTempDir();
    test::writeFigureImages(dir, 1);
    QWidget window;  // like the main window: the annotator beside other widgets
    auto* layout = new QVBoxLayout(&window);
    auto* elsewhere = new QLineEdit(&window);
    auto* view = new AnnotatorView(&window);
    layout->addWidget(elsewhere);
    layout->addWidget(view);
    window.resize(1200, 800);
    ASSERT_TRUE(view->openFolder(q(dir)));
    window.show();
    QApplication::setActiveWindow(&window);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    view->pointList()->setFocus();
    QTest::keyClick(view->pointList(), Qt::Key_F1);
    EXPECT_TRUE(view->helpOverlay()->isVisible());
    elsewhere->setFocus();
    QTest::keyClick(elsewhere, Qt::Key_F1);
    EXPECT_FALSE(view->helpOverlay()->isVisible());
    QTest::keyClick(elsewhere, Qt::Key_F1);
    EXPECT_TRUE(view->helpOverlay()->isVisible());
}

TEST_F(AnnotatorViewTest, PreAnnotateRunsTheEstimatorAndFlagsLowConfidencePoints) {
    auto fake = test::makeFigureEstimator();
    view->setEstimatorFactory([fake] { return fake; });
    QSignalSpy done(view->preAnnotator(), &PreAnnotator::finished);
    key(Qt::Key_P);
    ASSERT_TRUE(done.wait(10000));
    EXPECT_EQ(done.at(0).at(0).toInt(), 1);
    const Pose p = view->document()->edit(0).pose;
    EXPECT_EQ(p[Kp::LeftWrist].score, test::kFigureLowScore);
    EXPECT_FLOAT_EQ(p.box.y + p.box.h, 400.f);  // clipped to the image
    const auto flagged = view->pointList()->findItems(QStringLiteral("Check: left wrist"), Qt::MatchExactly);
    EXPECT_EQ(flagged.size(), 1);
    // Scores survive the file, and correcting the point confirms it.
    EXPECT_TRUE(saved().annotations.at(0).extra.contains("refpose_scores"));
    canvas->selectPoint(idx(Kp::LeftWrist));
    key(Qt::Key_2);
    EXPECT_EQ(view->document()->edit(0).pose[Kp::LeftWrist].score, 1.f);
    EXPECT_TRUE(view->pointList()->findItems(QStringLiteral("Check:"), Qt::MatchStartsWith).isEmpty());
    key(Qt::Key_Z, Qt::ControlModifier);
    key(Qt::Key_Z, Qt::ControlModifier);
    EXPECT_TRUE(saved().annotations.empty());  // pre-annotation is undoable too

    // All images not started, in the background.
    QSignalSpy all(view->preAnnotator(), &PreAnnotator::finished);
    key(Qt::Key_P, Qt::ShiftModifier);
    ASSERT_TRUE(all.wait(10000));
    EXPECT_EQ(all.at(0).at(0).toInt(), 3);
    for (int r = 0; r < 3; ++r) EXPECT_EQ(view->document()->edit(r).state, ImageState::InProgress);
    EXPECT_EQ(saved().annotations.size(), 3u);
}

// Issue 14 item 3.1: after pre-annotation placed all 17 points the banner said "Next: nose" and
// a stray click moved the nose.
TEST_F(AnnotatorViewTest, WhenAllPointsArePlacedTheBannerSaysSoAndAClickOnEmptyCanvasMovesNothing) {
    ASSERT_EQ(canvas->guidePoint(), idx(Kp::Nose));
    auto fake = test::makeFigureEstimator();
    view->setEstimatorFactory([fake] { return fake; });
    QSignalSpy done(view->preAnnotator(), &PreAnnotator::finished);
    view->preAnnotateCurrent();
    ASSERT_TRUE(done.wait(10000));
    EXPECT_FALSE(canvas->guidePoint().has_value());
    EXPECT_TRUE(canvas->bannerText().startsWith(QStringLiteral("All points placed")))
        << canvas->bannerText().toStdString();
    const Pose before = view->document()->edit(0).pose;
    // The image's bottom-left corner: far from every point and from the box's corners.
    QTest::mouseClick(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, canvas->imageToView(QPointF(5, 395)));
    EXPECT_EQ(view->document()->edit(0).pose.kp, before.kp);
    EXPECT_EQ(view->document()->undoStack()->count(), 1);  // only the pre-annotation
    // Placing the 17th point by hand ends the same way.
    key(Qt::Key_Z, Qt::ControlModifier);
    const Pose truth = test::figurePose(320, 400);
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i)
        QTest::mouseClick(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, at(truth.kp[i]));
    EXPECT_TRUE(canvas->bannerText().startsWith(QStringLiteral("All points placed")));
    const Pose placed = view->document()->edit(0).pose;
    QTest::mouseClick(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, canvas->imageToView(QPointF(5, 395)));
    EXPECT_EQ(view->document()->edit(0).pose.kp, placed.kp);
    ASSERT_TRUE(view->grab().save(q(test::binaryDir() / "annotator-all-placed.png"), "PNG"));
}

// Issue 14 item 3.2: Ctrl+Z while viewing one image undid another image's pre-annotation.
TEST_F(AnnotatorViewTest, UndoNeverChangesAnImageOtherThanTheOneShown) {
    auto fake = test::makeFigureEstimator();
    view->setEstimatorFactory([fake] { return fake; });
    QSignalSpy done(view->preAnnotator(), &PreAnnotator::finished);
    view->preAnnotateNotStarted();  // all three images, in the background
    ASSERT_TRUE(done.wait(10000));
    key(Qt::Key_PageDown);
    ASSERT_EQ(view->currentRow(), 1);
    const Pose row0 = view->document()->edit(0).pose, row2 = view->document()->edit(2).pose;
    key(Qt::Key_Z, Qt::ControlModifier);  // undoes img1's own pre-annotation
    EXPECT_EQ(countLabelled(view->document()->edit(1).pose, kNumCocoKeypoints), 0);
    key(Qt::Key_Z, Qt::ControlModifier);  // nothing more to undo on img1
    key(Qt::Key_Z, Qt::ControlModifier);
    EXPECT_EQ(view->document()->edit(0).pose.kp, row0.kp);
    EXPECT_EQ(view->document()->edit(2).pose.kp, row2.kp);
    EXPECT_EQ(view->document()->edit(2).state, ImageState::InProgress);
    // Back on img0, its own history is still there.
    key(Qt::Key_PageUp);
    ASSERT_EQ(view->currentRow(), 0);
    key(Qt::Key_Z, Qt::ControlModifier);
    EXPECT_EQ(countLabelled(view->document()->edit(0).pose, kNumCocoKeypoints), 0);
    EXPECT_EQ(view->document()->edit(2).pose.kp, row2.kp);
    key(Qt::Key_Y, Qt::ControlModifier);  // redo on img0 too
    EXPECT_EQ(view->document()->edit(0).pose.kp, row0.kp);
}

// Issue 14 item 3.3: "Mark done" and export took unchecked model guesses without a word.
TEST_F(AnnotatorViewTest, MarkDoneAndExportAskAboutUncheckedLowConfidencePoints) {
    auto fake = test::makeFigureEstimator();
    view->setEstimatorFactory([fake] { return fake; });
    QSignalSpy done(view->preAnnotator(), &PreAnnotator::finished);
    view->preAnnotateCurrent();  // the left wrist comes back with a low score
    ASSERT_TRUE(done.wait(10000));
    QStringList questions;
    bool answer = false;
    view->setConfirmFunction([&](const QString&, const QString& question) {
        questions << question;
        return answer;
    });
    key(Qt::Key_Return, Qt::ControlModifier);  // mark done: asked, answered no
    ASSERT_EQ(questions.size(), 1);
    EXPECT_TRUE(questions[0].startsWith(QStringLiteral("1 low-confidence points in 1 images")))
        << questions[0].toStdString();
    EXPECT_NE(questions[0].indexOf(QStringLiteral("img0.png (left wrist)")), -1) << questions[0].toStdString();
    EXPECT_EQ(view->document()->edit(0).state, ImageState::InProgress);
    EXPECT_EQ(view->currentRow(), 0);
    answer = true;  // "mark it done anyway"
    key(Qt::Key_Return, Qt::ControlModifier);
    EXPECT_EQ(questions.size(), 2);
    EXPECT_EQ(view->document()->edit(0).state, ImageState::Done);
    EXPECT_EQ(view->currentRow(), 1);

    const auto out = dir / "train.json";
    answer = false;
    QString error;
    EXPECT_FALSE(view->exportTo(q(out), true, false, &error));
    EXPECT_EQ(questions.size(), 3);
    EXPECT_FALSE(std::filesystem::exists(out));  // declined: nothing written
    answer = true;
    EXPECT_TRUE(view->exportTo(q(out), true, false, &error)) << error.toStdString();
    EXPECT_EQ(readCoco(out).annotations.size(), 1u);

    // A checked point is no longer asked about.
    key(Qt::Key_PageUp);
    canvas->selectPoint(idx(Kp::LeftWrist));
    key(Qt::Key_2);
    EXPECT_TRUE(view->exportTo(q(out), true, false, &error));
    EXPECT_EQ(questions.size(), 4);
}

TEST_F(AnnotatorViewTest, CancellingABatchPreAnnotationLeavesTheRestUntouched) {
    auto fake = test::makeFigureEstimator(/*holdFirstCall=*/true);
    view->setEstimatorFactory([fake] { return fake; });
    QSignalSpy done(view->preAnnotator(), &PreAnnotator::finished);
    view->preAnnotateNotStarted();
    fake->waitUntilEntered();
    view->cancelPreAnnotation();
    fake->release();
    ASSERT_TRUE(done.wait(10000));
    EXPECT_EQ(fake->calls(), 1);  // nothing estimated after the cancel
    EXPECT_EQ(view->document()->edit(2).state, ImageState::NotStarted);
    EXPECT_EQ(view->document()->edit(1).state, ImageState::NotStarted);
}

TEST_F(AnnotatorViewTest, AMissingModelIsReportedNotCrashed) {
    view->setEstimatorFactory(
        [] { return std::shared_ptr<PoseEstimator>(PoseEstimator::open("/nonexistent/model.json")); });
    QSignalSpy done(view->preAnnotator(), &PreAnnotator::finished);
    view->preAnnotateCurrent();
    ASSERT_TRUE(done.wait(10000));
    EXPECT_EQ(done.at(0).at(0).toInt(), 0);
    EXPECT_NE(view->statusText().indexOf(QStringLiteral("/nonexistent/model.json")), -1)
        << view->statusText().toStdString();
}

TEST_F(AnnotatorViewTest, ImportsCocoAndAddLabelsByFileName) {
    CocoDataset other;
    other.categories.push_back(defaultPersonCategory());
    other.images.push_back({7, "elsewhere/img1.png", 640, 800, {}});  // twice the size
    other.images.push_back({8, "absent.png", 640, 800, {}});
    CocoAnnotation a;
    a.id = 1;
    a.imageId = 7;
    a.pose = test::figurePose(640, 800);
    other.annotations.push_back(a);
    a.id = 2;
    a.imageId = 8;
    other.annotations.push_back(a);
    writeCoco(other, dir / "other.json");
    QString error;
    ASSERT_TRUE(view->importCoco(q(dir / "other.json"), &error)) << error.toStdString();
    EXPECT_NE(view->statusText().indexOf(QStringLiteral("Imported 1 poses; 1")), -1);
    const Pose got = view->document()->edit(1).pose;
    EXPECT_NEAR(got[Kp::LeftHip].x, test::figurePose(320, 400)[Kp::LeftHip].x, 1e-3);  // rescaled
    EXPECT_EQ(view->document()->undoStack(1)->count(), 1);  // in the history of the image it changed

    // ADD: one record for img2.png.
    const nlohmann::json add = nlohmann::json::array(
        {{{"file_name", "data/images/img2.png"},
          {"width", 320},
          {"height", 400},
          {"points", {{"head", {160, 30}},         {"neck", {160, 80}},         {"nose_tip", {160, 48}},
                      {"nose_root", {160, 44}},    {"body_upper", {160, 150}},  {"arm_left", {205, 100}},
                      {"arm_right", {115, 100}},   {"elbow_left", {230, 152}},  {"elbow_right", {90, 152}},
                      {"wrist_left", {250, 200}},  {"wrist_right", {70, 200}},  {"thumb_left", {255, 205}},
                      {"thumb_right", {65, 205}},  {"leg_left", {186, 220}},    {"leg_right", {134, 220}},
                      {"knee_left", {192, 288}},   {"knee_right", {128, 288}},  {"ankle_left", {198, 360}},
                      {"ankle_right", {122, 360}}, {"tiptoe_left", {205, 380}}, {"tiptoe_right", {115, 380}}}}}});
    std::ofstream(dir / "add.json") << add.dump();
    if (!view->importAdd(q(dir / "add.json"), &error)) {
        // The ADD reader's record layout is core's; say which field it wanted.
        FAIL() << error.toStdString();
    }
    EXPECT_EQ(view->document()->edit(2).pose[Kp::LeftKnee].x, 192.f);
    EXPECT_FALSE(view->document()->edit(2).pose[Kp::LeftEye].labelled());
}

TEST_F(AnnotatorViewTest, ImportOfABrokenFileNamesItAndChangesNothing) {
    std::ofstream(dir / "bad.json") << "[1, 2";
    QString error;
    EXPECT_FALSE(view->importCoco(q(dir / "bad.json"), &error));
    EXPECT_NE(error.indexOf(QStringLiteral("bad.json")), -1);
    EXPECT_EQ(view->document()->undoStack()->count(), 0);
}

// Answers the validation report that exportTo opens, once it is up.
void answerReport(bool exportAnyway, int* errorsSeen, QStringList* findings) {
    QTimer::singleShot(0, [=] {
        auto* dialog = qobject_cast<ValidationReportDialog*>(QApplication::activeModalWidget());
        ASSERT_NE(dialog, nullptr) << "no validation report was shown";
        *errorsSeen = dialog->errorCount();
        for (int i = 0; i < dialog->issueTree()->topLevelItemCount(); ++i)
            *findings << dialog->issueTree()->topLevelItem(i)->text(3);
        if (exportAnyway)
            dialog->findChild<QPushButton*>(QStringLiteral("exportButton"))->click();
        else
            dialog->reject();
    });
}

TEST_F(AnnotatorViewTest, ExportShowsTheValidationReportFirst) {
    ImageEdit e;
    e.pose = test::figurePose(320, 400);
    std::swap(e.pose[Kp::LeftShoulder], e.pose[Kp::RightShoulder]);  // a typical slip
    e.pose[Kp::LeftAnkle].y = 450;                                   // below the 400-pixel image
    e.state = ImageState::Done;
    view->document()->pushEdit(0, e, QStringLiteral("label"));
    const auto out = dir / "train.json";
    int errors = -1;
    QStringList findings;
    answerReport(false, &errors, &findings);
    EXPECT_FALSE(view->exportTo(q(out), true));
    EXPECT_FALSE(std::filesystem::exists(out));  // cancelled: nothing written
    EXPECT_GE(errors, 1);
    EXPECT_EQ(findings.filter(QStringLiteral("left_ankle lies outside the image")).size(), 1)
        << findings.join("\n").toStdString();
    EXPECT_GE(findings.filter(QStringLiteral("left and right swapped")).size(), 1) << findings.join("\n").toStdString();
    answerReport(true, &errors, &findings);
    EXPECT_TRUE(view->exportTo(q(out), true));
    EXPECT_EQ(readCoco(out).annotations.size(), 1u);
}

// Issue 14 item 3.9: the report's rows could not be opened.
TEST_F(AnnotatorViewTest, EnterOnAReportRowOpensThatImageInsteadOfExporting) {
    ImageEdit e;
    e.pose = test::figurePose(320, 400);
    e.pose[Kp::LeftAnkle].y = 450;  // below the 400-pixel image: an error
    e.state = ImageState::Done;
    view->document()->pushEdit(1, e, QStringLiteral("label"));
    ASSERT_EQ(view->currentRow(), 0);
    bool shown = false;
    QTimer::singleShot(0, [&] {
        auto* dialog = qobject_cast<ValidationReportDialog*>(QApplication::activeModalWidget());
        ASSERT_NE(dialog, nullptr) << "no validation report was shown";
        shown = true;
        QTreeWidget* tree = dialog->issueTree();
        ASSERT_GE(tree->topLevelItemCount(), 1);
        ASSERT_EQ(tree->topLevelItem(0)->text(0), QStringLiteral("img1.png"));
        tree->setFocus();
        tree->setCurrentItem(tree->topLevelItem(0));
        QTest::keyClick(tree, Qt::Key_Return);
        if (dialog->isVisible()) dialog->reject();  // keep the test from hanging on failure
    });
    const auto out = dir / "train.json";
    EXPECT_FALSE(view->exportTo(q(out), true));
    EXPECT_TRUE(shown);
    EXPECT_EQ(view->currentRow(), 1);
    EXPECT_FALSE(std::filesystem::exists(out));  // opened the image, exported nothing
}

TEST_F(AnnotatorViewTest, SpaceDragPansWithoutPlacingAPoint) {
    QTest::keyPress(canvas, Qt::Key_Space);
    const QPoint from(300, 300), to(360, 340);
    const QPointF under = canvas->viewToImage(from);
    QTest::mousePress(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(canvas->viewport(), to);
    QTest::mouseRelease(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, to);
    QTest::keyRelease(canvas, Qt::Key_Space);
    EXPECT_NEAR(canvas->viewToImage(to).x(), under.x(), 1.5 / canvas->zoom());
    EXPECT_NEAR(canvas->viewToImage(to).y(), under.y(), 1.5 / canvas->zoom());
    EXPECT_TRUE(view->document()->dataset().annotations.empty());
    EXPECT_EQ(canvas->guidePoint(), idx(Kp::Nose));
}

// Issue 14 item 3.5: the white name beside the cursor vanished on white images.
TEST_F(AnnotatorViewTest, TheCursorLabelReadsOnAWhiteImage) {
    const QPoint cursor = canvas->imageToView(QPointF(8, 330));  // white paper, left of the legs
    QTest::mouseMove(canvas->viewport(), cursor);
    const QImage shot = canvas->viewport()->grab().toImage();
    // The label's area, right of and above the cursor: dark pixels there are its plate.
    const QRect label = QRect(cursor + QPoint(14, -22), QSize(40, 18)).intersected(shot.rect());
    ASSERT_FALSE(label.isEmpty());
    int dark = 0;
    for (int y = label.top(); y <= label.bottom(); ++y)
        for (int x = label.left(); x <= label.right(); ++x) dark += qGray(shot.pixel(x, y)) < 100;
    // Measured: 473 of 720 dark with the plate (the rest is the white text), 0 with bare white
    // text; a third leaves room for other fonts.
    EXPECT_GT(dark, label.width() * label.height() / 3) << dark << " of " << label.width() * label.height();
    shot.save(q(test::binaryDir() / "annotator-cursor-label.png"), "PNG");
}

TEST_F(AnnotatorViewTest, ScreenshotOfALabelledImage) {
    const Pose truth = test::figurePose(320, 400);
    for (std::size_t i = 0; i + 3 < kNumCocoKeypoints; ++i)
        QTest::mouseClick(canvas->viewport(), Qt::LeftButton, Qt::NoModifier, at(truth.kp[i]));
    key(Qt::Key_B);
    canvas->selectPoint(idx(Kp::LeftElbow));
    key(Qt::Key_1);
    const auto png = test::binaryDir() / "annotator-screenshot.png";
    ASSERT_TRUE(view->grab().save(q(png), "PNG"));
    EXPECT_GT(std::filesystem::file_size(png), 10000u);
    key(Qt::Key_F1);
    ASSERT_TRUE(view->grab().save(q(test::binaryDir() / "annotator-help.png"), "PNG"));
}

}  // namespace
}  // namespace refpose::annotator
