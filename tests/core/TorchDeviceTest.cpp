#include "model/ModelError.h"
#include "model/TorchDevice.h"

#include <gtest/gtest.h>
#include <torch/cuda.h>

#include <string>

using namespace refpose;

namespace {

TEST(TorchDevice, CpuIsAlwaysTheCpu) { EXPECT_TRUE(torchDevice(ComputeDevice::Cpu, "m.json").is_cpu()); }

TEST(TorchDevice, AutoTakesTheGpuWhenThereIsOne) {
    EXPECT_EQ(torchDevice(ComputeDevice::Auto, "m.json").is_cuda(), torch::cuda::is_available());
}

TEST(TorchDevice, CudaWithoutGpuNamesTheModel) {
    if (torch::cuda::is_available()) {
        EXPECT_TRUE(torchDevice(ComputeDevice::Cuda, "m.json").is_cuda());
        return;
    }
    try {
        torchDevice(ComputeDevice::Cuda, "models/m.json");
        ADD_FAILURE() << "CUDA was granted without a GPU";
    } catch (const ModelError& e) {
        EXPECT_NE(std::string(e.what()).find("models/m.json"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("CUDA"), std::string::npos) << e.what();
    }
}

}  // namespace
