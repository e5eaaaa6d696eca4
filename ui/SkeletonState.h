#pragma once
// What the skeleton canvas edits and what an undo step restores: the pose and which joints count.

#include "schema/Pose.h"

#include <QRectF>

#include <array>

namespace refpose::ui {

using JointFlags = std::array<bool, kNumKeypoints>;

// Every joint on.
JointFlags allJoints();

struct SkeletonState {
    Pose pose;
    JointFlags enabled = allJoints();
    bool operator==(const SkeletonState&) const = default;
};

// A standing figure facing the viewer (its left on the image's right), in a logical space of
// kDefaultFigureWidth x kDefaultFigureHeight units, midpoints derived.
Pose defaultStandingPose();
inline constexpr float kDefaultFigureWidth = 420.f;   // logical canvas width
inline constexpr float kDefaultFigureHeight = 640.f;  // logical canvas height

// The mean of the labelled points (the pivot of whole-figure rotations and scaling).
std::array<float, 2> centroid(const Pose& pose);

// Whole-figure edits; midpoints stay derived because every point moves by the same similarity.
Pose translated(const Pose& pose, float dx, float dy);
Pose rotated(const Pose& pose, float degrees);
Pose scaled(const Pose& pose, float factor);

// The rectangle of the labelled points among `mask` (empty when none).
QRectF boundsOf(const Pose& pose, const JointFlags& mask = allJoints());

}  // namespace refpose::ui
