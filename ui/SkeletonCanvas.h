#pragma once
// An editable skeleton, alone (query by skeleton) or over an image (an estimate to correct).
// Estimated joints below the confidence bar are drawn with a dashed ring (the search leaves them
// out); the joint dragged by the artist becomes certain.
// Left-drag a joint to turn its limb about the parent joint, keeping bone lengths (JointDrag.h;
// Shift+drag stretches: the joint alone goes to the cursor); a dragged joint stays inside the
// canvas. Ctrl+wheel zooms the view about the cursor, middle-drag pans it, Ctrl+0 fits it again
// (small characters in big images). Left-drag elsewhere moves the figure,
// Shift+drag rotates it, Ctrl+drag or the wheel scales it; right-click a joint switches it
// off or on. Every edit goes through the QUndoStack; a drag is one undo step.
// Keyboard: Tab / Shift+Tab select the next / previous placed joint (drawn with a ring; a
// click on a joint selects it too), the arrow keys nudge the selected joint by 1 pose unit
// (an image pixel over an image), Shift+arrow by 10; each press is one undo step, and a held
// key's auto-repeats merge into the press's step, like a drag.

#include "SkeletonState.h"

#include <QImage>
#include <QWidget>

#include <optional>

class QUndoStack;

namespace refpose::ui {

class SkeletonCanvas : public QWidget {
    Q_OBJECT
public:
    explicit SkeletonCanvas(QUndoStack* undoStack, QWidget* parent = nullptr);

    const SkeletonState& state() const { return state_; }
    // Replaces the state as one undoable edit (reset, "more like this", a new estimate).
    void setStateUndoable(const SkeletonState& state, const QString& text);
    // Replaces the state without an undo step (the initial figure, a new image's estimate, whose
    // edits start a fresh history). Emits stateChanged like every change, so a search follows.
    void setStateWithoutUndo(const SkeletonState& state);

    // The picture under the skeleton (query by image); a null image shows the skeleton alone.
    void setBackground(const QImage& image);
    const QImage& background() const { return background_; }
    // An extra rectangle drawn under the skeleton, in pose coordinates (the estimated box).
    void setBoxOverlay(std::optional<QRectF> box);
    // The joints of the body part a query searches on, drawn with a halo (all on: no halo).
    void setHighlightedPart(const JointFlags& part);
    const JointFlags& highlightedPart() const { return highlight_; }

    // Whole-figure edits (toolbar and keyboard), each one undo step.
    void rotateBy(float degrees);
    void scaleBy(float factor);
    void moveBy(float dx, float dy);
    void toggleJoint(std::size_t joint);

    // The joint the keyboard acts on (none until a click or Tab selects one).
    std::optional<std::size_t> selectedJoint() const { return selected_; }
    void selectJoint(std::optional<std::size_t> joint);
    // Moves the selected joint by (dx, dy) pose units as one undo step (merged with the
    // previous nudge when `continuing`, a held key's auto-repeat).
    void nudgeSelected(float dx, float dy, bool continuing = false);

    // The view (not the figure): Ctrl+wheel zooms about the cursor (1x to 8x the fitted view),
    // middle-drag pans, Ctrl+0 fits the whole space again. For small characters in big images.
    void zoomViewAt(QPointF widgetPos, qreal factor);
    void panView(QPointF widgetDelta);
    void resetView();
    qreal viewZoom() const { return zoom_; }

    // Mapping between pose coordinates and widget pixels (tests use it to aim the mouse).
    QTransform poseToWidget() const;
    QPointF widgetPosOf(Kp k) const;

    QSize sizeHint() const override { return {420, 620}; }

Q_SIGNALS:
    // Emitted on every change, including each mouse move of a drag (the search compresses).
    void stateChanged(const refpose::ui::SkeletonState& state);

protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void wheelEvent(QWheelEvent*) override;
    void keyPressEvent(QKeyEvent*) override;
    bool event(QEvent*) override;

private:
    enum class DragMode { None, Joint, Move, Rotate, Scale, Pan };
    void applyState(const SkeletonState& s);
    void pushEdit(const SkeletonState& after, const QString& text, bool merging);
    std::optional<std::size_t> jointAt(QPointF widgetPos) const;
    SkeletonState withJointMoved(const SkeletonState& from, std::size_t joint, QPointF target, bool stretch) const;
    void paintPartHalo(QPainter& p, const QTransform& t) const;
    void paintDoubtfulJoints(QPainter& p, const QTransform& t) const;
    QString moveJointText(std::size_t joint) const;
    void cycleSelection(int step);
    QRectF logicalRect() const;

    QUndoStack* undo_;
    SkeletonState state_;
    QImage background_;
    std::optional<QRectF> box_;
    JointFlags highlight_ = allJoints();
    qreal zoom_ = 1.0;                   // the view's zoom over the fitted space
    std::optional<QPointF> viewCentre_;  // pose point at the widget's centre; none: the space's
    DragMode drag_ = DragMode::None;
    std::size_t dragJoint_ = 0;
    SkeletonState dragStart_;
    QPointF pressPos_;
    int dragSerial_ = 0;
    std::optional<std::size_t> selected_;  // increments per drag: commands of one drag merge
};

}  // namespace refpose::ui
