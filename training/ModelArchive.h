#pragma once
// Writing and reading the model file and the checkpoints (sealed with a checksum, temp file +
// rename). Internal (LibTorch).

#include "Networks.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace refpose::training {

// The archive key of the model file's metadata JSON.
inline constexpr const char* kMetadataKey = "refpose_metadata";

// Metadata describing a network and its crop geometry (the model file's "refpose_metadata").
nlohmann::json modelMetadata(const TrainConfig& config, const NetworkShape& shape, std::uint64_t taskSeed);
NetworkShape shapeFromMetadata(const nlohmann::json& metadata, const std::string& source);

// Saves the network and metadata atomically; throws FileWriteError.
void saveModelFile(PoseNetwork& network, const nlohmann::json& metadata, const std::filesystem::path& file);

// Saves `archive` to `file`, sealed with a checksum (model/SealedArchive.h), through a temporary
// file beside it and a rename. Read it back with loadSealedArchive().
void saveArchiveAtomically(torch::serialize::OutputArchive& archive, const std::filesystem::path& file);

// Reads the metadata string of a saved archive; throws ModelError naming the file.
nlohmann::json loadMetadata(torch::serialize::InputArchive& archive, const std::filesystem::path& file);

}  // namespace refpose::training
