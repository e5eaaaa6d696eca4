#pragma once
// Draws an illustrated, cel-shaded anime-like character in a given pose: the project's own
// source of images whose keypoints are known exactly (no third-party images). See docs/render.md.

#include "schema/Pose.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace refpose {

// Shapes and Buildings are the busy backdrops of the varied look (RenderStyle::variety).
enum class BackgroundKind : std::uint8_t { Random, Plain, Gradient, Noise, Stripes, Shapes, Buildings };
// Soft: the shade's edge blurred into a gradient (the varied look picks it; Random never does).
enum class ShadingKind : std::uint8_t { Random, Flat, Cel, Soft };
enum class HairKind : std::uint8_t { Random, Bob, TwinTails, Ponytail, Long };
enum class OutfitKind : std::uint8_t { Random, Skirt, Trousers, Shorts };

struct RenderStyle {
    std::uint64_t seed = 1;  // every random choice (palette, hair, clothes, background) follows it
    int width = 512, height = 512;
    BackgroundKind background = BackgroundKind::Random;
    ShadingKind shading = ShadingKind::Random;
    HairKind hair = HairKind::Random;
    OutfitKind outfit = OutfitKind::Random;
    // The varied look (docs/render.md, "Varied figures"): proportions from chibi to eight
    // heads, a foreshortened limb, long clothes, wide sleeves, hair over the shoulders, props,
    // cuts by the frame, busy backgrounds, line weights, cel or soft shading; all from the seed.
    // Off: the classic look, unchanged (the example library, tests that want a plain figure).
    bool variety = false;
    // With variety: the figure's height in heads (2.5 chibi .. 8); 0 draws it from the seed.
    float headsTall = 0;
};

struct RenderedFigure {
    cv::Mat image;  // CV_8UC3, BGR, width x height of the style
    cv::Mat alpha;  // CV_8UC1, 255 on the character, 0 on the background
    // The 25 keypoints in image pixels of what was drawn (after the varied look's proportions,
    // foreshortening and cut), score 1, midpoints derived. Visible (v = 2) unless a later part
    // that is not the point's own covers at least kHiddenShare of a small disc around it
    // (PaintLayers: clothes, hair, props, the other limbs, the torso over the far arm), or, for
    // a character seen from behind (facesAway), the nose and eyes: then occluded (v = 1).
    // Outside the image (a cut by the frame): unlabelled, x = y = 0. Box = the tight box of the
    // alpha mask (inside the image).
    Pose pose;
    float headRadius = 0;     // of the drawn head, pixels (crown to chin is about 2.06 of it)
    std::string description;  // the drawn variant, e.g. "twin-tails skirt cel stripes" (+ the varied look's words)
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
