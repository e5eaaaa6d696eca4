#pragma once
// Skeletons for the figure renderer: the poses built into the project (used when the data
// beside the project is absent), the real illustrated poses of the AnimeDrawingsDataset, and
// helpers that fit a pose into an image and vary it at random.

#include "schema/Pose.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace refpose {

struct NamedPose {
    std::string name;  // e.g. "arms-raised" or "add-1001467"
    Pose pose;
};

// Share of the image's shorter side left free on every side by fitToImage.
inline constexpr float kDefaultFitMargin = 0.06f;

// A dozen everyday poses in a unit box (x right, y down, 0..1), facing the viewer: standing,
// walking, arms-raised, sitting, kneeling, running, waving, hands-on-hips, t-pose, jumping,
// crouching, pointing. Body points and nose labelled; eyes and ears left to the renderer.
const std::vector<NamedPose>& builtinPoses();

// The poses of an ADD annotation file (readAdd), in the pixels of their source images, named
// "add-<post id>", eyes and ears synthesised from the nose and shoulders. Records lacking a
// body point are dropped. Throws DatasetError naming the file when it is unreadable.
std::vector<NamedPose> loadAddPoses(const std::filesystem::path& file);

// The pose scaled and moved so that the whole drawn figure (hair, hands and feet included)
// fits width x height, centred, with `margin` of the shorter side free on every side.
// Needs the 12 body points (hasBodyKeypoints). The box is moved with the points.
Pose fitToImage(const Pose& pose, int width, int height, float margin = kDefaultFitMargin);

struct JitterOptions {
    float maxRotationDeg = 12.f;  // uniform rotation about the pose's centre
    float jointJitter = 0.04f;    // per-joint Gaussian shift, in units of the body scale
    bool allowMirror = true;      // a left-right mirror with probability one half
};

// A random variation of `pose`, reproducible for a seed. The head points move together, so
// the face keeps its shape.
Pose jitteredPose(const Pose& pose, std::uint64_t seed, const JitterOptions& options = {});

}  // namespace refpose
