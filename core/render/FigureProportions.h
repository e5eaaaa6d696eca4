#pragma once
// Body proportions and foreshortening as changes of the skeleton before it is drawn, so the
// keypoints stay exactly where the joints are painted: a chibi's short limbs and torso under a
// big head, an eight-head figure's long ones, a limb segment pointing at the viewer, and a
// figure zoomed and moved so that the frame cuts it.

#include "render/FigureGeometry.h"
#include "render/FigureVariety.h"

namespace refpose {

// Foreshortenable limb segments: upper arms, forearms, thighs, shins (left and right).
inline constexpr int kLimbSegmentCount = 8;
// The joint at the near end of segment `i` (the elbow of an upper arm, the ankle of a shin).
Kp foreshortenedJoint(int segment);

// Heads tall of the classic figure, standing (crown of the hair to the soles, over the head's
// crown-to-chin height), and the ratio of the head's size to the body's it draws.
inline constexpr float kClassicHeadsTall = 4.6f;

// The body's length factor that makes a standing figure `headsTall` heads tall with the head
// unchanged (below 1: a chibi).
float bodyFactorFor(float headsTall);

// Every body point (shoulders down) moved from the shoulders' midpoint by `factor`; the head's
// five points stay: the head keeps its size while the body shrinks or grows under it.
Pose withBodyScaled(const Pose& pose, float factor);

// Segment `segment` shortened to `keep` of its length, the joints past it moved along.
Pose withForeshortening(const Pose& pose, int segment, float keep);

// The box the drawn figure fills: its keypoints grown by the hands' and feet's reach, and the
// head with its hair (`head`, of the drawn size).
struct Extent {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    float width() const { return x1 - x0; }
    float height() const { return y1 - y0; }
};
Extent drawnExtent(const Pose& pose, const HeadFrame& head);

// `pose` scaled by `s` about the origin, then moved by `shift` (labelled points and the box).
Pose similarity(const Pose& pose, float s, Vec2 shift);

// The similarity that puts extent `from` in the middle of `to`, as large as fits.
Pose fittedInto(const Pose& pose, const Extent& from, const Extent& to);

// The pose zoomed by look.cutZoom about its extent's centre and moved so that look.cutShare of
// the figure lies past the image border on look.cut's side.
Pose cutByFrame(const Pose& pose, const Extent& extent, const VarietyLook& look, int width, int height);

}  // namespace refpose
