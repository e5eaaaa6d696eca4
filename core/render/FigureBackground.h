#pragma once
// Backgrounds behind a rendered figure: plain, gradient, smooth noise or stripes, and the busy
// ones (cluttered shapes, a street of buildings), so that a pose model trained or tested on the
// figures does not learn one backdrop nor rely on an empty one.

#include "render/FigureRenderer.h"

#include <opencv2/core.hpp>

namespace refpose {

// Fills `image` (CV_8UC3) with a background of `kind` (not Random) whose colours come from `rng`.
void paintBackground(cv::Mat& image, BackgroundKind kind, cv::RNG& rng);

}  // namespace refpose
