#include "AnnotationCanvas.h"

#include "AnnotationDocument.h"
#include "AnnotatorStyle.h"
#include "SkeletonPainter.h"

#include <QGraphicsPixmapItem>
#include <QImageReader>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

#include <cmath>

namespace refpose::annotator {
namespace {

constexpr double kPointRadiusPx = 5.0;   // drawn radius of a keypoint, in screen pixels
constexpr double kHitRadiusPx = 9.0;     // how close a press must be to grab a point or corner
constexpr double kHandleSizePx = 7.0;    // side of a box corner handle
constexpr double kWheelZoomStep = 1.25;  // zoom factor of one wheel notch (120 units)
constexpr double kMinZoom = 0.02, kMaxZoom = 64.0;
constexpr double kLineWidthPx = 2.0;

int freshMergeId() {
    static int next = 1;  // GUI thread only
    return next++;
}

QPointF cornerOf(const refpose::Box& b, int corner) {
    const float x = (corner == 1 || corner == 2) ? b.x + b.w : b.x;
    const float y = (corner >= 2) ? b.y + b.h : b.y;
    return {x, y};
}

bool sameBox(const refpose::Box& a, const refpose::Box& b) {
    constexpr float kTolerance = 1e-3f;  // pixels; the file keeps floats as they are
    return std::abs(a.x - b.x) < kTolerance && std::abs(a.y - b.y) < kTolerance && std::abs(a.w - b.w) < kTolerance &&
           std::abs(a.h - b.h) < kTolerance;
}

refpose::Box boxFromCorners(QPointF a, QPointF b) {
    const QRectF r = QRectF(a, b).normalized();
    return {float(r.x()), float(r.y()), float(r.width()), float(r.height())};
}

}  // namespace

AnnotationCanvas::AnnotationCanvas(AnnotationDocument* doc, QWidget* parent)
    : QGraphicsView(parent), doc_(doc), pixmap_(new QGraphicsPixmapItem) {
    setScene(new QGraphicsScene(this));
    scene()->addItem(pixmap_);
    pixmap_->setTransformationMode(Qt::SmoothTransformation);
    setViewportUpdateMode(FullViewportUpdate);  // the overlay is drawn in viewport coordinates too
    setTransformationAnchor(NoAnchor);
    setResizeAnchor(NoAnchor);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setBackgroundBrush(QColor(48, 48, 48));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    connect(doc_, &AnnotationDocument::imageChanged, this, [this](int r) {
        if (r != row_) return;
        // Points can be placed behind the guide's back (pre-annotation, import, undo, "absent"):
        // keep it on the first unplaced point from where it was, or on none when all are placed,
        // so a stray click never moves a placed point the artist did not choose.
        if (!guideChosen_ || !guide_)
            advanceGuideFrom(guide_ ? (*guide_ + kNumCocoKeypoints - 1) % kNumCocoKeypoints : kNumCocoKeypoints - 1);
        viewport()->update();
    });
}

void AnnotationCanvas::setImage(int row) {
    if (drag_ != Drag::None && drag_ != Drag::Pan) doc_->endInteraction();  // a drag cut short
    drag_ = Drag::None;
    row_ = row;
    loadError_.clear();
    QImage image;
    if (row >= 0) {
        QImageReader reader(doc_->imagePath(row));
        reader.setAutoTransform(true);  // EXIF orientation, as the estimator's loader does
        image = reader.read();
        if (image.isNull()) loadError_ = tr("%1: %2").arg(doc_->imagePath(row), reader.errorString());
    }
    pixmap_->setPixmap(QPixmap::fromImage(image));
    const QRectF r = row >= 0 ? QRectF(0, 0, doc_->image(row).width, doc_->image(row).height) : QRectF();
    // Room around the image so it can be panned past its edges.
    scene()->setSceneRect(r.adjusted(-r.width(), -r.height(), r.width(), r.height()));
    selected_.reset();
    guide_.reset();
    guideChosen_ = false;
    if (row >= 0) advanceGuideFrom(kNumCocoKeypoints - 1);
    fitToWindow();
    Q_EMIT selectionChanged();
}

Pose AnnotationCanvas::pose() const { return row_ >= 0 ? doc_->edit(row_).pose : Pose{}; }

refpose::Box AnnotationCanvas::boxAroundPoints(const Pose& p) const {
    const refpose::Box b = boxAroundKeypoints(p, kBoxMargin);
    if (row_ < 0 || (b.w <= 0 && b.h <= 0)) return b;
    // Clipped like a pre-annotated box: the checks flag a box reaching past the image.
    const QRectF r =
        QRectF(b.x, b.y, b.w, b.h).intersected(QRectF(0, 0, doc_->image(row_).width, doc_->image(row_).height));
    return r.isEmpty() ? b : refpose::Box{float(r.x()), float(r.y()), float(r.width()), float(r.height())};
}

Pose AnnotationCanvas::followingBox(const Pose& before, Pose after) const {
    if (!sameBox(after.box, before.box)) return after;  // this edit is of the box itself
    const bool followed = (before.box.w <= 0 && before.box.h <= 0) || sameBox(before.box, boxAroundPoints(before));
    if (followed) after.box = boxAroundPoints(after);
    return after;
}

void AnnotationCanvas::commit(const Pose& p, const QString& text, int mergeId) {
    if (row_ < 0) return;
    ImageEdit e = doc_->edit(row_);
    e.pose = followingBox(e.pose, p);
    if (e.state == ImageState::NotStarted) e.state = ImageState::InProgress;
    doc_->pushEdit(row_, e, text, mergeId);
}

void AnnotationCanvas::setGuidePoint(std::size_t k) {
    if (k >= kNumCocoKeypoints) return;
    guide_ = k;
    guideChosen_ = true;
    viewport()->update();
    Q_EMIT guideChanged();
}

void AnnotationCanvas::stepGuide(int step) {
    const int n = int(kNumCocoKeypoints);
    const int from = guide_ ? int(*guide_) : (step > 0 ? n - 1 : 0);
    setGuidePoint(std::size_t(((from + step) % n + n) % n));
}

void AnnotationCanvas::advanceGuideFrom(std::size_t k) {
    const Pose p = pose();
    const std::optional<std::size_t> before = guide_;
    guide_.reset();
    guideChosen_ = false;
    for (std::size_t s = 1; s <= kNumCocoKeypoints; ++s) {
        const std::size_t i = (k + s) % kNumCocoKeypoints;
        if (!p.kp[i].labelled()) {
            guide_ = i;
            break;
        }
    }
    viewport()->update();
    if (guide_ != before) Q_EMIT guideChanged();
}

void AnnotationCanvas::selectPoint(std::size_t k) {
    if (k >= kNumCocoKeypoints) return;
    selected_ = k;
    viewport()->update();
    Q_EMIT selectionChanged();
}

void AnnotationCanvas::setSelectedVisibility(Visibility v) {
    if (!selected_ || row_ < 0) return;
    Pose p = pose();
    Keypoint& k = p.kp[*selected_];
    if (v == Visibility::Unlabelled)
        k = Keypoint{};
    else if (!k.labelled())
        return;  // a point must be placed before it can be seen or hidden
    else {
        k.v = v;
        k.score = 1.f;  // the artist has looked at it: no longer a model guess
    }
    commit(p, tr("Set %1 %2")
                  .arg(displayName(*selected_), v == Visibility::Visible    ? tr("visible")
                                                : v == Visibility::Occluded ? tr("occluded")
                                                                            : tr("absent")));
}

void AnnotationCanvas::boxFromPoints() {
    Pose p = pose();
    const refpose::Box b = boxAroundPoints(p);
    if (b.w <= 0 && b.h <= 0) return;
    p.box = b;
    commit(p, tr("Box from points"));
}

void AnnotationCanvas::swapLeftRight() {
    Pose p = pose();
    Pose swapped = p;
    for (std::size_t i = 0; i < kNumKeypoints; ++i) swapped.kp[kFlip[i]] = p.kp[i];
    commit(swapped, tr("Swap left and right"));
}

void AnnotationCanvas::fitToWindow() {
    if (row_ < 0) return;
    fitInView(QRectF(0, 0, doc_->image(row_).width, doc_->image(row_).height), Qt::KeepAspectRatio);
    fitted_ = true;
}

double AnnotationCanvas::zoom() const { return transform().m11(); }

void AnnotationCanvas::zoomAround(double factor, QPoint viewPos) {
    const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    factor = target / zoom();
    const QPointF anchor = mapToScene(viewPos);
    scale(factor, factor);
    // Scroll so that the image point under the cursor stays under it.
    const QPointF drift = mapToScene(viewPos) - anchor;
    centerOn(mapToScene(viewport()->rect().center()) - drift);
    fitted_ = false;
}

std::optional<std::size_t> AnnotationCanvas::pointAt(QPoint viewPos) const {
    const Pose p = pose();
    std::optional<std::size_t> best;
    double bestDist = kHitRadiusPx;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        if (!p.kp[i].labelled()) continue;
        const QPointF d = QPointF(imageToView(QPointF(p.kp[i].x, p.kp[i].y))) - QPointF(viewPos);
        const double dist = std::hypot(d.x(), d.y());
        if (dist <= bestDist) {
            bestDist = dist;
            best = i;
        }
    }
    return best;
}

