#pragma once
// Paints one result: its thumbnail (cropped around the matched part for partial queries), the
// library pose's skeleton over it, and the distance. Pose-only entries show the skeleton alone
// and their source id.

#include "SkeletonState.h"

#include <QStyledItemDelegate>

namespace refpose::ui {

struct ResultItem;

class ResultDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void setCellSide(int side) { side_ = side; }
    int cellSide() const { return side_; }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int side_ = 150;  // thumbnail square, device-independent pixels
};

// The rectangle of the entry's image (image pixels) shown for `part`: the whole image, or the
// matched part's joints with a margin when the query was partial.
QRectF shownRegion(const ResultItem& item, const JointFlags& part);

}  // namespace refpose::ui
