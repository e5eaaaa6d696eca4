#include "PosePainter.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace refpose::ui {

QColor toQColor(Rgb c, int alpha) { return QColor(c.r, c.g, c.b, alpha); }

void paintSkeleton(QPainter& painter, const Pose& pose, const QTransform& toView,
                   const JointFlags& enabled, const SkeletonStyle& style) {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    auto at = [&](Kp k) { return toView.map(QPointF(pose[k].x, pose[k].y)); };
    for (const Edge& e : kSkeletonEdges) {
        if (!pose[e.a].labelled() || !pose[e.b].labelled()) continue;
        const bool on = enabled[idx(e.a)] && enabled[idx(e.b)];
        QPen pen(toQColor(edgeColour(e), on ? 255 : style.dimmedAlpha), style.lineWidth);
        pen.setCapStyle(Qt::RoundCap);
        painter.setPen(pen);
        painter.drawLine(at(e.a), at(e.b));
    }
    for (std::size_t i = 0; i < kNumKeypoints; ++i) {
        const Keypoint& k = pose.kp[i];
        const bool midpoint = i >= kNumCocoKeypoints;
        if (!k.labelled() || (midpoint && !style.drawMidpoints)) continue;
        const qreal r = midpoint ? style.midpointRadius : style.jointRadius;
        const int alpha = enabled[i] ? 255 : style.dimmedAlpha;
        const QColor fill = toQColor(colourOf(kKeypointSide[i]), alpha);
        // A dark rim keeps joints visible on light and dark images alike.
        painter.setPen(QPen(QColor(0, 0, 0, alpha), 1.0));
        painter.setBrush(enabled[i] ? QBrush(fill) : QBrush(Qt::NoBrush));
        painter.drawEllipse(toView.map(QPointF(k.x, k.y)), r, r);
    }
    painter.restore();
}

QRectF boundsOf(const Pose& pose, const JointFlags& mask) {
    // Computed by hand: QRectF::united ignores zero-size rectangles, i.e. single points.
    qreal x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool any = false;
    for (std::size_t i = 0; i < kNumKeypoints; ++i) {
        const Keypoint& k = pose.kp[i];
        if (!k.labelled() || !mask[i]) continue;
        x0 = any ? std::min<qreal>(x0, k.x) : k.x;
        y0 = any ? std::min<qreal>(y0, k.y) : k.y;
        x1 = any ? std::max<qreal>(x1, k.x) : k.x;
        y1 = any ? std::max<qreal>(y1, k.y) : k.y;
        any = true;
    }
    return any ? QRectF(QPointF(x0, y0), QPointF(x1, y1)) : QRectF();
}

}  // namespace refpose::ui
