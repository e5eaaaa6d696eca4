#include "render/FigureRenderer.h"

#include "render/ClothingPainter.h"
#include "render/FigureBackground.h"
#include "render/FigureGeometry.h"
#include "render/FigurePalette.h"
#include "render/FigureProportions.h"
#include "render/FigureVariety.h"
#include "render/HeadPainter.h"
#include "render/PaintLayers.h"
#include "render/PartPainter.h"
#include "render/PropPainter.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

namespace refpose {
namespace {

// Largest image side accepted: a figure is a test image, not a poster.
constexpr int kMaxSide = 8192;
constexpr int kMinSide = 16;
constexpr float kPi = 3.14159265f;

// Limb radii at their two ends and other sizes, in units of the body scale (bodyScale()).
constexpr float kUpperArmRoot = 0.125f, kUpperArmEnd = 0.1f;
constexpr float kForearmEnd = 0.082f;
constexpr float kHandLength = 0.14f, kHandRoot = 0.075f, kHandEnd = 0.09f;
constexpr float kThighRoot = 0.175f, kThighEnd = 0.125f;
constexpr float kShinEnd = 0.085f;
constexpr float kFootLength = 0.17f, kFootRoot = 0.078f, kFootEnd = 0.07f;
constexpr float kShoulderRadius = 0.12f, kHipRadius = 0.14f;
constexpr float kWaistRadius = 0.075f, kWaistHeight = 0.62f;  // share of the way from shoulder to hip
constexpr float kNeckRadius = 0.07f;
constexpr float kSleeveReach = 0.55f;  // share of the upper arm a short sleeve covers
constexpr float kStockingTop = 0.55f;  // share of the thigh where stockings start
constexpr float kShortsReach = 0.45f;  // share of the thigh shorts cover
constexpr float kOutlinePerScale = 0.014f, kMinOutline = 1.5f;
constexpr float kShadePerScale = 0.1f;   // how far the lit area is shifted towards the light
constexpr float kChinUp = -0.8f;         // where the neck meets the head (head radii)
constexpr float kNearEndGrowth = 1.25f;  // a foreshortened segment's near end, drawn larger
// Radius of the disc around a keypoint that PaintLayers tests for cover (body scales, pixels).
constexpr float kVisibilityDisc = 0.06f, kMinVisibilityDisc = 1.5f;

struct SideKps {
    Kp shoulder, elbow, wrist, hip, knee, ankle;
};
constexpr SideKps kLeft{Kp::LeftShoulder, Kp::LeftElbow, Kp::LeftWrist, Kp::LeftHip, Kp::LeftKnee, Kp::LeftAnkle};
constexpr SideKps kRight{Kp::RightShoulder, Kp::RightElbow, Kp::RightWrist,
                         Kp::RightHip,      Kp::RightKnee,  Kp::RightAnkle};

// The random choices for the body, drawn in a fixed order from the style's seed.
struct BodyLook {
    OutfitKind outfit = OutfitKind::Skirt;
    ShadingKind shading = ShadingKind::Cel;
    BackgroundKind background = BackgroundKind::Plain;
    bool longSleeves = false, sleeveless = false, stockings = false, ribbon = false;
    float skirtLength = 0.6f;
    Vec2 light;  // unit vector towards the light
};

template <typename E>
E pick(E fixed, int count, cv::RNG& rng) {
    const int drawn = rng.uniform(1, count + 1);  // always drawn: later draws stay aligned
    return fixed == E::Random ? static_cast<E>(drawn) : fixed;
}

BodyLook randomBodyLook(const RenderStyle& style, cv::RNG& rng) {
    BodyLook b;
    b.outfit = pick(style.outfit, 3, rng);
    // Three in four figures cel-shaded: the look of most anime illustrations.
    const bool cel = rng.uniform(0, 4) != 0;
    b.shading = style.shading == ShadingKind::Random ? (cel ? ShadingKind::Cel : ShadingKind::Flat) : style.shading;
    b.background = pick(style.background, 4, rng);
    const int sleeves = rng.uniform(0, 3);
    b.longSleeves = sleeves == 1;
    b.sleeveless = sleeves == 2;
    b.stockings = rng.uniform(0, 2) == 1;
    b.ribbon = rng.uniform(0, 2) == 1;
    b.skirtLength = static_cast<float>(rng.uniform(0.4, 0.75));
    // Light from above, left or right.
    const float angle = static_cast<float>(rng.uniform(-0.85 * kPi, -0.15 * kPi));
    b.light = {std::cos(angle), std::sin(angle)};
    return b;
}

void validate(const Pose& pose, const RenderStyle& style) {
    if (style.width < kMinSide || style.height < kMinSide || style.width > kMaxSide || style.height > kMaxSide)
        throw std::invalid_argument("renderFigure: image size " + std::to_string(style.width) + "x" +
                                    std::to_string(style.height) + " is outside " + std::to_string(kMinSide) + ".." +
                                    std::to_string(kMaxSide));
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        const Keypoint& k = pose.kp[i];
        if (k.labelled() && (!std::isfinite(k.x) || !std::isfinite(k.y)))
            throw std::invalid_argument("renderFigure: keypoint " + std::string(kKeypointNames[i]) + " is not finite");
    }
    for (std::size_t i = idx(Kp::LeftShoulder); i <= idx(Kp::RightAnkle); ++i)
        if (!pose.kp[i].labelled())
            throw std::invalid_argument("renderFigure: keypoint " + std::string(kKeypointNames[i]) + " is unlabelled");
}

// Everything the body painters share.
struct Body {
    const Pose& pose;
    PartPainter& painter;
    const FigurePalette& palette;
    const BodyLook& look;
    float scale;
    Vec2 leftward;  // unit, towards the character's left (shoulder line)
    Vec2 up;        // unit, from the hips to the shoulders
    int farSign;
    bool turned;     // face turned sideways: both feet point the way the face looks
    bool away;       // seen from behind: no bow on the chest
    cv::Scalar top;  // the torso's and long sleeves' colour (a coat's when one is worn)
    bool longSleeves;
    Kp foreshortened;  // the near joint of a foreshortened segment (Kp::Nose: none)

