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

// Half-width of the face in head radii: the features sit on a sphere of this lateral radius.
inline constexpr float kFaceHalfWidth = 0.9f;
// Sine of the eyes' longitude on the face's sphere (0.36 head radii beside the centre line).
inline constexpr float kEyeSin = 0.36f / kFaceHalfWidth;
// The most the head turns sideways (sine of the turn angle, 60 degrees).
inline constexpr float kMaxYawSine = 0.87f;

// The head's frame in image pixels: centre, radius, `up` (unit, from the neck to the crown),
// `left` (unit, perpendicular to up, pointing to the character's left side) and `yaw`, the
// sine of the face's turn towards the character's left (negative: towards the right).
struct HeadFrame {
    Vec2 centre, up, left;
    float radius = 0;
    float yaw = 0;
};

// Where a face feature at longitude `sinLongitude` (sine; 0 = the face's centre line, positive
// towards the character's left) and height `upward` (head radii) projects sideways, in head
// radii, when the head turns by `yaw` (sine).
float featureLateral(float sinLongitude, float upward, float yaw);

// True when the 12 shoulder/elbow/wrist/hip/knee/ankle points are labelled (the renderer
// needs them; the head points may be synthesised).
bool hasBodyKeypoints(const Pose& pose);

// The figure's length unit: the torso length, guarded against foreshortening by the shoulder
// width and the leg lengths. Needs hasBodyKeypoints(pose).
float bodyScale(const Pose& pose);

// Fills the unlabelled ones among nose, eyes and ears from the labelled head points, the
// shoulders and the body scale. A nose beside the neck turns the face that way (up to
// kMaxYawSine); without a nose the face looks at the viewer. Labelled points stay untouched.
// Needs hasBodyKeypoints(pose).
void completeHeadKeypoints(Pose& pose);

// The head the renderer draws for a pose whose 17 COCO points are labelled; inverts the layout
// of completeHeadKeypoints (the turn from the eyes' offset against the ears). `headScale`: the
// head's size against the classic head of this body (above 1 for a chibi's big head).
HeadFrame headFrameOf(const Pose& pose, float headScale = 1.f);

// True when the character shows its back: its left shoulder lies on the side that would be its
// right seen from the front (the torso's up turned a quarter clockwise points to the right shoulder).
bool facesAway(const Pose& pose);

// +1 when the character's left side is the far one (drawn first), -1 when the right side is.
// From the nose's sideways offset: a body turning to its left shows its nose on that side.
int farSideSign(const Pose& pose);

}  // namespace refpose
