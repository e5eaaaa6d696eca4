#pragma once
// The one source of truth for RefPose's keypoint schema (../shared/DESIGN.md, "Keypoints").
// 17 COCO keypoints in COCO order, then 8 limb midpoints (Chen & Zwicker 2022).
// "Left" is the character's left. Nothing else in the project hard-codes a keypoint index.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace refpose {

enum class Kp : std::uint8_t {
    Nose,
    LeftEye,
    RightEye,
    LeftEar,
    RightEar,
    LeftShoulder,
    RightShoulder,
    LeftElbow,
    RightElbow,
    LeftWrist,
    RightWrist,
    LeftHip,
    RightHip,
    LeftKnee,
    RightKnee,
    LeftAnkle,
    RightAnkle,
    // Limb midpoints (paper: "8 for auxiliary appendage midpoints").
    LeftUpperArm,
    RightUpperArm,
    LeftForearm,
    RightForearm,
    LeftThigh,
    RightThigh,
    LeftShin,
    RightShin,
};

inline constexpr std::size_t kNumCocoKeypoints = 17;
inline constexpr std::size_t kNumKeypoints = 25;
inline constexpr std::size_t kNumMidpoints = kNumKeypoints - kNumCocoKeypoints;

constexpr std::size_t idx(Kp k) { return static_cast<std::size_t>(k); }

// Snake-case names; the first 17 are exactly COCO's "keypoints" names.
inline constexpr std::array<std::string_view, kNumKeypoints> kKeypointNames = {
    "nose",       "left_eye",    "right_eye",   "left_ear",       "right_ear",       "left_shoulder", "right_shoulder",
    "left_elbow", "right_elbow", "left_wrist",  "right_wrist",    "left_hip",        "right_hip",     "left_knee",
    "right_knee", "left_ankle",  "right_ankle", "left_upper_arm", "right_upper_arm", "left_forearm",  "right_forearm",
    "left_thigh", "right_thigh", "left_shin",   "right_shin",
};

// Side of the body, for colouring and for mirror operations.
enum class Side : std::uint8_t { Centre, Left, Right };

inline constexpr std::array<Side, kNumKeypoints> kKeypointSide = {
    Side::Centre, Side::Left,  Side::Right, Side::Left,  Side::Right, Side::Left,  Side::Right,
    Side::Left,   Side::Right, Side::Left,  Side::Right, Side::Left,  Side::Right, Side::Left,
    Side::Right,  Side::Left,  Side::Right, Side::Left,  Side::Right, Side::Left,  Side::Right,
    Side::Left,   Side::Right, Side::Left,  Side::Right,
};

// kFlip[i] is the keypoint that i becomes under a horizontal flip (an involution).
inline constexpr std::array<std::uint8_t, kNumKeypoints> kFlip = [] {
    std::array<std::uint8_t, kNumKeypoints> f{};
    for (std::size_t i = 0; i < kNumKeypoints; ++i) {
        // Left/right points come in adjacent (left, right) pairs; the nose maps to itself.
        if (i == idx(Kp::Nose))
            f[i] = static_cast<std::uint8_t>(i);
        else
            f[i] = static_cast<std::uint8_t>((i % 2 == 1) ? i + 1 : i - 1);
    }
    return f;
}();

// A midpoint is the mean of two COCO endpoints.
struct MidpointDef {
    Kp midpoint;
    Kp a;
    Kp b;
};
inline constexpr std::array<MidpointDef, kNumMidpoints> kMidpoints = {{
    {Kp::LeftUpperArm, Kp::LeftShoulder, Kp::LeftElbow},
    {Kp::RightUpperArm, Kp::RightShoulder, Kp::RightElbow},
    {Kp::LeftForearm, Kp::LeftElbow, Kp::LeftWrist},
    {Kp::RightForearm, Kp::RightElbow, Kp::RightWrist},
    {Kp::LeftThigh, Kp::LeftHip, Kp::LeftKnee},
    {Kp::RightThigh, Kp::RightHip, Kp::RightKnee},
    {Kp::LeftShin, Kp::LeftKnee, Kp::LeftAnkle},
    {Kp::RightShin, Kp::RightKnee, Kp::RightAnkle},
}};

struct Edge {
    Kp a;
    Kp b;
};

