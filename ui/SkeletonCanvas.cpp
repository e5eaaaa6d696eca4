#include "SkeletonCanvas.h"

#include "JointDrag.h"
#include "PoseEditCommand.h"
#include "SchemaColours.h"
#include "SkeletonPainter.h"
#include "retrieval/PoseDescriptor.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QUndoStack>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace refpose::ui {

namespace {
constexpr qreal kHitRadius = 10.0;            // pixels around a joint that grab it
constexpr qreal kViewMargin = 12.0;           // pixels between the figure's space and the border
constexpr float kWheelScaleStep = 1.1f;       // zoom factor per wheel notch
constexpr float kDragScalePerPixel = 0.005f;  // Ctrl+drag: relative size change per pixel
constexpr float kNudgeStep = 1.f;             // arrow key: pose units per press
constexpr float kBigNudgeStep = 10.f;         // Shift+arrow
constexpr qreal kSelectionRing = 9.0;         // pixels: radius of the selected joint's ring
constexpr qreal kHaloWidth = 14.0;            // pixels: the highlighted part's halo around bones
constexpr int kHaloAlpha = 90;                // its opacity (of 255): the skeleton shows through
constexpr qreal kDoubtRing = 8.0;             // pixels: radius of a doubtful joint's dashed ring
constexpr qreal kMaxViewZoom = 8.0;           // Ctrl+wheel: closest view, times the fitted one
}  // namespace

SkeletonCanvas::SkeletonCanvas(QUndoStack* undoStack, QWidget* parent) : QWidget(parent), undo_(undoStack) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(200, 260);
    state_.pose = defaultStandingPose();
}

void SkeletonCanvas::setStateWithoutUndo(const SkeletonState& state) { applyState(state); }

void SkeletonCanvas::setStateUndoable(const SkeletonState& state, const QString& text) { pushEdit(state, text, false); }

void SkeletonCanvas::setBackground(const QImage& image) {
    background_ = image;
    resetView();  // a new picture starts fitted
}

void SkeletonCanvas::setBoxOverlay(std::optional<QRectF> box) {
    box_ = box;
    update();
}

void SkeletonCanvas::setHighlightedPart(const JointFlags& part) {
    highlight_ = part;
    update();
}

void SkeletonCanvas::rotateBy(float degrees) {
    SkeletonState s = state_;
    s.pose = rotated(s.pose, degrees);
    pushEdit(s, tr("Rotate figure"), false);
}

void SkeletonCanvas::scaleBy(float factor) {
    SkeletonState s = state_;
    s.pose = scaled(s.pose, factor);
    pushEdit(s, tr("Scale figure"), false);
}

void SkeletonCanvas::moveBy(float dx, float dy) {
    SkeletonState s = state_;
    s.pose = translated(s.pose, dx, dy);
    pushEdit(s, tr("Move figure"), false);
}

void SkeletonCanvas::toggleJoint(std::size_t joint) {
    if (joint >= kNumKeypoints) return;
    SkeletonState s = state_;
    s.enabled[joint] = !s.enabled[joint];
    // A midpoint counts only when its limb's endpoints do.
    for (const auto& m : kMidpoints) s.enabled[idx(m.midpoint)] = s.enabled[idx(m.a)] && s.enabled[idx(m.b)];
    pushEdit(s, s.enabled[joint] ? tr("Switch joint on") : tr("Switch joint off"), false);
}

void SkeletonCanvas::selectJoint(std::optional<std::size_t> joint) {
    if (joint && *joint >= kNumCocoKeypoints) return;
    selected_ = joint;
    update();
}

void SkeletonCanvas::nudgeSelected(float dx, float dy, bool continuing) {
    if (!selected_ || !state_.pose.kp[*selected_].labelled()) return;
    if (!continuing) ++dragSerial_;
    const Keypoint& k = state_.pose.kp[*selected_];
    pushEdit(withJointMoved(state_, *selected_, QPointF(k.x + dx, k.y + dy), true), moveJointText(*selected_), true);
}

