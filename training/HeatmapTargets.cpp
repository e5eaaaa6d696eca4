#include "HeatmapTargets.h"

#include <algorithm>
#include <cmath>

namespace refpose::training {

float heatmapSigma(std::size_t keypoint, int heatmapSide) {
    return std::max(kMinSigmaPixels, kSigmaScale * kOksSigmas[keypoint] * float(heatmapSide));
}

std::vector<float> renderHeatmapTargets(const Pose& pose, int side) {
    std::vector<float> maps(kNumKeypoints * std::size_t(side) * side, 0.f);
    for (std::size_t k = 0; k < kNumKeypoints; ++k) {
        const Keypoint& p = pose.kp[k];
        if (!p.labelled()) continue;
        const float sigma = heatmapSigma(k, side);
        const float inv = 1.f / (2.f * sigma * sigma);
        float* map = maps.data() + k * std::size_t(side) * side;
        for (int y = 0; y < side; ++y)
            for (int x = 0; x < side; ++x) {
                const float dx = float(x) - p.x, dy = float(y) - p.y;
                map[y * side + x] = std::exp(-(dx * dx + dy * dy) * inv);
            }
    }
    return maps;
}

}  // namespace refpose::training
