#pragma once
// Draws a skeleton's bones and joints the same way in every view (the annotator's canvas, the
// query canvases, result thumbnails, the hover preview): left limbs warm, right limbs cool,
// centre neutral (colourOf / edgeColour of Keypoints.h). What a view draws on top (selection
// rings, review flags, guides, labels) stays in the view.

#include "schema/Pose.h"

#include <QColor>
#include <QTransform>

#include <array>
#include <cstddef>
#include <optional>

class QPainter;

namespace refpose {

// Which keypoints are switched on; the others are drawn dimmed.
using KeypointFlags = std::array<bool, kNumKeypoints>;
inline constexpr KeypointFlags kEveryKeypoint = [] {
    KeypointFlags on{};
    on.fill(true);
    return on;
}();

// Sizes are in the painter's device-independent pixels, whatever the pose's scale.
struct SkeletonStyle {
    qreal lineWidth = 3.0;
    Qt::PenCapStyle lineCap = Qt::RoundCap;
    bool dashOccludedBones = false;  // a bone with an occluded end is a guess: dashed
    qreal jointRadius = 5.0;         // radius of a COCO joint's dot
    qreal midpointRadius = 3.0;      // midpoints are drawn smaller: they follow their endpoints
    bool drawMidpoints = true;
    // The joint's rim, dark so joints show on light and dark images alike.
    qreal rimWidth = 1.0;
    // Occluded joints as rings of their colour (rimWidth x 1.5) instead of filled dots.
    bool occludedAsRings = false;
    int dimmedAlpha = 70;  // opacity of switched-off joints and their bones
    // The selected joint's rim takes this colour instead of the dark one.
    std::optional<std::size_t> selected;
    QColor selectedRim = Qt::white;
};

// Draws the labelled bones, then the labelled joints, of `pose` mapped by `toView` into the
// painter's current coordinates. The painter's state is left as it was.
void paintSkeleton(QPainter& painter, const Pose& pose, const QTransform& toView,
                   const KeypointFlags& enabled = kEveryKeypoint, const SkeletonStyle& style = {});

}  // namespace refpose
