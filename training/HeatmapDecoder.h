#pragma once
// Heatmaps -> keypoints: arg-max with sub-pixel refinement (a parabola through the log of the
// peak and its neighbours, exact for a Gaussian peak). Positions are in heatmap pixels.
// TODO(engine): switch to core/estimate's decoder once branch `engine` is merged, so that
// MoveNet and trained models decode identically.

#include <array>
#include <cstddef>

namespace refpose::training {

struct HeatmapPeak {
    float x = 0, y = 0;  // heatmap pixels
    float score = 0;     // the map's maximum, in [0, 1] for sigmoid maps
};

// `maps` holds `count` maps of side x side probabilities, map-major.
template <std::size_t N>
std::array<HeatmapPeak, N> decodeHeatmaps(const float* maps, int side);

HeatmapPeak decodeHeatmap(const float* map, int side);

template <std::size_t N>
std::array<HeatmapPeak, N> decodeHeatmaps(const float* maps, int side) {
    std::array<HeatmapPeak, N> out{};
    for (std::size_t k = 0; k < N; ++k) out[k] = decodeHeatmap(maps + k * std::size_t(side) * side, side);
    return out;
}

}  // namespace refpose::training
