#pragma once
// Square crops of an image for a pose model: the letterboxed whole image (first pass) or a
// square centred on the character's box with padding on every side (paper: at least 10%).

#include "schema/Pose.h"

#include <opencv2/core/mat.hpp>

namespace refpose {

// A square in image coordinates (pixel (i, j) covers [j, j+1) x [i, i+1)); may leave the image.
struct SquareCrop {
    float x0 = 0, y0 = 0, side = 1;
    // Image coordinates of a point given as fractions [0, 1] of the crop.
    float imageX(float u) const { return x0 + u * side; }
    float imageY(float v) const { return y0 + v * side; }
};

// The whole image centred in a square of side max(width, height), rounded up to a multiple of 8.
SquareCrop letterboxCrop(int width, int height);

// A square centred on `box`, of side longestSide * (1 + 2 * padding), at least `minSide`,
// rounded up to a multiple of 8. Both crops lie on whole pixels.
SquareCrop cropAroundBox(const Box& box, float padding, float minSide);

// The crop resampled to size x size, 8-bit RGB; outside the image is black (MoveNet's letterbox).
// Shrinking averages areas (no aliasing); the output's pixel j covers the crop's
// [j, j+1) * side / size, so positions map back with SquareCrop::imageX/imageY.
cv::Mat cropToRgb(const cv::Mat& bgr, const SquareCrop& crop, int size);

}  // namespace refpose
