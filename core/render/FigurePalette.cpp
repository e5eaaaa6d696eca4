#include "render/FigurePalette.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace refpose {
namespace {

// Skin tones (BGR), light to tanned, as anime colourists use them.
constexpr std::array<std::array<double, 3>, 5> kSkinTones = {
    {{222, 233, 255}, {205, 222, 252}, {190, 210, 246}, {160, 190, 235}, {120, 160, 210}}};
// Share of the fill colour kept in its shade, and the cool tone mixed into it (BGR).
constexpr double kShadeKeep = 0.74;
constexpr double kShadeTint = 0.08;
const cv::Scalar kShadeTone{140, 60, 90};

double uniform(cv::RNG& rng, double lo, double hi) { return rng.uniform(lo, hi); }

}  // namespace

cv::Scalar fromHsv(double hueDeg, double s, double v) {
    const double h = std::fmod(std::fmod(hueDeg, 360.0) + 360.0, 360.0) / 60.0;
    const double c = v * s, x = c * (1 - std::fabs(std::fmod(h, 2.0) - 1)), m = v - c;
    double r = 0, g = 0, b = 0;
    switch (static_cast<int>(h)) {
        case 0:
            r = c;
            g = x;
            break;
        case 1:
            r = x;
            g = c;
            break;
        case 2:
            g = c;
            b = x;
            break;
        case 3:
            g = x;
            b = c;
            break;
        case 4:
            r = x;
            b = c;
            break;
        default:
            r = c;
            b = x;
            break;
    }
    return {255 * (b + m), 255 * (g + m), 255 * (r + m)};
}

cv::Scalar shadeOf(const cv::Scalar& fill) {
    cv::Scalar s;
    for (int i = 0; i < 3; ++i) s[i] = fill[i] * kShadeKeep * (1 - kShadeTint) + kShadeTone[i] * kShadeTint;
    return s;
}

FigurePalette randomPalette(cv::RNG& rng) {
    FigurePalette p;
    const auto& skin = kSkinTones[static_cast<std::size_t>(rng.uniform(0, static_cast<int>(kSkinTones.size())))];
    p.skin = {skin[0], skin[1], skin[2]};
    // Anime hair takes any hue; a third of the figures get natural dark or blond hair.
    const double hairHue = uniform(rng, 0, 360);
    const double hairKind = uniform(rng, 0, 1);
    if (hairKind < 0.15)
        p.hair = fromHsv(25, 0.45, 0.25);  // dark brown
    else if (hairKind < 0.3)
        p.hair = fromHsv(45, 0.45, 0.95);  // blond
    else
        p.hair = fromHsv(hairHue, uniform(rng, 0.35, 0.8), uniform(rng, 0.55, 0.95));
    p.iris = fromHsv(uniform(rng, 0, 360), uniform(rng, 0.5, 0.9), uniform(rng, 0.5, 0.9));
    p.shirt = fromHsv(uniform(rng, 0, 360), uniform(rng, 0.1, 0.8), uniform(rng, 0.6, 1.0));
    p.bottom = fromHsv(uniform(rng, 0, 360), uniform(rng, 0.3, 0.8), uniform(rng, 0.25, 0.8));
    p.legwear = fromHsv(uniform(rng, 0, 360), uniform(rng, 0.0, 0.4), uniform(rng, 0.1, 0.95));
    p.shoes = fromHsv(uniform(rng, 0, 360), uniform(rng, 0.2, 0.7), uniform(rng, 0.15, 0.5));
    p.accent = fromHsv(uniform(rng, 0, 360), uniform(rng, 0.6, 0.9), uniform(rng, 0.7, 1.0));
    p.outline = fromHsv(uniform(rng, 0, 360), 0.4, uniform(rng, 0.08, 0.22));
    return p;
}

}  // namespace refpose