    Vec2 at(Kp k) const { return pointOf(pose, k); }
    float r(float s) const { return s * scale; }
};

// A limb's two segments as one silhouette or, when one of them is foreshortened (pointing at
// the viewer), as two: the near one painted last, its joint end larger and overlapping.
void paintLimb(const Body& b, Vec2 root, Vec2 joint, Vec2 end, Kp jointKp, Kp endKp, std::array<float, 3> radii,
               const cv::Scalar& fill) {
    if (b.foreshortened == jointKp) {
        b.painter.paint(capsule(joint, end, radii[1], radii[2]), fill);
        b.painter.paint(capsule(root, joint, radii[0], radii[1] * kNearEndGrowth), fill);
    } else if (b.foreshortened == endKp) {
        b.painter.paint(capsule(root, joint, radii[0], radii[1]), fill);
        b.painter.paint(capsule(joint, end, radii[1], radii[2] * kNearEndGrowth), fill);
    } else {
        b.painter.paint({capsule(root, joint, radii[0], radii[1]), capsule(joint, end, radii[1], radii[2])}, fill);
    }
}

void paintArm(const Body& b, const SideKps& s) {
    const Vec2 shoulder = b.at(s.shoulder), elbow = b.at(s.elbow), wrist = b.at(s.wrist);
    const Vec2 along = normalised(wrist - elbow, normalised(elbow - shoulder, b.up * -1.f));
    paintLimb(b, shoulder, elbow, wrist, s.elbow, s.wrist, {b.r(kUpperArmRoot), b.r(kUpperArmEnd), b.r(kForearmEnd)},
              b.longSleeves ? b.top : b.palette.skin);
    b.painter.paint(capsule(wrist, wrist + along * b.r(kHandLength), b.r(kHandRoot), b.r(kHandEnd)), b.palette.skin);
    if (!b.longSleeves && !b.look.sleeveless)
        b.painter.paint(capsule(shoulder, shoulder + (elbow - shoulder) * kSleeveReach, b.r(kUpperArmRoot * 1.2f),
                                b.r(kUpperArmEnd * 1.3f)),
                        b.top);
}

Vec2 outwardOf(const Body& b, const SideKps& s) {
    const Vec2 hips = midpoint(b.at(Kp::LeftHip), b.at(Kp::RightHip));
    const float sign = s.hip == Kp::LeftHip ? 1.f : -1.f;
    return normalised(b.at(s.hip) - hips, b.leftward * sign);
}

void paintLeg(const Body& b, const SideKps& s) {
    const Vec2 hip = b.at(s.hip), knee = b.at(s.knee), ankle = b.at(s.ankle);
    const bool trousers = b.look.outfit == OutfitKind::Trousers;
    paintLimb(b, hip, knee, ankle, s.knee, s.ankle, {b.r(kThighRoot), b.r(kThighEnd), b.r(kShinEnd)},
              trousers ? b.palette.bottom : b.palette.skin);
    if (!trousers && b.look.stockings)
        b.painter.paint(
            {capsule(hip + (knee - hip) * kStockingTop, knee, b.r(kThighEnd * 1.08f), b.r(kThighEnd * 1.02f)),
             capsule(knee, ankle, b.r(kThighEnd * 1.02f), b.r(kShinEnd * 1.05f))},
            b.palette.legwear);
    if (b.look.outfit == OutfitKind::Shorts)
        b.painter.paint(
            capsule(hip, hip + (knee - hip) * kShortsReach, b.r(kThighRoot * 1.1f), b.r(kThighRoot * 1.05f)),
            b.palette.bottom);
    const Vec2 shin = normalised(ankle - knee, b.up * -1.f);
    const Vec2 side = b.turned ? b.leftward * static_cast<float>(b.farSign) : outwardOf(b, s);
    const Vec2 foot = normalised(shin * 0.35f + side * 0.65f, shin);
    b.painter.paint(capsule(ankle, ankle + foot * b.r(kFootLength), b.r(kFootRoot), b.r(kFootEnd)), b.palette.shoes);
}

void paintTorso(const Body& b, const HeadFrame& head) {
    const Vec2 neckBase = midpoint(b.at(Kp::LeftShoulder), b.at(Kp::RightShoulder));
    const Vec2 chin = head.centre + head.up * (kChinUp * head.radius);
    b.painter.paint(capsule(neckBase, chin, b.r(kNeckRadius), b.r(kNeckRadius)), b.palette.skin);
    // Chest and hips as two convex pieces meeting at a narrower waist: an hourglass, never a
    // self-crossing polygon whatever the twist between shoulders and hips.
    Polygon chest, hips;
    for (const SideKps* s : {&kLeft, &kRight}) {
        const Vec2 shoulder = b.at(s->shoulder), hip = b.at(s->hip);
        const Vec2 waist = shoulder + (hip - shoulder) * kWaistHeight;
        for (const Vec2& v : ellipse(shoulder, {b.r(kShoulderRadius), 0}, {0, b.r(kShoulderRadius)}))
            chest.push_back(v);
        for (const Vec2& v : ellipse(waist, {b.r(kWaistRadius), 0}, {0, b.r(kWaistRadius)})) {
            chest.push_back(v);
            hips.push_back(v);
        }
        for (const Vec2& v : ellipse(hip, {b.r(kHipRadius), 0}, {0, b.r(kHipRadius)})) hips.push_back(v);
    }
    b.painter.paint({convexHullOf(chest), convexHullOf(hips)}, b.top);
    if (b.look.ribbon && !b.away) {
        // A bow at the collar: two loops and a knot, the accent colour of the outfit.
        const Vec2 knot = neckBase - b.up * b.r(0.1f);
        for (float side : {-1.f, 1.f})
            b.painter.paint(convexHullOf({knot, knot + b.leftward * b.r(side * 0.12f) + b.up * b.r(0.05f),
                                          knot + b.leftward * b.r(side * 0.12f) - b.up * b.r(0.06f)}),
                            b.palette.accent);
        b.painter.paint(ellipse(knot, {b.r(0.025f), 0}, {0, b.r(0.025f)}), b.palette.accent);
    }
}

void paintBottom(const Body& b) {
    Polygon outline;
    for (const SideKps* s : {&kLeft, &kRight}) {
        const Vec2 hip = b.at(s->hip), out = outwardOf(b, *s);
        const Vec2 waist = hip + b.up * b.r(0.22f);
        const auto w = ellipse(waist, {b.r(0.11f), 0}, {0, b.r(0.11f)});
        outline.insert(outline.end(), w.begin(), w.end());
        if (b.look.outfit == OutfitKind::Skirt) {
            const Vec2 hem = hip + (b.at(s->knee) - hip) * b.look.skirtLength + out * b.r(0.12f);
            const auto h = ellipse(hem, {b.r(0.1f), 0}, {0, b.r(0.1f)});
            outline.insert(outline.end(), h.begin(), h.end());
        } else {
            const auto h = ellipse(hip, {b.r(kThighRoot), 0}, {0, b.r(kThighRoot)});
            outline.insert(outline.end(), h.begin(), h.end());
        }
    }
    b.painter.paint(convexHullOf(outline), b.palette.bottom);
}

// The skeleton that is drawn: the head points completed; with the varied look, the body
// rescaled under the head (proportions), a segment foreshortened, the figure refitted to where
// the input figure was and, when chosen, zoomed past the frame. Points start visible, score 1;
// seen from behind, the face is hidden by the head (v = 1). `headScale`: the drawn head's size
// against the classic head of the drawn body.
Pose drawnSkeleton(const Pose& input, const RenderStyle& style, const std::optional<VarietyLook>& varied,
                   float& headScale) {
    Pose pose = input;
    completeHeadKeypoints(pose);
    if (varied) {
        const VarietyLook& v = *varied;
        const Extent before = drawnExtent(pose, headFrameOf(pose));
        const float factor = bodyFactorFor(v.headsTall);
        Pose shaped = withForeshortening(withBodyScaled(pose, factor), v.foreshortenedSegment, v.foreshortening);
        headScale = 1.f / factor;
        pose = fittedInto(shaped, drawnExtent(shaped, headFrameOf(shaped, headScale)), before);
        if (v.cut != CutSide::None)
            pose = cutByFrame(pose, drawnExtent(pose, headFrameOf(pose, headScale)), v, style.width, style.height);
    }
    const bool away = facesAway(pose);
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        const bool face = i == idx(Kp::Nose) || i == idx(Kp::LeftEye) || i == idx(Kp::RightEye);
        pose.kp[i].v = away && face ? Visibility::Occluded : Visibility::Visible;
        pose.kp[i].score = 1.f;
    }
    return pose;
}