// Tab order: the COCO joints in schema order, skipping unplaced ones, wrapping around.
void SkeletonCanvas::cycleSelection(int step) {
    const int n = int(kNumCocoKeypoints);
    int i = selected_ ? int(*selected_) : (step > 0 ? -1 : n);
    for (int tries = 0; tries < n; ++tries) {
        i = ((i + step) % n + n) % n;
        if (state_.pose.kp[std::size_t(i)].labelled()) {
            selectJoint(std::size_t(i));
            return;
        }
    }
}

// `from` with a joint moved (JointDrag.h), the target kept inside the canvas's space so that
// the joint can always be grabbed again.
SkeletonState SkeletonCanvas::withJointMoved(const SkeletonState& from, std::size_t joint, QPointF target,
                                             bool stretch) const {
    const QRectF space = logicalRect();
    target.setX(std::clamp(target.x(), space.left(), space.right()));
    target.setY(std::clamp(target.y(), space.top(), space.bottom()));
    SkeletonState s = from;
    s.pose = withJointDragged(from.pose, joint, target, stretch);
    return s;
}

QString SkeletonCanvas::moveJointText(std::size_t joint) const {
    return tr("Move %1").arg(
        QString::fromLatin1(kKeypointNames[joint].data(), qsizetype(kKeypointNames[joint].size())));
}

void SkeletonCanvas::applyState(const SkeletonState& s) {
    state_ = s;
    update();
    Q_EMIT stateChanged(state_);
}

void SkeletonCanvas::pushEdit(const SkeletonState& after, const QString& text, bool merging) {
    if (after == state_) return;
    auto apply = [this](const SkeletonState& s) { applyState(s); };
    const int serial = merging ? dragSerial_ : PoseEditCommand::kNoMerge;
    if (undo_)
        undo_->push(new PoseEditCommand(apply, state_, after, text, serial));
    else
        applyState(after);
}

QRectF SkeletonCanvas::logicalRect() const {
    if (!background_.isNull()) return QRectF(QPointF(0, 0), QSizeF(background_.size()));
    return QRectF(0, 0, kDefaultFigureWidth, kDefaultFigureHeight);
}

// The whole space fitted into the widget, times the view's zoom, with the view's centre (pose
// units; the space's centre when not zoomed) in the middle of the widget.
QTransform SkeletonCanvas::poseToWidget() const {
    const QRectF src = logicalRect();
    const QRectF dst = QRectF(rect()).adjusted(kViewMargin, kViewMargin, -kViewMargin, -kViewMargin);
    if (src.isEmpty() || dst.isEmpty()) return {};
    const qreal s = std::min(dst.width() / src.width(), dst.height() / src.height()) * zoom_;
    const QPointF centre = viewCentre_.value_or(src.center());
    return QTransform(s, 0, 0, s, dst.center().x() - centre.x() * s, dst.center().y() - centre.y() * s);
}

void SkeletonCanvas::zoomViewAt(QPointF widgetPos, qreal factor) {
    bool invertible = false;
    const QPointF under = poseToWidget().inverted(&invertible).map(widgetPos);
    if (!invertible) return;
    zoom_ = std::clamp(zoom_ * factor, 1.0, kMaxViewZoom);
    if (zoom_ == 1.0) {
        resetView();
        return;
    }
    // Keep the pose point under the cursor where it is.
    viewCentre_ = logicalRect().center();
    const QPointF drift = poseToWidget().map(under) - widgetPos;
    panView(-drift);
}

void SkeletonCanvas::panView(QPointF widgetDelta) {
    const qreal s = poseToWidget().m11();
    if (s <= 0) return;
    viewCentre_ = viewCentre_.value_or(logicalRect().center()) - widgetDelta / s;
    update();
}

void SkeletonCanvas::resetView() {
    zoom_ = 1.0;
    viewCentre_.reset();
    update();
}

QPointF SkeletonCanvas::widgetPosOf(Kp k) const {
    return poseToWidget().map(QPointF(state_.pose[k].x, state_.pose[k].y));
}

std::optional<std::size_t> SkeletonCanvas::jointAt(QPointF pos) const {
    const QTransform t = poseToWidget();
    std::optional<std::size_t> best;
    qreal bestD = kHitRadius;
    // Only the 17 COCO joints are handles: midpoints follow their endpoints.
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        const Keypoint& k = state_.pose.kp[i];
        if (!k.labelled()) continue;
        const qreal d = QLineF(t.map(QPointF(k.x, k.y)), pos).length();
        if (d <= bestD) {
            bestD = d;
            best = i;
        }
    }
    return best;
}

void SkeletonCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    const QTransform t = poseToWidget();
    const QRectF area = t.mapRect(logicalRect());
    if (!background_.isNull()) {
        p.drawImage(area, background_);
    } else {
        // A faint frame shows the figure's space, in the palette's colours (light or dark).
        p.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DashLine));
        p.setBrush(palette().color(QPalette::Base));
        p.drawRect(area);
    }
    if (box_) {
        p.setPen(QPen(toQColor(kCentreColour), 2, Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(t.mapRect(*box_));
    }
    paintPartHalo(p, t);
    paintSkeleton(p, state_.pose, t, state_.enabled);
    paintDoubtfulJoints(p, t);
    if (selected_ && state_.pose.kp[*selected_].labelled()) {
        // Two rings, dark inside light, so the selection shows on any picture.
        const QPointF c = t.map(QPointF(state_.pose.kp[*selected_].x, state_.pose.kp[*selected_].y));
        p.setRenderHint(QPainter::Antialiasing);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(Qt::white, 3));
        p.drawEllipse(c, kSelectionRing + 2, kSelectionRing + 2);
        p.setPen(QPen(palette().color(QPalette::Highlight), 2));
        p.drawEllipse(c, kSelectionRing, kSelectionRing);
    }
}

// A wide translucent stroke under the bones and joints of the highlighted part, in the palette's
// highlight colour, so the artist sees what a part query compares.
void SkeletonCanvas::paintPartHalo(QPainter& p, const QTransform& t) const {
    if (highlight_ == allJoints()) return;
    QColor halo = palette().color(QPalette::Highlight);
    halo.setAlpha(kHaloAlpha);
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(halo, kHaloWidth, Qt::SolidLine, Qt::RoundCap));
    const auto placed = [&](Kp k) { return highlight_[idx(k)] && state_.pose[k].labelled(); };
    const auto at = [&](Kp k) { return t.map(QPointF(state_.pose[k].x, state_.pose[k].y)); };
    for (const auto& [a, b] : kSkeletonEdges)
        if (placed(a) && placed(b)) p.drawLine(at(a), at(b));
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i)
        if (placed(static_cast<Kp>(i))) p.drawPoint(at(static_cast<Kp>(i)));
    p.restore();
}

// A dashed ring around each estimated joint below the confidence bar: the search leaves it out
// until the artist drags it (which makes it certain).
void SkeletonCanvas::paintDoubtfulJoints(QPainter& p, const QTransform& t) const {
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(Qt::NoBrush);
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        const Keypoint& k = state_.pose.kp[i];
        if (!k.labelled() || k.score >= kDefaultMinJointScore) continue;
        const QPointF c = t.map(QPointF(k.x, k.y));
        p.setPen(QPen(Qt::black, 3));
        p.drawEllipse(c, kDoubtRing, kDoubtRing);
        p.setPen(QPen(QColor(255, 200, 0), 2, Qt::DashLine));  // amber over black: seen on any picture
        p.drawEllipse(c, kDoubtRing, kDoubtRing);
    }
    p.restore();
}

// Tab and Shift+Tab cycle the joints here instead of moving the focus out of the canvas.
bool SkeletonCanvas::event(QEvent* e) {
    if (e->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(e);
        const bool plain = (key->modifiers() & ~(Qt::ShiftModifier | Qt::KeypadModifier)) == 0;
        if (plain && (key->key() == Qt::Key_Tab || key->key() == Qt::Key_Backtab)) {
            const bool backwards = key->key() == Qt::Key_Backtab || (key->modifiers() & Qt::ShiftModifier);
            cycleSelection(backwards ? -1 : 1);
            return true;
        }
    }
    return QWidget::event(e);
}

