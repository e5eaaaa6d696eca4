#pragma once
// Loose clothes that hide joints: long skirts, dress skirts and coat tails over the hips and
// knees, a cape hanging from the shoulders, wide sleeves over the elbow and wrist. Each is one
// convex piece around the joints it hangs from, so it never floats off the body.

#include "render/FigureVariety.h"
#include "render/PartPainter.h"

namespace refpose {

// What the clothes hang from: the pose, the body scale and the torso's directions.
struct GarmentFrame {
    const Pose& pose;
    float scale;    // bodyScale of the pose
    Vec2 up;        // unit, hips to shoulders
    Vec2 leftward;  // unit, towards the character's left
};

// A long skirt from the waist to `hemDrop` of the shins below the knees, flaring outwards.
// `openFront` (a coat): a line down the middle where the two fronts meet.
void paintLongSkirt(PartPainter& painter, const GarmentFrame& body, float hemDrop, const cv::Scalar& fill,
                    bool openFront);

// A cape from the shoulders hanging with gravity to about the knees.
void paintCape(PartPainter& painter, const GarmentFrame& body, const cv::Scalar& fill);

// A wide sleeve from the shoulder widening past the elbow to a cuff just beyond the wrist,
// its lower edge drooping: hides the elbow and the wrist, the hand shows past the cuff.
void paintWideSleeve(PartPainter& painter, const GarmentFrame& body, Kp shoulder, Kp elbow, Kp wrist,
                     const cv::Scalar& fill);

}  // namespace refpose