Body bodyOf(const Pose& pose, PartPainter& painter, const FigurePalette& palette, const BodyLook& look, float scale,
            const HeadFrame& head, const cv::Scalar& top, bool longSleeves, Kp foreshortened) {
    const Vec2 leftward = normalised(pointOf(pose, Kp::LeftShoulder) - pointOf(pose, Kp::RightShoulder), {1.f, 0.f});
    const Vec2 shoulders = midpoint(pointOf(pose, Kp::LeftShoulder), pointOf(pose, Kp::RightShoulder));
    const Vec2 up = normalised(shoulders - midpoint(pointOf(pose, Kp::LeftHip), pointOf(pose, Kp::RightHip)), {0, -1});
    const bool turned = std::abs(dot(pointOf(pose, Kp::Nose) - shoulders, leftward)) > 0.35f * head.radius;
    return Body{pose,   painter,         palette, look,        scale,        leftward, up, farSideSign(pose),
                turned, facesAway(pose), top,     longSleeves, foreshortened};
}

PartOwner armOwner(const SideKps& s) {
    return s.shoulder == Kp::LeftShoulder ? PartOwner::LeftArm : PartOwner::RightArm;
}
PartOwner legOwner(const SideKps& s) { return s.hip == Kp::LeftHip ? PartOwner::LeftLeg : PartOwner::RightLeg; }

