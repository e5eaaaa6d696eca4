#include "HeatmapDecoder.h"

#include <algorithm>
#include <cmath>

namespace refpose::training {
namespace {

// Probabilities are floored before the log so flat regions do not produce infinities.
constexpr float kLogFloor = 1e-6f;
// A refinement never moves the peak further than this many pixels from the arg-max.
constexpr float kMaxOffset = 0.5f;

float offset(float left, float centre, float right) {
    const float l = std::log(std::max(left, kLogFloor)), c = std::log(std::max(centre, kLogFloor)),
                r = std::log(std::max(right, kLogFloor));
    const float curvature = l - 2.f * c + r;
    if (curvature >= 0.f) return 0.f;  // not a maximum of the parabola
    return std::clamp(0.5f * (l - r) / curvature, -kMaxOffset, kMaxOffset);
}

}  // namespace

HeatmapPeak decodeHeatmap(const float* map, int side) {
    const std::size_t n = std::size_t(side) * side;
    const std::size_t best = std::size_t(std::max_element(map, map + n) - map);
    const int x = int(best % std::size_t(side)), y = int(best / std::size_t(side));
    HeatmapPeak p{float(x), float(y), map[best]};
    auto at = [&](int xx, int yy) { return map[std::size_t(yy) * side + xx]; };
    if (x > 0 && x + 1 < side) p.x += offset(at(x - 1, y), at(x, y), at(x + 1, y));
    if (y > 0 && y + 1 < side) p.y += offset(at(x, y - 1), at(x, y), at(x, y + 1));
    return p;
}

}  // namespace refpose::training
