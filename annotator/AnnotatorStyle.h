#pragma once
// Colours and thresholds the annotator's views share; the keypoint colours come from the schema.

#include "SchemaColours.h"
#include "schema/Keypoints.h"
#include "schema/Pose.h"

#include <QString>

namespace refpose::annotator {

// Model scores below this flag a point for review (drawn with a red dashed ring, listed).
inline constexpr float kLowConfidence = 0.3f;
// Margin of the box taken from the points, as a share of their extent's longest side.
inline constexpr float kBoxMargin = 0.1f;

inline bool isLowConfidence(const Keypoint& k) { return k.labelled() && k.score < kLowConfidence; }

// "left_shoulder" -> "left shoulder", for the artist.
inline QString displayName(std::size_t i) {
    return QString::fromLatin1(kKeypointNames[i].data(), qsizetype(kKeypointNames[i].size()))
        .replace(QLatin1Char('_'), QLatin1Char(' '));
}

}  // namespace refpose::annotator
