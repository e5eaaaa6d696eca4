#include "render/FigureVariety.h"

#include "render/FigurePalette.h"
#include "render/FigureProportions.h"

#include <algorithm>
#include <cstdio>

namespace refpose {
namespace {

// A stream of its own: the classic look draws from cv::RNG(seed) and must not shift.
constexpr std::uint64_t kVarietyStream = 0x5EEDF00DC0FFEEull;
// Outline width in pixels at a 384-pixel image, scaled with the image's shorter side.
constexpr double kMinLine = 1.0, kMaxLine = 4.0, kLineReferenceSide = 384.0;

bool chance(cv::RNG& rng, double share) { return rng.uniform(0.0, 1.0) < share; }

// Draws both the chance and the pick whatever the chance says, so later draws stay aligned.
template <typename E>
E pickIf(cv::RNG& rng, double share, int count) {
    const bool on = chance(rng, share);
    const int which = rng.uniform(1, count + 1);
    return on ? static_cast<E>(which) : static_cast<E>(0);
}

ShadingKind randomShading(cv::RNG& rng) {
    const double u = rng.uniform(0.0, 1.0);
    return u < 0.45 ? ShadingKind::Cel : u < 0.8 ? ShadingKind::Soft : ShadingKind::Flat;
}

}  // namespace

VarietyLook randomVarietyLook(const RenderStyle& style) {
    cv::RNG rng(style.seed ^ kVarietyStream);
    VarietyLook v;
    const float heads = static_cast<float>(rng.uniform(double(kMinHeadsTall), double(kMaxHeadsTall)));
    v.headsTall = style.headsTall > 0 ? style.headsTall : heads;
    const bool foreshorten = chance(rng, kForeshortenShare);
    const int segment = rng.uniform(0, kLimbSegmentCount);
    v.foreshortening = static_cast<float>(rng.uniform(0.35, 0.65));
    v.foreshortenedSegment = foreshorten ? segment : -1;
    v.garment = pickIf<Garment>(rng, kGarmentShare, 4);
    v.hemDrop = static_cast<float>(rng.uniform(0.25, 0.9));
    v.wideSleeves = chance(rng, kWideSleeveShare);
    v.locks = pickIf<FrontLocks>(rng, kFrontLockShare, 3);
    v.prop = pickIf<PropKind>(rng, kPropShare, 4);
    v.propAngle = static_cast<float>(rng.uniform(-0.6, 0.6));
    v.cut = pickIf<CutSide>(rng, kCutShare, 4);
    v.cutZoom = static_cast<float>(rng.uniform(1.1, 1.6));
    v.cutShare = static_cast<float>(rng.uniform(0.15, 0.45));
    const bool busy = chance(rng, kBusyShare);
    const bool shapes = rng.uniform(0, 2) == 0;
    v.busyBackground = !busy ? BackgroundKind::Random : shapes ? BackgroundKind::Shapes : BackgroundKind::Buildings;
    v.shading = randomShading(rng);
    const double side = std::min(style.width, style.height) / kLineReferenceSide;
    v.lineWidth = static_cast<float>(std::max(1.0, rng.uniform(kMinLine, kMaxLine) * side));
    v.garmentColour = fromHsv(rng.uniform(0.0, 360.0), rng.uniform(0.3, 0.8), rng.uniform(0.3, 0.9));
    v.propColour = fromHsv(rng.uniform(0.0, 360.0), rng.uniform(0.4, 0.9), rng.uniform(0.5, 1.0));
    v.propAccent = fromHsv(rng.uniform(0.0, 360.0), rng.uniform(0.4, 0.9), rng.uniform(0.6, 1.0));
    return v;
}

std::string describe(const VarietyLook& v) {
    constexpr const char* garments[] = {"", " long-skirt", " dress", " coat", " cape"};
    constexpr const char* props[] = {"", " prop-book", " prop-fan", " prop-bag", " prop-bouquet"};
    constexpr const char* locks[] = {"", " locks-near", " locks-far", " locks-both"};
    constexpr const char* cuts[] = {"", " cut-left", " cut-right", " cut-top", " cut-bottom"};
    char heads[32];
    std::snprintf(heads, sizeof heads, "%.1f-heads", static_cast<double>(v.headsTall));
    std::string s = heads;
    if (v.foreshortenedSegment >= 0) s += " foreshortened";
    s += garments[static_cast<int>(v.garment)];
    if (v.wideSleeves) s += " wide-sleeves";
    s += locks[static_cast<int>(v.locks)];
    s += props[static_cast<int>(v.prop)];
    s += cuts[static_cast<int>(v.cut)];
    if (v.busyBackground != BackgroundKind::Random) s += " busy";
    return s;
}

}  // namespace refpose
