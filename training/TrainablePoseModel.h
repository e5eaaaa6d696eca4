#pragma once
// What the trainer trains: the paper's transfer architectures (PoseNetwork with its task source)
// or MoveNet fine-tuned end to end. One interface, so the trainer's loop, checkpoints, validation
// and export are written once. Internal to refpose_training (LibTorch).

#include "TrainConfig.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <filesystem>
#include <memory>
#include <vector>

namespace refpose::training {

struct StepLoss {
    torch::Tensor total;     // what the optimiser minimises
    torch::Tensor heatmap;   // the heatmap BCE
    torch::Tensor matching;  // feature matching's MSE (undefined for other architectures)
};

class TrainablePoseModel {
public:
    virtual ~TrainablePoseModel() = default;

    virtual std::vector<torch::Tensor> parameters() = 0;
    // images [N, 3, S, S] in [0, 1]; targets [N, 25, H, H]; weights [N, 25] (1 = labelled).
    virtual StepLoss loss(const torch::Tensor& images, const torch::Tensor& targets, const torch::Tensor& weights) = 0;
    // Heatmap probabilities [N, K, H, H] in eval mode without gradients; K = 25, or 17 for a
    // model that predicts no midpoints (they are then derived from their endpoints).
    virtual torch::Tensor heatmaps(const torch::Tensor& rgb01) = 0;

    virtual void save(torch::serialize::OutputArchive& archive) = 0;
    virtual void load(torch::serialize::InputArchive& archive) = 0;
    // Writes the model file PoseEstimator::open reads; `run` adds the run's facts to its metadata.
    virtual void exportModel(const nlohmann::json& run, const std::filesystem::path& file) = 0;
};

// The model a config describes, on `device`; throws ConfigError or ModelError.
std::unique_ptr<TrainablePoseModel> makeTrainablePoseModel(const TrainConfig& config, const torch::Device& device);

// CUDA when asked for or ("auto") present, else the CPU.
torch::Device trainingDevice(const std::string& name);

}  // namespace refpose::training
