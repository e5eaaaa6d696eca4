#include "model/TorchDevice.h"

#include "model/ModelError.h"

#include <torch/cuda.h>

namespace refpose {

torch::Device torchDevice(ComputeDevice wanted, const std::filesystem::path& model) {
    const bool cuda = torch::cuda::is_available();
    if (wanted == ComputeDevice::Cuda && !cuda)
        throw ModelError(model.string() + ": CUDA requested but LibTorch sees no GPU");
    return (wanted != ComputeDevice::Cpu && cuda) ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

}  // namespace refpose
