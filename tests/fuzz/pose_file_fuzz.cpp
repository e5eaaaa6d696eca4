// Query pose files (query --pose): {"keypoints": [...], "bbox", "scores"} or a COCO file.
#include "FuzzSupport.h"

#include "SearchCliSupport.h"

#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path file = refpose::fuzz::writeInput("pose.json", data, size);
    try {
        const refpose::Pose pose = refpose::cli::readPoseFile(file);
        // A query pose is only finite numbers: one infinity poisons every distance.
        for (const auto& k : pose.kp)
            if (!std::isfinite(k.x) || !std::isfinite(k.y) || !std::isfinite(k.score))
                refpose::fuzz::finding("a pose with a non-finite value was accepted", file.string());
    } catch (const std::runtime_error& e) {
        refpose::fuzz::requireNamesFile(e, file);
    }
    return 0;
}
