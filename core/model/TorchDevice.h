#pragma once
// The one place a requested ComputeDevice becomes a LibTorch device, for every model that runs
// (MoveNet, the segmenter, trained models).

#include "model/ComputeDevice.h"

#include <torch/types.h>

#include <filesystem>

namespace refpose {

// Auto: the first GPU when LibTorch sees one, else the CPU. Cuda without a GPU throws ModelError
// naming `model` (the file being opened), rather than failing later inside LibTorch.
torch::Device torchDevice(ComputeDevice wanted, const std::filesystem::path& model);

}  // namespace refpose
