#pragma once
// Body proportions shared by the figure renderer and the skeleton sources: one body scale,
// the head's frame, and the synthesis of head keypoints that a skeleton lacks (ADD has no
// eyes or ears). Keeping them in one place makes the synthesised points land exactly where
// the renderer draws the eyes and ears.

#include "schema/Pose.h"

#include <cmath>

namespace refpose {

// A 2-D point or direction in image pixels (x right, y down).
struct Vec2 {
    float x = 0, y = 0;
};
inline Vec2 operator+(Vec2 a, Vec2 b) { return {a.x + b.x, a.y + b.y}; }
inline Vec2 operator-(Vec2 a, Vec2 b) { return {a.x - b.x, a.y - b.y}; }
inline Vec2 operator*(Vec2 a, float s) { return {a.x * s, a.y * s}; }
inline float dot(Vec2 a, Vec2 b) { return a.x * b.x + a.y * b.y; }
inline float length(Vec2 a) { return std::sqrt(dot(a, a)); }
inline Vec2 midpoint(Vec2 a, Vec2 b) { return (a + b) * 0.5f; }
// `a` scaled to unit length, or `fallback` when `a` is too short to have a direction.
inline Vec2 normalised(Vec2 a, Vec2 fallback) {
    const float l = length(a);
    return l > 1e-3f ? a * (1.f / l) : fallback;
}
inline Vec2 pointOf(const Pose& p, Kp k) { return {p[k].x, p[k].y}; }

// Head radius as a share of the body scale (anime heads are large: ~1/5 of the height).
inline constexpr float kHeadRadiusPerScale = 0.37f;

// The head's frame in image pixels: centre, radius, `up` (unit, from the neck to the crown) and
// `left` (unit, perpendicular to up, pointing to the character's left side).
struct HeadFrame {
    Vec2 centre, up, left;
    float radius = 0;
};

// True when the 12 shoulder/elbow/wrist/hip/knee/ankle points are labelled (the renderer
// needs them; the head points may be synthesised).
bool hasBodyKeypoints(const Pose& pose);

// The figure's length unit: the torso length, guarded against foreshortening by the shoulder
// width and the leg lengths. Needs hasBodyKeypoints(pose).
float bodyScale(const Pose& pose);

// Fills the unlabelled ones among nose, eyes and ears from the labelled head points, the
// shoulders and the body scale (a face looking at the viewer). Labelled points stay untouched.
// Needs hasBodyKeypoints(pose).
void completeHeadKeypoints(Pose& pose);

// The head the renderer draws for a pose whose 17 COCO points are labelled.
HeadFrame headFrameOf(const Pose& pose);

// +1 when the character's left side is the far one (drawn first), -1 when the right side is.
// From the nose's sideways offset: a body turning to its left shows its nose on that side.
int farSideSign(const Pose& pose);

}  // namespace refpose
