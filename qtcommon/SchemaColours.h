#pragma once
// The keypoint schema's colours (schema/Keypoints.h) as Qt colours, for every Qt view: the
// annotator's and the main window's.

#include "schema/Keypoints.h"

#include <QColor>

#include <cstddef>

namespace refpose {

inline QColor toQColor(Rgb c, int alpha = 255) { return QColor(c.r, c.g, c.b, alpha); }
inline QColor keypointColour(std::size_t i, int alpha = 255) { return toQColor(colourOf(kKeypointSide[i]), alpha); }

}  // namespace refpose
