#pragma once
// Helpers shared by the pose-search sub-commands (index, query, import-poses).

#include "estimate/PoseEstimator.h"
#include "schema/Pose.h"

#include <filesystem>
#include <memory>
#include <string>

namespace refpose::cli {

// The default pose model of every command: RefPose's own, fine-tuned on illustrations.
inline constexpr const char* kDefaultEstimateModel = "illustrated";
// Default pose model of the search commands.
inline constexpr const char* kDefaultSearchModel = kDefaultEstimateModel;

// "illustrated" -> refpose-illustrated.refpose, "thunder" / "lightning" -> movenet-<name>.json,
// in the models folder (util/InstallLayout.h: REFPOSE_MODELS_DIR, else found from the program);
// anything else is a model file path.
std::filesystem::path resolveModel(const std::string& choice);
std::unique_ptr<PoseEstimator> openEstimator(const std::string& choice);

// A query pose from JSON: {"keypoints": [x, y, v] x 17 or 25, "bbox": [x, y, w, h] (optional),
// "scores": [...] (optional)}, or a COCO keypoints file (its first annotation).
// Throws std::runtime_error naming the file and the problem.
Pose readPoseFile(const std::filesystem::path& file);

// "left_wrist,right_wrist,nose" -> joint bits; throws std::runtime_error on an unknown name.
std::uint32_t parseJointList(const std::string& list);

}  // namespace refpose::cli
