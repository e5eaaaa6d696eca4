#pragma once
// Random augmentation draws (DESIGN.md, "Training"): rotation, translation, scale, horizontal
// flip and recolouring. A draw is a plain value, so a sample's augmentation is reproducible
// from its seed alone (identical continuation after a resume).

#include "TrainConfig.h"

#include <opencv2/core/mat.hpp>

#include <random>

namespace refpose::training {

struct AugmentDraw {
    float angleDegrees = 0;        // counter-clockwise rotation of the content
    float shiftX = 0, shiftY = 0;  // crop centre shift, share of the crop side
    float scale = 1;               // crop side multiplier (> 1 zooms out)
    bool flip = false;             // mirror horizontally, swapping left and right keypoints
    float brightness = 0;          // added to every channel, share of 255
    float contrast = 1;            // multiplies the deviation from mid-grey
    float saturation = 1;          // multiplies the HSV saturation
    float hueShift = 0;            // degrees added to the HSV hue
};

// The identity draw: a plain centred crop.
inline AugmentDraw noAugmentation() { return {}; }

AugmentDraw drawAugment(const AugmentConfig& config, std::mt19937_64& rng);

// Applies the colour part of a draw in place to an 8-bit BGR image.
void recolour(cv::Mat& bgr, const AugmentDraw& draw);

}  // namespace refpose::training
