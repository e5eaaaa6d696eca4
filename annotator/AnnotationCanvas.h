#pragma once
// The annotator's canvas: the image with its skeleton, box and the next point to place.
// Wheel zooms around the cursor, middle button or space+drag pans; click places the guided
// point, drag moves a point or a box corner, Ctrl+drag draws a box. Image pixels = scene units.

#include "schema/Pose.h"

#include <QGraphicsView>

#include <optional>

class QGraphicsPixmapItem;

namespace refpose::annotator {

class AnnotationDocument;

class AnnotationCanvas : public QGraphicsView {
    Q_OBJECT
public:
    explicit AnnotationCanvas(AnnotationDocument* doc, QWidget* parent = nullptr);

    // Shows image `row` of the document (-1: none); the guide goes to its first unlabelled point.
    void setImage(int row);
    int row() const { return row_; }
    QString loadError() const { return loadError_; }

    // The COCO point the next click places (nothing when all 17 are labelled). The guide only
    // rests on a placed point when the artist chose it (point list, N): a click then moves it.
    std::optional<std::size_t> guidePoint() const { return guide_; }
    void setGuidePoint(std::size_t keypoint);
    // The banner across the top: the next point, "all placed" or why the image did not load.
    QString bannerText() const;
    // Moves the guide to the next (+1) or previous (-1) point, wrapping; skips nothing else.
    void stepGuide(int step);
    // The point the visibility keys act on: the last placed, dragged or clicked one.
    std::optional<std::size_t> selectedPoint() const { return selected_; }
    void selectPoint(std::size_t keypoint);

    // Sets the selected point's visibility (absent clears its position); confirms model guesses.
    void setSelectedVisibility(Visibility v);
    void boxFromPoints();
    void swapLeftRight();

    void fitToWindow();
    // Multiplies the zoom by `factor`, keeping the image point under `viewPos` where it is.
    void zoomAround(double factor, QPoint viewPos);
    double zoom() const;
    QPointF viewToImage(QPoint viewPos) const { return mapToScene(viewPos); }
    QPoint imageToView(QPointF imagePos) const { return mapFromScene(imagePos); }

Q_SIGNALS:
    void guideChanged();
    void selectionChanged();

protected:
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    enum class Drag { None, Point, BoxCorner, NewBox, Pan };

    Pose pose() const;
    // Records `pose` as an edit of the image shown. A box the artist has not drawn or dragged
    // follows the points (see followingBox).
    void commit(const Pose& pose, const QString& text, int mergeId = 0);
    // The box taken from the points: their tight box plus kBoxMargin, clipped to the image.
    refpose::Box boxAroundPoints(const Pose& pose) const;
    // `after` with its box following its points when the box of `before` was empty or was the
    // one taken from its points (so not drawn or dragged by the artist), and this edit leaves
    // the box alone.
    Pose followingBox(const Pose& before, Pose after) const;
    std::optional<std::size_t> pointAt(QPoint viewPos) const;
    std::optional<int> boxCornerAt(QPoint viewPos) const;
    // Starts what a left press does at a point: grab a point or corner, draw a box, or place.
    void startEdit(QPointF imagePos, QPoint viewPos, Qt::KeyboardModifiers modifiers);
    void placeGuidePoint(QPointF imagePos, Visibility v);
    void advanceGuideFrom(std::size_t keypoint);
    void dragTo(QPointF imagePos);
    void panBy(QPoint delta);
    void drawSkeleton(QPainter* p, const Pose& pose) const;
    void drawPointMarks(QPainter* p, const Pose& pose) const;
    void drawBox(QPainter* p, const refpose::Box& box) const;
    void drawGuideLabel(QPainter* p) const;

    AnnotationDocument* doc_;
    QGraphicsPixmapItem* pixmap_;
    int row_ = -1;
    QString loadError_;
    std::optional<std::size_t> guide_;
    bool guideChosen_ = false;  // set by the artist (setGuidePoint), not by advancing
    std::optional<std::size_t> selected_;
    Drag drag_ = Drag::None;
    int dragCorner_ = 0;  // 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left
    QPointF dragOrigin_;  // image position where a new box started
    QPoint lastPanPos_;
    QPoint cursorPos_;  // last mouse position in the viewport, for the guide's label
    int mergeId_ = 0;   // id of the current drag's undo commands
    bool spaceHeld_ = false;
    bool fitted_ = true;  // keep fitting on resize until the artist zooms
};

}  // namespace refpose::annotator
