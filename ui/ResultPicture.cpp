#include "ResultPicture.h"

#include "SkeletonPainter.h"
#include "SkeletonState.h"

#include <QPainter>

#include <algorithm>

namespace refpose::ui {

QImage composeResultPicture(const QImage& picture, const LibraryEntry& e, const JointFlags& part, QSizeF fit, qreal dpr,
                            const QColor& background) {
    const QSizeF logical = picture.isNull() ? QSizeF(fit.width() * 0.7, fit.height()).scaled(fit, Qt::KeepAspectRatio)
                                            : QSizeF(picture.size()).scaled(fit, Qt::KeepAspectRatio);
    QImage canvas((logical * dpr).toSize(), QImage::Format_ARGB32_Premultiplied);
    canvas.setDevicePixelRatio(dpr);
    canvas.fill(background);
    QPainter p(&canvas);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    // The pose is in the entry's image pixels; without an image, around the skeleton itself.
    const QRectF source = picture.isNull() || e.imageWidth <= 0 ? boundsOf(e.pose).adjusted(-20, -20, 20, 20)
                                                                : QRectF(0, 0, e.imageWidth, e.imageHeight);
    const qreal s = std::min(logical.width() / source.width(), logical.height() / source.height());
    const QTransform t = QTransform::fromTranslate(-source.left(), -source.top()) * QTransform::fromScale(s, s) *
                         QTransform::fromTranslate((logical.width() - source.width() * s) / 2,
                                                   (logical.height() - source.height() * s) / 2);
    if (!picture.isNull()) p.drawImage(t.mapRect(source), picture);
    paintSkeleton(p, e.pose, t, part);
    return canvas;
}

}  // namespace refpose::ui
