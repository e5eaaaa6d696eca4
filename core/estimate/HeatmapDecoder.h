#pragma once
// Heatmaps -> keypoint peaks, without LibTorch (float buffers), so training and evaluation
// reuse it: Gaussian smoothing, arg-max, then sub-pixel refinement by fitting a parabola
// through the peak and its two neighbours along each axis.

#include <span>
#include <vector>

namespace refpose {

// A peak in heatmap cells: cell (i, j) has its centre at x = j, y = i.
struct HeatmapPeak {
    float x = 0, y = 0;
    float score = 0;  // the unsmoothed heatmap value at the arg-max cell
};

enum class HeatmapLayout { Hwc, Chw };  // channel-last (TensorFlow) or channel-first (LibTorch)

struct HeatmapDecodeOptions {
    float smoothingSigma = 1.0f;  // Gaussian sigma in cells; 0 turns smoothing off
    bool subpixel = true;         // parabolic refinement of the arg-max
    HeatmapLayout layout = HeatmapLayout::Hwc;
};

// One peak per channel. `data` holds height * width * channels values in `options.layout`.
// Throws std::invalid_argument when the sizes do not match.
std::vector<HeatmapPeak> decodeHeatmaps(std::span<const float> data, int height, int width, int channels,
                                        const HeatmapDecodeOptions& options = {});

}  // namespace refpose
