#include "render/FigureRenderer.h"

#include "render/FigureBackground.h"
#include "render/FigureGeometry.h"
#include "render/FigurePalette.h"
#include "render/HeadPainter.h"
#include "render/PartPainter.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
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
constexpr float kNeckRadius = 0.07f;
constexpr float kSleeveReach = 0.55f;   // share of the upper arm a short sleeve covers
constexpr float kStockingTop = 0.55f;   // share of the thigh where stockings start
constexpr float kShortsReach = 0.45f;   // share of the thigh shorts cover
constexpr float kOutlinePerScale = 0.014f, kMinOutline = 1.5f;
constexpr float kShadePerScale = 0.1f;   // how far the lit area is shifted towards the light
constexpr float kChinUp = -0.8f;         // where the neck meets the head (head radii)

struct SideKps { Kp shoulder, elbow, wrist, hip, knee, ankle; };
constexpr SideKps kLeft{Kp::LeftShoulder, Kp::LeftElbow, Kp::LeftWrist, Kp::LeftHip, Kp::LeftKnee, Kp::LeftAnkle};
constexpr SideKps kRight{Kp::RightShoulder, Kp::RightElbow, Kp::RightWrist, Kp::RightHip, Kp::RightKnee, Kp::RightAnkle};

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
                                    std::to_string(style.height) + " is outside " + std::to_string(kMinSide) +
                                    ".." + std::to_string(kMaxSide));
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
    bool turned;    // face turned sideways: both feet point the way the face looks

    Vec2 at(Kp k) const { return pointOf(pose, k); }
    float r(float s) const { return s * scale; }
};

void paintArm(const Body& b, const SideKps& s) {
    const Vec2 shoulder = b.at(s.shoulder), elbow = b.at(s.elbow), wrist = b.at(s.wrist);
    const Vec2 along = normalised(wrist - elbow, normalised(elbow - shoulder, b.up * -1.f));
    b.painter.paint({capsule(shoulder, elbow, b.r(kUpperArmRoot), b.r(kUpperArmEnd)),
                     capsule(elbow, wrist, b.r(kUpperArmEnd), b.r(kForearmEnd))},
                    b.look.longSleeves ? b.palette.shirt : b.palette.skin);
    b.painter.paint(capsule(wrist, wrist + along * b.r(kHandLength), b.r(kHandRoot), b.r(kHandEnd)), b.palette.skin);
    if (!b.look.longSleeves && !b.look.sleeveless)
        b.painter.paint(capsule(shoulder, shoulder + (elbow - shoulder) * kSleeveReach, b.r(kUpperArmRoot * 1.2f),
                                b.r(kUpperArmEnd * 1.3f)),
                        b.palette.shirt);
}

Vec2 outwardOf(const Body& b, const SideKps& s) {
    const Vec2 hips = midpoint(b.at(Kp::LeftHip), b.at(Kp::RightHip));
    const float sign = s.hip == Kp::LeftHip ? 1.f : -1.f;
    return normalised(b.at(s.hip) - hips, b.leftward * sign);
}