void SkeletonCanvas::keyPressEvent(QKeyEvent* e) {
    if (e->key() == Qt::Key_0 && (e->modifiers() & Qt::ControlModifier)) {
        resetView();
        return;
    }
    const float step = (e->modifiers() & Qt::ShiftModifier) ? kBigNudgeStep : kNudgeStep;
    float dx = 0, dy = 0;
    switch (e->key()) {
        case Qt::Key_Left:
            dx = -step;
            break;
        case Qt::Key_Right:
            dx = step;
            break;
        case Qt::Key_Up:
            dy = -step;
            break;
        case Qt::Key_Down:
            dy = step;
            break;
        default:
            QWidget::keyPressEvent(e);
            return;
    }
    if (!selected_) {
        e->ignore();  // nothing to nudge: let the window have the key
        return;
    }
    nudgeSelected(dx, dy, e->isAutoRepeat());
}

void SkeletonCanvas::mousePressEvent(QMouseEvent* e) {
    const QPointF pos = e->position();
    const auto joint = jointAt(pos);
    if (e->button() == Qt::RightButton) {
        if (joint) toggleJoint(*joint);
        return;
    }
    if (e->button() == Qt::MiddleButton) {  // pans the view (no edit)
        drag_ = DragMode::Pan;
        pressPos_ = pos;
        return;
    }
    if (e->button() != Qt::LeftButton) return;
    ++dragSerial_;
    dragStart_ = state_;
    pressPos_ = pos;
    if (joint) {
        drag_ = DragMode::Joint;
        dragJoint_ = *joint;
        selectJoint(*joint);
    } else if (e->modifiers() & Qt::ShiftModifier) {
        drag_ = DragMode::Rotate;
    } else if (e->modifiers() & Qt::ControlModifier) {
        drag_ = DragMode::Scale;
    } else {
        drag_ = DragMode::Move;
    }
}

void SkeletonCanvas::mouseMoveEvent(QMouseEvent* e) {
    const QPointF pos = e->position();
    if (drag_ == DragMode::None) {
        setCursor(jointAt(pos) ? Qt::PointingHandCursor : Qt::OpenHandCursor);
        return;
    }
    if (drag_ == DragMode::Pan) {
        panView(pos - pressPos_);
        pressPos_ = pos;
        return;
    }
    bool invertible = false;
    const QTransform toPose = poseToWidget().inverted(&invertible);
    if (!invertible) return;
    SkeletonState s = dragStart_;
    const QPointF now = toPose.map(pos), start = toPose.map(pressPos_);
    switch (drag_) {
        case DragMode::Joint: {
            // From the drag's start, so that a turned limb never drifts in length.
            const bool stretch = e->modifiers() & Qt::ShiftModifier;
            pushEdit(withJointMoved(dragStart_, dragJoint_, now, stretch), moveJointText(dragJoint_), true);
            break;
        }
        case DragMode::Move:
            s.pose = translated(s.pose, float(now.x() - start.x()), float(now.y() - start.y()));
            pushEdit(s, tr("Move figure"), true);
            break;
        case DragMode::Rotate: {
            const auto [cx, cy] = centroid(s.pose);
            const qreal a0 = std::atan2(start.y() - cy, start.x() - cx);
            const qreal a1 = std::atan2(now.y() - cy, now.x() - cx);
            s.pose = rotated(s.pose, float((a1 - a0) * 180.0 / std::numbers::pi));
            pushEdit(s, tr("Rotate figure"), true);
            break;
        }
        case DragMode::Scale: {
            const float f = std::exp(float(pressPos_.y() - pos.y()) * kDragScalePerPixel);
            s.pose = scaled(s.pose, f);
            pushEdit(s, tr("Scale figure"), true);
            break;
        }
        case DragMode::None:
        case DragMode::Pan:
            break;
    }
}

void SkeletonCanvas::mouseReleaseEvent(QMouseEvent*) { drag_ = DragMode::None; }

void SkeletonCanvas::wheelEvent(QWheelEvent* e) {
    const int notches = e->angleDelta().y() / 120;
    if (notches == 0) return;
    if (e->modifiers() & Qt::ControlModifier) {  // the view, not the figure
        zoomViewAt(e->position(), std::pow(kWheelScaleStep, notches));
        return;
    }
    // Each wheel event is its own undo step.
    ++dragSerial_;
    SkeletonState s = state_;
    s.pose = scaled(s.pose, std::pow(kWheelScaleStep, float(notches)));
    pushEdit(s, tr("Scale figure"), true);
}

}  // namespace refpose::ui
