#pragma once
// The exported model file (docs/adr/0500-refpose-model-file.md): a LibTorch archive holding the
// network's parameters and buffers and, under the key "refpose_metadata", a JSON string with the
// architecture, the network's shape and the crop geometry. PoseEstimator::open opens it once
// registerTrainedModelLoader() has run.

#include "estimate/PoseEstimator.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace refpose::training {

// Format tag and version written into every model file's metadata.
inline constexpr const char* kModelFormat = "refpose-model";
inline constexpr int kModelFormatVersion = 1;
inline constexpr const char* kModelExtension = ".refpose";

// Registers the ".refpose" loader with PoseEstimator::open (call once from each app's main).
void registerTrainedModelLoader();

// Reads only the metadata of a model file; throws ModelError naming the file and the reason.
nlohmann::json readModelMetadata(const std::filesystem::path& file);

// Opens a model file as an estimator; throws ModelError.
std::unique_ptr<PoseEstimator> openTrainedModel(const std::filesystem::path& file,
                                                const EstimatorOptions& options = {});

}  // namespace refpose::training
