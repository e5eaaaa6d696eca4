#pragma once
// Draws an illustrated, cel-shaded anime-like character in a given pose: the project's own
// source of images whose keypoints are known exactly (no third-party images). See docs/render.md.

#include "schema/Pose.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace refpose {

enum class BackgroundKind : std::uint8_t { Random, Plain, Gradient, Noise, Stripes };
enum class ShadingKind : std::uint8_t { Random, Flat, Cel };
enum class HairKind : std::uint8_t { Random, Bob, TwinTails, Ponytail, Long };
enum class OutfitKind : std::uint8_t { Random, Skirt, Trousers, Shorts };

struct RenderStyle {
    std::uint64_t seed = 1;  // every random choice (palette, hair, clothes, background) follows it
    int width = 512, height = 512;
    BackgroundKind background = BackgroundKind::Random;
    ShadingKind shading = ShadingKind::Random;
    HairKind hair = HairKind::Random;
    OutfitKind outfit = OutfitKind::Random;
};

struct RenderedFigure {
    cv::Mat image;  // CV_8UC3, BGR, width x height of the style
    cv::Mat alpha;  // CV_8UC1, 255 on the character, 0 on the background
    // The 25 keypoints in image pixels, all visible (v = 2, score 1), midpoints derived;
    // box = the tight box of the alpha mask.
    Pose pose;
    std::string description;  // the drawn variant, e.g. "twin-tails skirt cel stripes"
};

// Renders `pose` (image pixels of the style's size). Needs the 12 shoulder, elbow, wrist, hip,
// knee and ankle points; missing nose, eyes or ears are synthesised (completeHeadKeypoints)
// and drawn where they are returned. Throws std::invalid_argument naming a missing body point
// or a bad image size. The same pose and style give the same pixels.
RenderedFigure renderFigure(const Pose& pose, const RenderStyle& style);

std::string_view toString(BackgroundKind kind);
std::string_view toString(HairKind kind);
std::string_view toString(OutfitKind kind);
std::string_view toString(ShadingKind kind);

}  // namespace refpose
