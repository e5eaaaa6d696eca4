// Training run configs (training::readConfig): refpose-train --config and the training panel.
#include "FuzzSupport.h"

#include "TrainConfig.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path file = refpose::fuzz::writeInput("run.json", data, size);
    try {
        const refpose::training::TrainConfig config = refpose::training::readConfig(file);
        // An accepted config is written back into the run folder (configToJson) and read again.
        (void)refpose::training::configFromJson(refpose::training::configToJson(config), file.parent_path(),
                                                "round trip");
    } catch (const refpose::training::ConfigError& e) {
        refpose::fuzz::requireNamesFile(e, file);
    }
    return 0;
}
