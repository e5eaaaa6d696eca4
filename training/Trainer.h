#pragma once
// The pose trainer behind refpose-train (DESIGN.md, "Training"): Adam on the configured
// architecture, parallel data loading, JSON-lines progress, checkpoints every N steps and the
// best by validation OKS@50, resume with identical continuation, early stopping, and the
// exported model file on finish. No LibTorch in this header.

#include "TrainConfig.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>

namespace refpose::training {

// Receives each progress event (one JSON object; refpose-train prints one per line):
//   {"event":"start", ...}  {"event":"step","step","epoch","loss","loss_heatmap",["loss_matching"],"lr","images_per_s"}
//   {"event":"epoch","epoch","step","train_loss","metrics":{"OKS@50",...},"is_best","best_oks50","patience_left"}
//   {"event":"checkpoint","step","file"}  {"event":"stopping","step"}
//   {"event":"warning","kind":"unreadable_image","step","image","message"}  (once per image and session:
//     an image that cannot be read is skipped, in training batches and in validation)
//   {"event":"finished","reason":"completed"|"stopped"|"early_stopped","model","best_epoch","best_metrics"}
using ProgressSink = std::function<void(const nlohmann::json&)>;

struct TrainSummary {
    std::string reason;           // completed, stopped, early_stopped
    long steps = 0;               // steps done in total (including before a resume)
    int bestEpoch = -1;           // -1 when no validation ran
    nlohmann::json bestMetrics;   // the best validation's metrics (overall rates)
    std::filesystem::path model;  // the exported model file
};

// Trains, resuming from outDir/checkpoint.pt when present. A stop request (the flag, or the
// file config.stopFile()) finishes the run after the current step, keeping the best model.
// Throws ConfigError, DatasetError, ImageError, ModelError or FileWriteError.
TrainSummary trainPose(const TrainConfig& config, const ProgressSink& progress,
                       const std::atomic<bool>* stopRequested = nullptr);

// Measures training throughput (images/s) of the config's architecture over `steps` steps on
// random inputs, after `warmup` steps. No data or output files are touched.
double benchmarkTraining(const TrainConfig& config, int steps, int warmup);

}  // namespace refpose::training
