#pragma once
// Draws a skeleton the same way everywhere (canvas, image overlay, result thumbnails):
// left limbs warm, right limbs cool, centre neutral (colourOf / edgeColour of Keypoints.h).

#include "SkeletonState.h"

#include <QColor>
#include <QRectF>
#include <QTransform>

class QPainter;

namespace refpose::ui {

QColor toQColor(Rgb c, int alpha = 255);

struct SkeletonStyle {
    qreal lineWidth = 3.0;      // device-independent pixels
    qreal jointRadius = 5.0;    // radius of a COCO joint's dot
    qreal midpointRadius = 3.0; // midpoints are drawn smaller: they follow their endpoints
    bool drawMidpoints = true;
    int dimmedAlpha = 70;       // opacity of switched-off joints and their edges
};

// Draws `pose` mapped by `toView`; joints off in `enabled` are drawn dimmed.
void paintSkeleton(QPainter& painter, const Pose& pose, const QTransform& toView,
                   const JointFlags& enabled = allJoints(), const SkeletonStyle& style = {});

// The rectangle of the labelled points among `mask` (empty when none).
QRectF boundsOf(const Pose& pose, const JointFlags& mask = allJoints());

}  // namespace refpose::ui
