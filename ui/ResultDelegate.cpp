#include "ResultDelegate.h"

#include "BodyPart.h"
#include "ResultsModel.h"
#include "SkeletonPainter.h"
#include "SkeletonState.h"

#include <QApplication>
#include <QPainter>

#include <cmath>

namespace refpose::ui {

namespace {
constexpr int kTextLines = 2;           // label and distance under the thumbnail
constexpr int kPadding = 4;             // pixels around the thumbnail
constexpr qreal kPartMargin = 0.35;     // crop margin around a matched part, share of its size
constexpr qreal kPoseOnlyMargin = 0.1;  // margin around a pose-only skeleton
}  // namespace

QRectF shownRegion(const ResultItem& item, const JointFlags& part) {
    const auto& e = item.hit.entry;
    QRectF whole(0, 0, e.imageWidth, e.imageHeight);
    if (whole.isEmpty()) whole = boundsOf(e.pose);
    if (countOn(part) >= int(kNumKeypoints)) return whole;
    QRectF r = boundsOf(e.pose, part);
    if (r.isNull() && r.width() == 0 && r.height() == 0) return whole;
    // A square around the part, so the crop fills a square cell.
    const qreal side = std::max(r.width(), r.height()) * (1 + 2 * kPartMargin) + 1;
    r = QRectF(r.center().x() - side / 2, r.center().y() - side / 2, side, side);
    return whole.isEmpty() ? r : r.intersected(whole.adjusted(-side, -side, side, side));
}

QSize ResultDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    const int text = option.fontMetrics.height() * kTextLines;
    return {side_ + 2 * kPadding, side_ + 2 * kPadding + text};
}

void ResultDelegate::paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const auto* model = qobject_cast<const ResultsModel*>(index.model());
    if (!model) return;
    const ResultItem& item = model->item(index.row());
    const auto& e = item.hit.entry;
    p->save();
    p->setRenderHint(QPainter::SmoothPixmapTransform);
    const QPalette& pal = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    const bool hovered = option.state & QStyle::State_MouseOver;
    p->fillRect(option.rect, selected ? pal.highlight() : (hovered ? pal.midlight() : pal.base()));

    const QRectF cell(option.rect.left() + kPadding, option.rect.top() + kPadding, side_, side_);
    p->fillRect(cell, pal.alternateBase());
    const bool hasImage = !item.thumbnail.isNull() && e.imageWidth > 0 && e.imageHeight > 0;
    QRectF region = hasImage ? shownRegion(item, model->part()) : boundsOf(e.pose, model->part());
    if (!hasImage) {
        const qreal side = std::max(region.width(), region.height()) * (1 + 2 * kPoseOnlyMargin) + 1;
        region = QRectF(region.center().x() - side / 2, region.center().y() - side / 2, side, side);
    }
    // Fit the region into the cell, keeping its aspect ratio.
    const qreal s = std::min(cell.width() / region.width(), cell.height() / region.height());
    const QRectF target(cell.center().x() - region.width() * s / 2, cell.center().y() - region.height() * s / 2,
                        region.width() * s, region.height() * s);
    const QTransform toCell = QTransform::fromTranslate(-region.left(), -region.top()) * QTransform::fromScale(s, s) *
                              QTransform::fromTranslate(target.left(), target.top());
    p->setClipRect(cell);
    if (hasImage) {
        // The thumbnail is the image scaled down: map the region into its pixels.
        const qreal ts = qreal(item.thumbnail.width()) / e.imageWidth;
        const QRectF src(region.left() * ts, region.top() * ts, region.width() * ts, region.height() * ts);
        p->drawImage(target, item.thumbnail, src);
    }
    SkeletonStyle style;
    style.lineWidth = 2.0;
    style.jointRadius = 2.5;
    style.drawMidpoints = false;
    paintSkeleton(*p, e.pose, toCell, model->part(), style);
    p->setClipping(false);

    const QRect textRect(option.rect.left() + kPadding, int(cell.bottom()) + 2, side_,
                         option.rect.bottom() - int(cell.bottom()) - 2);
    p->setPen(selected ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Text));
    const QString label = option.fontMetrics.elidedText(entryLabel(item.hit), Qt::ElideMiddle, side_);
    // A browsed entry has no distance (NaN): no query was compared.
    const QString dist = std::isnan(item.hit.distance) ? QString()
                                                       : tr("d = %1%2")
                                                             .arg(QString::number(item.hit.distance, 'f', 3),
                                                                  item.hit.mirrored ? tr("  mirrored") : QString());
    p->drawText(textRect, Qt::AlignHCenter | Qt::AlignTop, label + QLatin1Char('\n') + dist);
    p->restore();
}

}  // namespace refpose::ui