std::optional<int> AnnotationCanvas::boxCornerAt(QPoint viewPos) const {
    const refpose::Box b = pose().box;
    if (b.w <= 0 || b.h <= 0) return std::nullopt;
    for (int c = 0; c < 4; ++c) {
        const QPointF d = QPointF(imageToView(cornerOf(b, c))) - QPointF(viewPos);
        if (std::hypot(d.x(), d.y()) <= kHitRadiusPx) return c;
    }
    return std::nullopt;
}

void AnnotationCanvas::placeGuidePoint(QPointF at, Visibility v) {
    const std::size_t k = *guide_;
    Pose p = pose();
    p.kp[k] = Keypoint{float(at.x()), float(at.y()), 1.f, v};
    mergeId_ = freshMergeId();  // a drag right after the click refines this same step
    commit(p, tr("Place %1").arg(displayName(k)), mergeId_);
    selected_ = k;
    drag_ = Drag::Point;
    advanceGuideFrom(k);
    Q_EMIT selectionChanged();
}

void AnnotationCanvas::mousePressEvent(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    if (row_ < 0) return;
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && spaceHeld_)) {
        drag_ = Drag::Pan;
        lastPanPos_ = pos;
        viewport()->setCursor(Qt::ClosedHandCursor);
        return;
    }
    if (event->button() == Qt::RightButton) {
        // Right click toggles a point between visible and occluded.
        if (const auto hit = pointAt(pos)) {
            selectPoint(*hit);
            setSelectedVisibility(pose().kp[*hit].v == Visibility::Visible ? Visibility::Occluded
                                                                           : Visibility::Visible);
        }
        return;
    }
    if (event->button() != Qt::LeftButton) return;
    const QPointF at = viewToImage(pos);
    startEdit(at, pos, event->modifiers());
    if (drag_ != Drag::None) doc_->beginInteraction();
}

