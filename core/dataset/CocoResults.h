#pragma once
// Predictions for `refpose-cli eval`, in either form COCO tools write them:
//  - a COCO keypoints dataset (images, annotations), as refpose-cli itself writes, or
//  - a COCO results list (pycocotools loadRes, mmpose, detectron2): a top-level JSON array of
//    {"image_id": int, "category_id": int, "keypoints": [x, y, confidence] x 17, "score": number}.
// A results list carries no images, so its entries are placed on the ground truth's images by
// image_id. Single-person evaluation: of several results on one image, the highest "score" is kept.
// Errors name the file, the entry ("result #i", counted from 0 as in the array) and the field.

#include "dataset/CocoDataset.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace refpose {

// A results list as a dataset on `truth`'s images: one annotation per image that has a result.
// The third keypoint value is a confidence, not a visibility: every keypoint counts as predicted
// (visibility Visible, score = that confidence), as COCO's evaluation reads results.
// Throws DatasetError; `source` names the file in messages.
CocoDataset parseCocoResults(const nlohmann::json& root, const CocoDataset& truth,
                             const std::string& source = "COCO results");

// Reads a prediction file in either form (a top-level array is a results list). Throws DatasetError.
CocoDataset readPredictions(const std::filesystem::path& file, const CocoDataset& truth);

}  // namespace refpose
