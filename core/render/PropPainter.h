#pragma once
// Things a character holds, drawn over the hand so that they hide it and the wrist: a book,
// a round fan, a bag hanging from the hand, a bouquet.

#include "render/FigureVariety.h"
#include "render/PartPainter.h"

namespace refpose {

// Paints `kind` (not None) held in the hand past `wrist`; `along` is the forearm's unit
// direction, `scale` the body scale, `angle` the prop's turn in the hand (radians).
void paintProp(PartPainter& painter, PropKind kind, Vec2 wrist, Vec2 along, float scale, float angle,
               const cv::Scalar& colour, const cv::Scalar& accent);

}  // namespace refpose