void AnnotationCanvas::startEdit(QPointF at, QPoint pos, Qt::KeyboardModifiers modifiers) {
    if (const auto hit = pointAt(pos)) {
        selectPoint(*hit);
        drag_ = Drag::Point;
        mergeId_ = freshMergeId();
    } else if (const auto corner = boxCornerAt(pos)) {
        drag_ = Drag::BoxCorner;
        dragCorner_ = *corner;
        mergeId_ = freshMergeId();
    } else if (modifiers & Qt::ControlModifier) {
        drag_ = Drag::NewBox;
        dragOrigin_ = at;
        mergeId_ = freshMergeId();
    } else if (guide_) {
        placeGuidePoint(at, (modifiers & Qt::ShiftModifier) ? Visibility::Occluded : Visibility::Visible);
    }
}

void AnnotationCanvas::dragTo(QPointF at) {
    Pose p = pose();
    switch (drag_) {
        case Drag::Point: {
            Keypoint& k = p.kp[*selected_];
            k.x = float(at.x());
            k.y = float(at.y());
            k.score = 1.f;  // moved by the artist: confirmed
            commit(p, tr("Move %1").arg(displayName(*selected_)), mergeId_);
            break;
        }
        case Drag::BoxCorner:
            p.box = boxFromCorners(at, cornerOf(p.box, (dragCorner_ + 2) % 4));
            // Corners are renumbered when the box flips over, so follow the dragged one.
            dragCorner_ = (at.x() > p.box.x + p.box.w / 2 ? 1 : 0) + (at.y() > p.box.y + p.box.h / 2 ? 2 : 0);
            dragCorner_ = dragCorner_ == 3 ? 2 : dragCorner_ == 2 ? 3 : dragCorner_;
            commit(p, tr("Adjust box"), mergeId_);
            break;
        case Drag::NewBox:
            p.box = boxFromCorners(dragOrigin_, at);
            commit(p, tr("Draw box"), mergeId_);
            break;
        default:
            break;
    }
}

void AnnotationCanvas::mouseMoveEvent(QMouseEvent* event) {
    cursorPos_ = event->position().toPoint();
    if (drag_ == Drag::Pan) {
        panBy(cursorPos_ - lastPanPos_);
        lastPanPos_ = cursorPos_;
    } else if (drag_ != Drag::None) {
        dragTo(viewToImage(cursorPos_));
    }
    viewport()->update();
}

void AnnotationCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (drag_ != Drag::None && drag_ != Drag::Pan) {
        dragTo(viewToImage(event->position().toPoint()));
        doc_->endInteraction();  // saves the drag's result
    }
    drag_ = Drag::None;
    viewport()->setCursor(spaceHeld_ ? Qt::OpenHandCursor : Qt::CrossCursor);
}

void AnnotationCanvas::panBy(QPoint delta) {
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
    verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
    fitted_ = false;
}

void AnnotationCanvas::wheelEvent(QWheelEvent* event) {
    const double notches = event->angleDelta().y() / 120.0;
    if (notches != 0) zoomAround(std::pow(kWheelZoomStep, notches), event->position().toPoint());
    event->accept();
}

