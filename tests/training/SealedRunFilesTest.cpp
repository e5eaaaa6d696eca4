// A run's checkpoint, best-model file and exported model are sealed with a checksum
// (model/SealedArchive.h): one changed byte in any of them is refused at load, naming the file,
// instead of resuming or estimating from damaged weights.

#include "TinyRun.h"
#include "TrainedModel.h"
#include "Trainer.h"

#include "TestPaths.h"
#include "estimate/PoseEstimator.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

using namespace refpose;
using namespace refpose::training;

namespace {

void flipByteInTheMiddle(const std::filesystem::path& file) {
    std::string bytes;
    {
        std::ifstream in(file, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    ASSERT_GT(bytes.size(), 1000u);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x10);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

std::string trainError(const TrainConfig& config) {
    try {
        trainPose(config, [](const nlohmann::json&) {});
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(SealedRunFiles, ADamagedCheckpointOrModelIsRefusedNamingTheFile) {
    const auto dir = test::freshTempDir();
    const auto coco = test::renderTinyFigures(dir, 4);
    auto j = test::tinyRunJson(coco, dir / "run");
    j["max_steps"] = 4;
    j["checkpoint_every"] = 2;
    j["eval_every"] = 1000;
    j["batch_size"] = 2;
    const auto summary = trainPose(configFromJson(j, dir), [](const nlohmann::json&) {});
    const auto checkpoint = dir / "run" / "checkpoint.pt";
    ASSERT_TRUE(std::filesystem::exists(checkpoint));

    // The sealed model opens; with one byte changed it does not.
    registerTrainedModelLoader();
    EXPECT_NO_THROW(PoseEstimator::open(summary.model));
    flipByteInTheMiddle(summary.model);
    try {
        PoseEstimator::open(summary.model);
        ADD_FAILURE() << "a damaged model file opened";
    } catch (const ModelError& e) {
        EXPECT_NE(std::string(e.what()).find(summary.model.string() + ": damaged"), std::string::npos) << e.what();
    }

    // Resuming from a damaged checkpoint stops with the reason and what to do.
    j["max_steps"] = 8;
    flipByteInTheMiddle(checkpoint);
    const std::string error = trainError(configFromJson(j, dir));
    EXPECT_NE(error.find(checkpoint.string() + ": damaged"), std::string::npos) << error;
    EXPECT_NE(error.find("delete it to start afresh"), std::string::npos) << error;
}
