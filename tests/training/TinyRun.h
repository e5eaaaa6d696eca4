#pragma once
// A tiny training run on figures rendered at test time (refpose-cli render-figures): the
// shared fixture of the trainer tests, small enough to overfit on two CPU cores in a minute.

#include "TrainConfig.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace refpose::test {

// Renders `count` figures into dir/figures with refpose-cli; returns the COCO file.
std::filesystem::path renderTinyFigures(const std::filesystem::path& dir, int count);

// tests/training/tiny_run.json with its dataset and out_dir pointed into `dir`.
nlohmann::json tinyRunJson(const std::filesystem::path& dataset, const std::filesystem::path& outDir);

}  // namespace refpose::test
