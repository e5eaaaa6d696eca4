#include "SkeletonPainter.h"

#include "SchemaColours.h"

#include <QPainter>

namespace refpose {
namespace {

void paintBones(QPainter& painter, const Pose& pose, const QTransform& toView, const KeypointFlags& enabled,
                const SkeletonStyle& style) {
    for (const Edge& e : kSkeletonEdges) {
        const Keypoint& a = pose[e.a];
        const Keypoint& b = pose[e.b];
        if (!a.labelled() || !b.labelled()) continue;
        const bool on = enabled[idx(e.a)] && enabled[idx(e.b)];
        QPen pen(toQColor(edgeColour(e), on ? 255 : style.dimmedAlpha), style.lineWidth);
        pen.setCapStyle(style.lineCap);
        if (style.dashOccludedBones && (a.v == Visibility::Occluded || b.v == Visibility::Occluded))
            pen.setStyle(Qt::DashLine);
        painter.setPen(pen);
        painter.drawLine(toView.map(QPointF(a.x, a.y)), toView.map(QPointF(b.x, b.y)));
    }
}

void paintJoint(QPainter& painter, std::size_t i, const Keypoint& k, const QTransform& toView, bool on,
                const SkeletonStyle& style) {
    const qreal r = i >= kNumCocoKeypoints ? style.midpointRadius : style.jointRadius;
    const int alpha = on ? 255 : style.dimmedAlpha;
    const QColor fill = keypointColour(i, alpha);
    if (style.occludedAsRings && k.v == Visibility::Occluded) {
        painter.setPen(QPen(fill, style.rimWidth * 1.5));
        painter.setBrush(Qt::NoBrush);
    } else {
        painter.setPen(QPen(style.selected == i ? style.selectedRim : QColor(0, 0, 0, alpha), style.rimWidth));
        painter.setBrush(on ? QBrush(fill) : QBrush(Qt::NoBrush));
    }
    painter.drawEllipse(toView.map(QPointF(k.x, k.y)), r, r);
}

}  // namespace

void paintSkeleton(QPainter& painter, const Pose& pose, const QTransform& toView, const KeypointFlags& enabled,
                   const SkeletonStyle& style) {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    paintBones(painter, pose, toView, enabled, style);
    const std::size_t joints = style.drawMidpoints ? kNumKeypoints : kNumCocoKeypoints;
    for (std::size_t i = 0; i < joints; ++i)
        if (pose.kp[i].labelled()) paintJoint(painter, i, pose.kp[i], toView, enabled[i], style);
    painter.restore();
}

}  // namespace refpose
