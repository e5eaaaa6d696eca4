#pragma once
// How dragging one joint of the skeleton moves the figure. A limb joint turns about its parent
// (elbow about shoulder, wrist about elbow, knee about hip, ankle about knee; the nose turns the
// head about the neck), so bone lengths stay as they were, and the rest of the limb turns with
// it. A shoulder or hip moves to the cursor carrying its limb; eyes and ears move alone.
// Stretching (a modifier in the canvas) moves only the dragged joint, to the cursor.

#include "schema/Pose.h"

#include <QPointF>

namespace refpose::ui {

// `start` with COCO joint `joint` dragged towards `target` (pose units). Midpoints are derived
// again and the box recomputed; the dragged joint becomes visible with score 1 (the artist placed
// it). A limb joint whose parent is not placed moves freely.
Pose withJointDragged(const Pose& start, std::size_t joint, QPointF target, bool stretch);

}  // namespace refpose::ui
