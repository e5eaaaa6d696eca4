#pragma once
// The varied look of render-figures (RenderStyle::variety): body proportions from chibi to
// eight heads, a foreshortened limb, long clothes, wide sleeves, hair over the shoulders,
// props in a hand, a cut by the frame, busy backgrounds, line weights and shading. Every choice
// is drawn from the style's seed, in a fixed order, on a stream of its own: the classic look of
// a seed stays the same pixels whether or not this one exists.

#include "render/FigureRenderer.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace refpose {

enum class Garment : std::uint8_t { None, LongSkirt, Dress, Coat, Cape };
enum class PropKind : std::uint8_t { None, Book, Fan, Bag, Bouquet };
enum class FrontLocks : std::uint8_t { None, NearSide, FarSide, Both };
enum class CutSide : std::uint8_t { None, Left, Right, Top, Bottom };

struct VarietyLook {
    float headsTall = 0;            // body proportions; 0 = the classic figure (about 4.6)
    int foreshortenedSegment = -1;  // index for foreshortenedJoint(); -1 = none
    float foreshortening = 1;       // share of the segment's length kept
    Garment garment = Garment::None;
    float hemDrop = 0.5f;  // where a long hem ends, as a share of the shin below the knee
    bool wideSleeves = false;
    FrontLocks locks = FrontLocks::None;
    PropKind prop = PropKind::None;
    float propAngle = 0;  // radians, the prop's turn in the hand
    CutSide cut = CutSide::None;
    float cutZoom = 1, cutShare = 0;                         // magnification, and the share of the figure left outside
    BackgroundKind busyBackground = BackgroundKind::Random;  // Random = keep the classic backdrop
    ShadingKind shading = ShadingKind::Cel;
    float lineWidth = 2;                               // outline width in pixels
    cv::Scalar garmentColour, propColour, propAccent;  // BGR
};

// Shares of figures with each feature (measured over 600 renders in docs/render.md).
inline constexpr double kGarmentShare = 0.4, kWideSleeveShare = 0.3, kFrontLockShare = 0.3;
inline constexpr double kPropShare = 0.25, kCutShare = 0.2, kBusyShare = 0.35, kForeshortenShare = 0.35;
inline constexpr float kMinHeadsTall = 2.5f, kMaxHeadsTall = 8.f;

// The varied look of `style` (its seed, size and headsTall).
VarietyLook randomVarietyLook(const RenderStyle& style);

// renderFigure with the varied look `look` (tests set single features), or the classic look
// when it is empty; the style's `variety` flag is not consulted.
RenderedFigure renderFigure(const Pose& pose, const RenderStyle& style, const std::optional<VarietyLook>& look);

// Words for the description, e.g. "3.1-heads long-skirt wide-sleeves prop-book cut-bottom".
std::string describe(const VarietyLook& look);

}  // namespace refpose