// An arm, then its wide sleeve (a layer of its own: it hides the elbow and wrist, not the
// shoulder it hangs from).
void paintDressedArm(const Body& b, PaintLayers& layers, const SideKps& s, const VarietyLook& v) {
    b.painter.setLayer(layers.begin(armOwner(s)));
    paintArm(b, s);
    if (!v.wideSleeves) return;
    b.painter.setLayer(layers.begin(PartOwner::Sleeve));
    paintWideSleeve(b.painter, {b.pose, b.scale, b.up, b.leftward}, s.shoulder, s.elbow, s.wrist, b.top);
}

void paintGarment(const Body& b, PaintLayers& layers, const VarietyLook& v) {
    b.painter.setLayer(layers.begin(PartOwner::Clothing));
    const GarmentFrame frame{b.pose, b.scale, b.up, b.leftward};
    switch (v.garment) {
        case Garment::LongSkirt:
            paintLongSkirt(b.painter, frame, v.hemDrop, v.garmentColour, false);
            break;
        case Garment::Dress:
            paintLongSkirt(b.painter, frame, v.hemDrop, b.palette.shirt, false);
            break;
        case Garment::Coat:
            paintLongSkirt(b.painter, frame, v.hemDrop, v.garmentColour, true);
            break;
        case Garment::Cape:
            paintCape(b.painter, frame, v.garmentColour);
            break;
        case Garment::None:
            break;
    }
}