void paintLeg(const Body& b, const SideKps& s) {
    const Vec2 hip = b.at(s.hip), knee = b.at(s.knee), ankle = b.at(s.ankle);
    const bool trousers = b.look.outfit == OutfitKind::Trousers;
    b.painter.paint({capsule(hip, knee, b.r(kThighRoot), b.r(kThighEnd)),
                     capsule(knee, ankle, b.r(kThighEnd), b.r(kShinEnd))},
                    trousers ? b.palette.bottom : b.palette.skin);
    if (!trousers && b.look.stockings)
        b.painter.paint({capsule(hip + (knee - hip) * kStockingTop, knee, b.r(kThighEnd * 1.08f), b.r(kThighEnd * 1.02f)),
                         capsule(knee, ankle, b.r(kThighEnd * 1.02f), b.r(kShinEnd * 1.05f))},
                        b.palette.legwear);
    if (b.look.outfit == OutfitKind::Shorts)
        b.painter.paint(capsule(hip, hip + (knee - hip) * kShortsReach, b.r(kThighRoot * 1.1f), b.r(kThighRoot * 1.05f)),
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
    Polygon torso;
    for (Kp k : {Kp::LeftShoulder, Kp::RightShoulder}) {
        const auto disc = ellipse(b.at(k), {b.r(kShoulderRadius), 0}, {0, b.r(kShoulderRadius)});
        torso.insert(torso.end(), disc.begin(), disc.end());
    }
    for (Kp k : {Kp::LeftHip, Kp::RightHip}) {
        const auto disc = ellipse(b.at(k), {b.r(kHipRadius), 0}, {0, b.r(kHipRadius)});
        torso.insert(torso.end(), disc.begin(), disc.end());
    }
    b.painter.paint(convexHullOf(torso), b.palette.shirt);
    if (b.look.ribbon) {
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

}  // namespace

std::string_view toString(BackgroundKind k) {
    constexpr std::string_view names[] = {"random", "plain", "gradient", "noise", "stripes"};
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
    constexpr std::string_view names[] = {"random", "flat", "cel"};
    return names[static_cast<int>(k)];
}

RenderedFigure renderFigure(const Pose& input, const RenderStyle& style) {
    validate(input, style);
    Pose pose = input;
    completeHeadKeypoints(pose);
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        pose.kp[i].v = Visibility::Visible;
        pose.kp[i].score = 1.f;
    }
    deriveMidpoints(pose);

    cv::RNG rng(style.seed);
    const FigurePalette palette = randomPalette(rng);
    const HeadLook headLook = randomHeadLook(style.hair, rng);
    const BodyLook look = randomBodyLook(style, rng);

    RenderedFigure out;
    out.image.create(style.height, style.width, CV_8UC3);
    out.alpha = cv::Mat::zeros(style.height, style.width, CV_8U);
    paintBackground(out.image, look.background, rng);

    const float scale = bodyScale(pose);
    const HeadFrame head = headFrameOf(pose);
    PaintSettings settings{palette.outline, std::max(kMinOutline, kOutlinePerScale * scale), {}};
    if (look.shading == ShadingKind::Cel) settings.shadeOffset = look.light * (kShadePerScale * scale);
    PartPainter painter(out.image, out.alpha, settings);

    const Vec2 leftward = normalised(pointOf(pose, Kp::LeftShoulder) - pointOf(pose, Kp::RightShoulder), {1.f, 0.f});
    const Vec2 shoulders = midpoint(pointOf(pose, Kp::LeftShoulder), pointOf(pose, Kp::RightShoulder));
    const Vec2 up = normalised(shoulders - midpoint(pointOf(pose, Kp::LeftHip), pointOf(pose, Kp::RightHip)), {0, -1});
    const int far = farSideSign(pose);
    const bool turned = std::abs(dot(pointOf(pose, Kp::Nose) - shoulders, leftward)) > 0.35f * head.radius;
    const Body body{pose, painter, palette, look, scale, leftward, up, far, turned};
    const SideKps& farSide = far > 0 ? kLeft : kRight;
    const SideKps& nearSide = far > 0 ? kRight : kLeft;

    // Back to front: hair behind everything, the far limbs, the torso, the head, the near arm.
    paintBackHair(painter, head, headLook, palette, far);
    paintArm(body, farSide);
    paintLeg(body, farSide);
    paintLeg(body, nearSide);
    paintTorso(body, head);
    paintBottom(body);
    paintHead(painter, head, pose, headLook, palette);
    paintArm(body, nearSide);

    const cv::Rect box = cv::boundingRect(out.alpha);
    pose.box = {static_cast<float>(box.x), static_cast<float>(box.y), static_cast<float>(box.width),
                static_cast<float>(box.height)};
    out.pose = pose;
    out.description = std::string(toString(headLook.hair)) + " " + std::string(toString(look.outfit)) + " " +
                      std::string(toString(look.shading)) + " " + std::string(toString(look.background));
    return out;
}

}  // namespace refpose
