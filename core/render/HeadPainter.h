#pragma once
// The head of a rendered figure: hair behind the body, then the face with ears, fringe, large
// anime eyes at the eye keypoints, nose and mouth.

#include "render/FigureGeometry.h"
#include "render/FigurePalette.h"
#include "render/FigureRenderer.h"
#include "render/PartPainter.h"

#include <array>

namespace refpose {

// The random details of one head, drawn once so the two painting passes agree.
struct HeadLook {
    HairKind hair = HairKind::Bob;
    int fringeStrands = 5;
    std::array<float, 9> fringeDepth{};  // how far each fringe strand reaches down (head radii)
    bool blush = false;
};

// Draws `rng` for a head of the given hair (Random picks one).
HeadLook randomHeadLook(HairKind hair, cv::RNG& rng);

// Hair behind the head and body (drawn first). `farSign` is farSideSign() of the pose.
void paintBackHair(PartPainter& painter, const HeadFrame& head, const HeadLook& look, const FigurePalette& palette,
                   int farSign);

// Face, ears, fringe, eyes, nose and mouth; the eyes, ears and nose at the pose's points.
void paintHead(PartPainter& painter, const HeadFrame& head, const Pose& pose, const HeadLook& look,
               const FigurePalette& palette);

// The head seen from behind: ears, then the hair over the whole head (no face).
void paintHeadFromBehind(PartPainter& painter, const HeadFrame& head, const Pose& pose, const HeadLook& look,
                         const FigurePalette& palette, int farSign);

// A lock of long hair falling from the head's `side` (+1: the character's left) over
// `shoulder` and down the chest, in front of everything (the varied look's front locks).
void paintFrontLock(PartPainter& painter, const HeadFrame& head, Vec2 shoulder, float side, float bodyScale,
                    const FigurePalette& palette);

}  // namespace refpose
