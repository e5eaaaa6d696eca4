#pragma once
// COCO keypoint datasets (the format of the annotator, the trainer and `refpose-cli eval`).
// Files hold the 17 COCO keypoints; RefPose's 8 midpoints are derived on reading.
// See docs/adr/0001-coco-keypoints.md.

#include "schema/Pose.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace refpose {

// A malformed dataset: what() names the file, the annotation or image id and the field.
class DatasetError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct CocoImage {
    std::int64_t id = 0;
    std::string fileName;
    int width = 0, height = 0;
    nlohmann::json extra = nlohmann::json::object();  // other fields, kept for round-trips
    bool operator==(const CocoImage&) const = default;
};

struct CocoAnnotation {
    std::int64_t id = 0;
    std::int64_t imageId = 0;
    std::int64_t categoryId = 1;
    Pose pose;  // 17 keypoints from the file (score 1 when labelled), midpoints derived; box = bbox
    double area = 0;
    int iscrowd = 0;
    nlohmann::json extra = nlohmann::json::object();
    bool operator==(const CocoAnnotation&) const = default;
};

struct CocoCategory {
    std::int64_t id = 1;
    std::string name = "person";
    std::string supercategory = "person";
    std::vector<std::string> keypoints;         // COCO's 17 names
    std::vector<std::pair<int, int>> skeleton;  // 1-based joint numbers, as in COCO files
    nlohmann::json extra = nlohmann::json::object();
    bool operator==(const CocoCategory&) const = default;
};

struct CocoDataset {
    std::vector<CocoImage> images;
    std::vector<CocoAnnotation> annotations;
    std::vector<CocoCategory> categories;
    nlohmann::json extra = nlohmann::json::object();  // info, licenses and any other top-level field
    bool operator==(const CocoDataset&) const = default;

    const CocoImage* findImage(std::int64_t id) const;
};

// The category RefPose writes: COCO's person with its 17 keypoints and 19-edge skeleton.
CocoCategory defaultPersonCategory();

// Parse and validate. Throws DatasetError; `source` names the file in messages.
CocoDataset parseCoco(const nlohmann::json& root, const std::string& source = "COCO data");
CocoDataset readCoco(const std::filesystem::path& file);

// The JSON of a dataset or results file; throws DatasetError naming the file when it cannot be
// opened or is not valid JSON (readCoco and readPredictions share it, so their errors match).
nlohmann::json readJsonFile(const std::filesystem::path& file);

// Serialise; writeCoco replaces the file atomically.
nlohmann::json toJson(const CocoDataset& dataset);
void writeCoco(const CocoDataset& dataset, const std::filesystem::path& file);

// Checks the invariants parseCoco enforces on a dataset built in memory; throws DatasetError.
void validateCoco(const CocoDataset& dataset, const std::string& source = "COCO data");

}  // namespace refpose