// Hair over the shoulders and a prop in the near hand: in front of everything.
void paintFrontDetails(const Body& b, PaintLayers& layers, const HeadFrame& head, const SideKps& nearSide,
                       const VarietyLook& v) {
    if (v.locks != FrontLocks::None && !b.away) {
        b.painter.setLayer(layers.begin(PartOwner::FrontHair));
        const float nearSign = nearSide.shoulder == Kp::LeftShoulder ? 1.f : -1.f;
        const bool nearLock = v.locks != FrontLocks::FarSide, farLock = v.locks != FrontLocks::NearSide;
        for (float side : {nearSign, -nearSign}) {
            if (side == nearSign ? !nearLock : !farLock) continue;
            const Vec2 shoulder = b.at(side > 0 ? Kp::LeftShoulder : Kp::RightShoulder);
            paintFrontLock(b.painter, head, shoulder, side, b.scale, b.palette);
        }
    }
    if (v.prop != PropKind::None) {
        b.painter.setLayer(layers.begin(PartOwner::Prop));
        const Vec2 elbow = b.at(nearSide.elbow), wrist = b.at(nearSide.wrist);
        const Vec2 along = normalised(wrist - elbow, b.up * -1.f);
        paintProp(b.painter, v.prop, wrist, along, b.scale, v.propAngle, v.propColour, v.propAccent);
    }
}

// Back to front: hair behind everything, a cape, the far limbs, the torso and clothes, the
// head, the near arm, then hair and props in front. Each part in a layer of its owner.
void paintFigure(const Body& b, PaintLayers& layers, const HeadFrame& head, const HeadLook& headLook,
                 const VarietyLook& v) {
    const SideKps& farSide = b.farSign > 0 ? kLeft : kRight;
    const SideKps& nearSide = b.farSign > 0 ? kRight : kLeft;
    const bool cape = v.garment == Garment::Cape;
    if (!b.away) {
        b.painter.setLayer(layers.begin(PartOwner::BackHair));
        paintBackHair(b.painter, head, headLook, b.palette, b.farSign);
        if (cape) paintGarment(b, layers, v);
    }
    paintDressedArm(b, layers, farSide, v);
    for (const SideKps* s : {&farSide, &nearSide}) {
        b.painter.setLayer(layers.begin(legOwner(*s)));
        paintLeg(b, *s);
    }
    b.painter.setLayer(layers.begin(PartOwner::Torso));
    paintTorso(b, head);
    b.painter.setLayer(layers.begin(PartOwner::Bottom));
    paintBottom(b);
    if (v.garment != Garment::None && (!cape || b.away)) paintGarment(b, layers, v);
    b.painter.setLayer(layers.begin(PartOwner::Head));
    if (b.away)
        paintHeadFromBehind(b.painter, head, b.pose, headLook, b.palette, b.farSign);
    else
        paintHead(b.painter, head, b.pose, headLook, b.palette);
    paintDressedArm(b, layers, nearSide, v);
    paintFrontDetails(b, layers, head, nearSide, v);
}

}  // namespace

