#pragma once
// The colours of one rendered figure, drawn at random from anime-like ranges.

#include <opencv2/core.hpp>

namespace refpose {

struct FigurePalette {
    cv::Scalar skin, hair, iris, shirt, bottom, legwear, shoes, accent, outline;  // BGR
};

// A palette from `rng` (always the same number of draws, so later draws stay reproducible).
FigurePalette randomPalette(cv::RNG& rng);

// `colour` in BGR from hue (degrees), saturation and value in [0, 1].
cv::Scalar fromHsv(double hueDeg, double saturation, double value);

// The cel-shading tone of a fill colour: darker and a little cooler.
cv::Scalar shadeOf(const cv::Scalar& fill);

}  // namespace refpose
