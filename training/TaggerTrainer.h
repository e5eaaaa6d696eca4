#pragma once
// The tagger (paper, section 3): a multi-label ResNet trained with the class-balanced BCE of
// ClassBalance.h on an image folder and a tag CSV (refpose-train with "mode": "tagger").
// Exports outDir/tagger.pt (the ResNet and classifier, plus the tag list as metadata).

#include "Trainer.h"

namespace refpose::training {

TrainSummary trainTagger(const TrainConfig& config, const ProgressSink& progress,
                         const std::atomic<bool>* stopRequested = nullptr);

}  // namespace refpose::training