std::string_view toString(BackgroundKind k) {
    constexpr std::string_view names[] = {"random", "plain", "gradient", "noise", "stripes", "shapes", "buildings"};
    return names[static_cast<int>(k)];
}
std::string_view toString(HairKind k) {
    constexpr std::string_view names[] = {"random", "bob", "twin-tails", "ponytail", "long-hair"};
    return names[static_cast<int>(k)];
}
std::string_view toString(OutfitKind k) {
    constexpr std::string_view names[] = {"random", "skirt", "trousers", "shorts"};
    return names[static_cast<int>(k)];
}
std::string_view toString(ShadingKind k) {
    constexpr std::string_view names[] = {"random", "flat", "cel", "soft"};
    return names[static_cast<int>(k)];
}

RenderedFigure renderFigure(const Pose& input, const RenderStyle& style) {
    if (!style.variety) return renderFigure(input, style, std::nullopt);
    return renderFigure(input, style, randomVarietyLook(style));
}

RenderedFigure renderFigure(const Pose& input, const RenderStyle& style, const std::optional<VarietyLook>& varied) {
    validate(input, style);
    const VarietyLook variety = varied.value_or(VarietyLook{});
    float headScale = 1;
    Pose pose = drawnSkeleton(input, style, varied, headScale);

    cv::RNG rng(style.seed);
    const FigurePalette palette = randomPalette(rng);
    const HeadLook headLook = randomHeadLook(style.hair, rng);
    const BodyLook look = randomBodyLook(style, rng);

    RenderedFigure out;
    out.image.create(style.height, style.width, CV_8UC3);
    out.alpha = cv::Mat::zeros(style.height, style.width, CV_8U);
    const bool busy = variety.busyBackground != BackgroundKind::Random;
    paintBackground(out.image, busy ? variety.busyBackground : look.background, rng);

    const float scale = bodyScale(pose);
    const HeadFrame head = headFrameOf(pose, headScale);
    const ShadingKind shading = varied ? variety.shading : look.shading;
    PaintSettings settings{palette.outline, std::max(kMinOutline, kOutlinePerScale * scale), {}, false};
    if (varied) settings.outlineWidth = variety.lineWidth;
    if (shading != ShadingKind::Flat) settings.shadeOffset = look.light * (kShadePerScale * scale);
    settings.softShade = shading == ShadingKind::Soft;
    PartPainter painter(out.image, out.alpha, settings);
    PaintLayers layers(out.image.size());
    painter.recordLayers(layers.ids());

    const bool coat = variety.garment == Garment::Coat;
    const Body body =
        bodyOf(pose, painter, palette, look, scale, head, coat ? variety.garmentColour : palette.shirt,
               look.longSleeves || coat,
               variety.foreshortenedSegment >= 0 ? foreshortenedJoint(variety.foreshortenedSegment) : Kp::Nose);
    paintFigure(body, layers, head, headLook, variety);

    layers.applyVisibility(pose, std::max(kMinVisibilityDisc, kVisibilityDisc * scale));
    deriveMidpoints(pose);
    const cv::Rect box = cv::boundingRect(out.alpha);
    pose.box = {static_cast<float>(box.x), static_cast<float>(box.y), static_cast<float>(box.width),
                static_cast<float>(box.height)};
    out.pose = pose;
    out.headRadius = head.radius;
    out.description = std::string(toString(headLook.hair)) + " " + std::string(toString(look.outfit)) + " " +
                      std::string(toString(shading)) + " " +
                      std::string(toString(busy ? variety.busyBackground : look.background));
    if (varied) out.description += " " + describe(variety);
    return out;
}

}  // namespace refpose