void AnnotationCanvas::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Space) {
        if (!event->isAutoRepeat()) spaceHeld_ = true;
        viewport()->setCursor(Qt::OpenHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void AnnotationCanvas::keyReleaseEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        spaceHeld_ = false;
        viewport()->setCursor(Qt::CrossCursor);
        event->accept();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

void AnnotationCanvas::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    if (fitted_) fitToWindow();
}

void AnnotationCanvas::drawForeground(QPainter* painter, const QRectF&) {
    if (row_ < 0) return;
    const Pose p = pose();
    painter->setRenderHint(QPainter::Antialiasing);
    drawBox(painter, p.box);
    drawSkeleton(painter, p);
    drawPointMarks(painter, p);
    drawGuideLabel(painter);
}

void AnnotationCanvas::drawSkeleton(QPainter* painter, const Pose& p) const {
    SkeletonStyle style;
    style.lineWidth = kLineWidthPx;
    style.lineCap = Qt::SquareCap;
    style.dashOccludedBones = true;
    style.jointRadius = kPointRadiusPx;
    style.drawMidpoints = false;  // the annotator labels the 17 COCO points only
    style.rimWidth = kLineWidthPx;
    style.occludedAsRings = true;
    style.selected = selected_;
    // The painter draws in viewport pixels, so lines and dots keep their size at every zoom.
    const QTransform sceneToViewport = painter->worldTransform();
    painter->save();
    painter->resetTransform();
    paintSkeleton(*painter, p, sceneToViewport, kEveryKeypoint, style);
    painter->restore();
}

// On top of the skeleton: a red dashed ring flags a model guess to review, a yellow ring the
// guided point when it already has a position (a model guess).
void AnnotationCanvas::drawPointMarks(QPainter* painter, const Pose& p) const {
    const double r = kPointRadiusPx / zoom();
    painter->setBrush(Qt::NoBrush);
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        const Keypoint& k = p.kp[i];
        if (!k.labelled()) continue;
        const QPointF c(k.x, k.y);
        if (isLowConfidence(k)) {
            QPen flag(QColor(230, 30, 30), kLineWidthPx, Qt::DashLine);
            flag.setCosmetic(true);
            painter->setPen(flag);
            painter->drawEllipse(c, 2.2 * r, 2.2 * r);
        }
        if (guide_ == i) {
            QPen ring(Qt::yellow, kLineWidthPx);
            ring.setCosmetic(true);
            painter->setPen(ring);
            painter->drawEllipse(c, 3 * r, 3 * r);
        }
    }
}

void AnnotationCanvas::drawBox(QPainter* painter, const refpose::Box& b) const {
    if (b.w <= 0 || b.h <= 0) return;
    QPen pen(QColor(255, 230, 0), 1.5, Qt::DashLine);
    pen.setCosmetic(true);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(QRectF(b.x, b.y, b.w, b.h));
    const double h = kHandleSizePx / zoom();
    painter->setBrush(QColor(255, 230, 0));
    for (int c = 0; c < 4; ++c) {
        const QPointF at = cornerOf(b, c);
        painter->drawRect(QRectF(at.x() - h / 2, at.y() - h / 2, h, h));
    }
}

QString AnnotationCanvas::bannerText() const {
    if (!loadError_.isEmpty()) return loadError_;
    if (row_ < 0) return {};
    if (!guide_) return tr("All points placed: drag to adjust, Ctrl+Enter when done");
    if (pose().kp[*guide_].labelled()) return tr("Click to move: %1").arg(displayName(*guide_));
    return tr("Next: %1").arg(displayName(*guide_));
}

void AnnotationCanvas::drawGuideLabel(QPainter* painter) const {
    painter->save();
    painter->resetTransform();  // viewport pixels from here
    const QString text = bannerText();
    QFont f = painter->font();
    f.setPointSizeF(f.pointSizeF() * 1.3);
    f.setBold(true);
    painter->setFont(f);
    const QRect band(0, 0, viewport()->width(), painter->fontMetrics().height() + 10);
    painter->fillRect(band, QColor(0, 0, 0, 150));
    painter->setPen(guide_ ? keypointColour(*guide_) : QColor(Qt::white));
    painter->drawText(band.adjusted(10, 0, -10, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
    if (guide_ && viewport()->rect().contains(cursorPos_) && drag_ == Drag::None) {
        // White on a dark plate, so it reads on white paper as on dark paintings.
        const QString name = displayName(*guide_);
        const QPoint origin = cursorPos_ + QPoint(14, -8);
        const QRect plate = painter->fontMetrics().boundingRect(name).translated(origin).adjusted(-5, -3, 5, 3);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0, 0, 0, 190));
        painter->drawRoundedRect(plate, 4, 4);
        painter->setPen(Qt::white);
        painter->drawText(origin, name);
    }
    painter->restore();
}

}  // namespace refpose::annotator