// Skeleton drawn by every view: COCO's 19 edges (head, torso, limbs).
inline constexpr std::array<Edge, 19> kSkeletonEdges = {{
    {Kp::LeftAnkle, Kp::LeftKnee},     {Kp::LeftKnee, Kp::LeftHip},
    {Kp::RightAnkle, Kp::RightKnee},   {Kp::RightKnee, Kp::RightHip},
    {Kp::LeftHip, Kp::RightHip},       {Kp::LeftShoulder, Kp::LeftHip},
    {Kp::RightShoulder, Kp::RightHip}, {Kp::LeftShoulder, Kp::RightShoulder},
    {Kp::LeftShoulder, Kp::LeftElbow}, {Kp::RightShoulder, Kp::RightElbow},
    {Kp::LeftElbow, Kp::LeftWrist},    {Kp::RightElbow, Kp::RightWrist},
    {Kp::LeftEye, Kp::RightEye},       {Kp::Nose, Kp::LeftEye},
    {Kp::Nose, Kp::RightEye},          {Kp::LeftEye, Kp::LeftEar},
    {Kp::RightEye, Kp::RightEar},      {Kp::LeftEar, Kp::LeftShoulder},
    {Kp::RightEar, Kp::RightShoulder},
}};

// The 14 parts of PCPm as the paper's reference implementation scores them (DESIGN.md,
// "Metrics"): the head's ear-eye and eye-nose links, the arms joined by the shoulder line, and
// the legs joined by the hip line. The torso sides are not parts.
inline constexpr std::array<Edge, 14> kPcpLimbs = {{
    {Kp::RightEar, Kp::RightEye},
    {Kp::RightEye, Kp::Nose},
    {Kp::Nose, Kp::LeftEye},
    {Kp::LeftEye, Kp::LeftEar},
    {Kp::RightWrist, Kp::RightElbow},
    {Kp::RightElbow, Kp::RightShoulder},
    {Kp::RightShoulder, Kp::LeftShoulder},
    {Kp::LeftShoulder, Kp::LeftElbow},
    {Kp::LeftElbow, Kp::LeftWrist},
    {Kp::RightAnkle, Kp::RightKnee},
    {Kp::RightKnee, Kp::RightHip},
    {Kp::RightHip, Kp::LeftHip},
    {Kp::LeftHip, Kp::LeftKnee},
    {Kp::LeftKnee, Kp::LeftAnkle},
}};

// COCO OKS sigmas for the 17 keypoints; a midpoint takes the mean of its endpoints' (paper).
inline constexpr std::array<float, kNumKeypoints> kOksSigmas = [] {
    std::array<float, kNumKeypoints> s = {.026f, .025f, .025f, .035f, .035f, .079f, .079f, .072f, .072f,
                                          .062f, .062f, .107f, .107f, .087f, .087f, .089f, .089f};
    for (const auto& m : kMidpoints) s[idx(m.midpoint)] = (s[idx(m.a)] + s[idx(m.b)]) / 2.f;
    return s;
}();

// Keypoint groups of the paper's per-group tables.
enum class KpGroup : std::uint8_t { Nose, Eyes, Ears, Shoulders, Elbows, Wrists, Hips, Knees, Ankles, Midpoints };
inline constexpr std::size_t kNumCocoGroups = 9;
inline constexpr std::array<std::string_view, 10> kGroupNames = {"nose",   "eyes", "ears",  "shoulders", "elbows",
                                                                 "wrists", "hips", "knees", "ankles",    "midpoints"};

constexpr KpGroup groupOf(std::size_t i) {
    if (i == 0) return KpGroup::Nose;
    if (i >= kNumCocoKeypoints) return KpGroup::Midpoints;
    return static_cast<KpGroup>((i + 1) / 2);
}

struct Rgb {
    std::uint8_t r, g, b;
};
// Left limbs warm, right limbs cool, centre neutral: every view colours by side.
inline constexpr Rgb kLeftColour{240, 120, 40};
inline constexpr Rgb kRightColour{40, 140, 240};
inline constexpr Rgb kCentreColour{90, 200, 90};

constexpr Rgb colourOf(Side s) {
    return s == Side::Left ? kLeftColour : s == Side::Right ? kRightColour : kCentreColour;
}
constexpr Rgb edgeColour(const Edge& e) {
    const Side a = kKeypointSide[idx(e.a)], b = kKeypointSide[idx(e.b)];
    return colourOf(a == b ? a : Side::Centre);
}

// Index of a keypoint name, or nothing.
constexpr std::optional<std::size_t> keypointIndex(std::string_view name) {
    for (std::size_t i = 0; i < kNumKeypoints; ++i)
        if (kKeypointNames[i] == name) return i;
    return std::nullopt;
}

}  // namespace refpose
