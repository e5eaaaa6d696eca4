#pragma once
// The device a model runs on, as the user asks for it. No LibTorch here, so that the options of
// an estimator (estimate/PoseEstimator.h) stay free of it; TorchDevice.h turns it into one.

namespace refpose {

enum class ComputeDevice { Auto, Cpu, Cuda };

}  // namespace refpose
