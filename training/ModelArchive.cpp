#include "ModelArchive.h"

#include "TrainedModel.h"
#include "estimate/PoseEstimator.h"
#include "model/SealedArchive.h"
#include "util/AtomicFile.h"
#include "util/SafeJson.h"

#include <fstream>
#include <sstream>

namespace refpose::training {
nlohmann::json modelMetadata(const TrainConfig& c, const NetworkShape& s, std::uint64_t taskSeed) {
    return {{"format", kModelFormat},
            {"version", kModelFormatVersion},
            {"architecture", architectureName(s.architecture)},
            {"resnet_depth", s.resnetDepth},
            {"resnet_width", s.resnetWidth},
            {"head_channels", s.headChannels},
            {"heatmap_size", s.heatmapSize},
            {"task_channels", s.taskChannels},
            {"input_size", c.inputSize},
            {"padding", c.padding},
            {"task_source", c.taskSource},
            {"task_model", c.taskModel.string()},
            {"task_seed", taskSeed},
            {"keypoints", kNumKeypoints}};
}

NetworkShape shapeFromMetadata(const nlohmann::json& m, const std::string& source) {
    try {
        if (m.at("format").get<std::string>() != kModelFormat) throw ModelError(source + ": not a RefPose model file");
        if (m.at("version").get<int>() > kModelFormatVersion)
            throw ModelError(source + ": model format version " + std::to_string(m.at("version").get<int>()) +
                             " is newer than this build reads (" + std::to_string(kModelFormatVersion) + ")");
        if (m.at("keypoints").get<std::size_t>() != kNumKeypoints) throw ModelError(source + ": wrong keypoint count");
        NetworkShape s;
        s.architecture = architectureFromName(m.at("architecture").get<std::string>());
        s.resnetDepth = m.at("resnet_depth").get<int>();
        s.resnetWidth = m.at("resnet_width").get<int>();
        s.headChannels = m.at("head_channels").get<int>();
        s.heatmapSize = m.at("heatmap_size").get<int>();
        s.taskChannels = m.at("task_channels").get<int>();
        return s;
    } catch (const nlohmann::json::exception& e) {
        throw ModelError(source + ": broken model metadata: " + e.what());
    } catch (const ConfigError& e) {
        throw ModelError(source + ": " + e.what());
    }
}

void saveArchiveAtomically(torch::serialize::OutputArchive& archive, const std::filesystem::path& file) {
    // Serialise in memory, seal with a checksum, then let writeFileAtomically do temp + fsync + rename.
    std::ostringstream bytes;
    archive.save_to(bytes);
    writeFileAtomically(file, sealArchiveBytes(std::move(bytes).str()));
}

void saveModelFile(PoseNetwork& network, const nlohmann::json& metadata, const std::filesystem::path& file) {
    torch::serialize::OutputArchive archive;
    network->save(archive);
    archive.write(kMetadataKey, c10::IValue(dumpJson(metadata)));
    saveArchiveAtomically(archive, file);
}

nlohmann::json loadMetadata(torch::serialize::InputArchive& archive, const std::filesystem::path& file) {
    c10::IValue value;
    if (!archive.try_read(kMetadataKey, value) || !value.isString())
        throw ModelError(file.string() + ": not a RefPose model file (no metadata)");
    try {
        return parseJson(value.toStringRef());
    } catch (const nlohmann::json::exception& e) {
        throw ModelError(file.string() + ": broken model metadata: " + e.what());
    }
}

}  // namespace refpose::training
