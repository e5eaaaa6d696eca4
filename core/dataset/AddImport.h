#pragma once
// Import of AnimeDrawingsDataset annotations (Khungurn et al. 2016; ../shared/add) into COCO
// keypoints. Mapping (the character's left/right in both formats):
//   nose <- nose_tip; shoulders <- arm_*; elbows <- elbow_*; wrists <- wrist_*;
//   hips <- leg_*; knees <- knee_*; ankles <- ankle_*.
// ADD has no eyes or ears: they are unlabelled (v = 0). Labelled points are visible (v = 2).
// head, neck, nose_root, body_upper, thumbs and tiptoes have no COCO counterpart; they still
// shape the box: the tight box of all 21 ADD points, grown by kAddBoxMargin of its longest side
// on every side (so the head top, hands and feet fall inside), clipped to the image.
// A record of unknown size (width and height 0) gets the size of the grown box's far corner and
// "size_estimated": true on its image. The image id is the Danbooru post id of "data/images/<post id>.jpg".

#include "dataset/CocoDataset.h"

#include <filesystem>

namespace refpose {

inline constexpr float kAddBoxMargin = 0.05f;

CocoDataset convertAdd(const nlohmann::json& records, const std::string& source = "ADD data");
CocoDataset readAdd(const std::filesystem::path& file);

}  // namespace refpose
