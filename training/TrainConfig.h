#pragma once
// A training run as a JSON config file (DESIGN.md, "Training": a run is a config file in,
// checkpoints and JSON-lines progress out). See docs/training.md for every field.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace refpose::training {

// A config that cannot be run: what() names the file and the field.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The paper's architectures (section 4), its two baselines, and its "task fine-tuning" row:
// MoveNet itself trained end to end (training/MoveNetFineTune.h).
enum class Architecture { DomainOnly, TaskOnly, Concat, Matching, TaskFineTune };

Architecture architectureFromName(const std::string& name);
std::string architectureName(Architecture a);

struct AugmentConfig {
    bool enabled = true;
    float rotationDegrees = 360.f;           // uniform in [-r/2, r/2]; 360 = any orientation (paper, pose)
    float translate = 0.1f;                  // shift of the crop centre, as a share of the crop side
    float scaleMin = 0.8f, scaleMax = 1.2f;  // crop side multiplier
    bool flip = true;                        // horizontal flip with left/right keypoints swapped
    float colour = 0.2f;                     // brightness/contrast/saturation jitter amplitude
    bool hue = true;                         // hue jitter (off for tags, paper)
};

// One more set of training samples (a COCO keypoints file and its images), repeated `repeat`
// times per epoch: mixes real labelled illustrations with rendered figures in one run.
struct ExtraDataset {
    std::filesystem::path dataset, imageDir;
    int repeat = 1;
};

struct TrainConfig {
    std::string mode = "pose";                // "pose" or "tagger"
    std::filesystem::path dataset;            // COCO keypoints file (pose) or tag CSV (tagger)
    std::filesystem::path imageDir;           // default: the dataset file's folder
    int datasetRepeat = 1;                    // times each sample of `dataset` appears per epoch
    std::vector<ExtraDataset> extraDatasets;  // more training sets
    std::filesystem::path valDataset;         // default: the training dataset
    std::filesystem::path valImageDir;        // default: imageDir
    std::filesystem::path outDir;             // checkpoints, progress, exported model
    Architecture architecture = Architecture::DomainOnly;
    std::string taskSource = "movenet";  // "movenet" or "random-resnet" (frozen, for tests)
    std::filesystem::path taskModel;     // MoveNet model.json for the task source
    int resnetDepth = 50;                // 18, 34 or 50 (paper: 50)
    int resnetWidth = 64;                // channels of the first stage (64 = standard)
    int headChannels = 64;               // converter and head width
    int inputSize = 256;                 // square crop side in pixels
    int heatmapSize = 64;                // heatmap side in pixels
    float padding = 0.1f;                // crop padding, share of the box side (>= 0.1)
    AugmentConfig augment;
    double learningRate = 1e-3;
    int batchSize = 32;
    int epochs = 10;
    long maxSteps = 0;  // 0 = no limit besides epochs
    std::uint64_t seed = 1;
    std::string device = "auto";        // auto, cpu, cuda
    int threads = 0;                    // LibTorch intra-op threads; 0 = default
    int workers = 2;                    // data loader threads
    int prefetch = 4;                   // batches queued ahead of the model
    long checkpointEvery = 200;         // steps between checkpoints
    int evalEvery = 1;                  // epochs between validations
    int patience = 0;                   // early stop after this many epochs without a better OKS@50; 0 = off
    float matchingWeight = 1.f;         // weight of the feature-matching MSE
    std::string finetuneScope = "all";  // task-finetune: "all", "fpn-head" (backbone frozen) or "head"
    int logEvery = 1;                   // steps between progress lines
    std::filesystem::path sourceFile;   // the config's own path, for messages

    std::filesystem::path stopFile() const { return outDir / "STOP"; }
    std::filesystem::path checkpointFile() const { return outDir / "checkpoint.pt"; }
    std::filesystem::path bestFile() const { return outDir / "best.pt"; }
    std::filesystem::path modelFile() const { return outDir / "model.refpose"; }
};

// Parses and validates; relative paths are resolved against `base` (the config's folder).
TrainConfig configFromJson(const nlohmann::json& j, const std::filesystem::path& base,
                           const std::string& source = "config");
TrainConfig readConfig(const std::filesystem::path& file);
nlohmann::json configToJson(const TrainConfig& c);

}  // namespace refpose::training
