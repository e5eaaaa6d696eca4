#pragma once
// MoveNet Thunder / Lightning (TF.js graph models) as a PoseEstimator. PoseEstimator::open
// creates one for a ".json" model file; this header only names the model's nodes that other
// layers (training) read, and the factory. No LibTorch here.
//
// Pipeline per image: letterboxed whole image -> box model's heatmaps (Lightning when it lies
// beside the model, EstimatorOptions::boxModel) -> keypoints -> the character's box -> square
// crop centred on the box, padded on every side -> the model's heatmaps -> Gaussian smoothing,
// arg-max, sub-pixel refinement -> image coordinates; the 8 midpoints derived from endpoints.
// Where the crop is less confident than the whole image was, the whole-image estimate stands.
// With BoxSource::Segmenter the box is instead the largest region of the selfie segmenter's mask
// (CharacterSegmenter.h; the paper's way), and the box pass runs only where the mask is empty.

#include "estimate/PoseEstimator.h"

#include <filesystem>
#include <memory>

namespace refpose {

// The 17 keypoint heatmaps after the sigmoid, NHWC [batch, input/4, input/4, 17].
inline constexpr const char* kMoveNetHeatmapNode = "StatefulPartitionedCall/Sigmoid";
// The RGB image as float32 NHWC [batch, input, input, 3] with values 0..255, after the model's
// int32 -> float cast and before its normalisation: fed here, any batch size works (the int32
// placeholder "input" accepts only a batch of one).
inline constexpr const char* kMoveNetImageNode = "StatefulPartitionedCall/stack";

// `fineTuned`: an archive whose graph weights replace the model's (see MoveNetNetwork.h).
std::unique_ptr<PoseEstimator> openMoveNet(const std::filesystem::path& modelJson, const EstimatorOptions& options,
                                           const std::filesystem::path& fineTuned = {});

}  // namespace refpose
