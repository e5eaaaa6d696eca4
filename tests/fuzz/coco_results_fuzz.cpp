// Predictions for eval (readPredictions): a COCO dataset or a COCO results list, placed on a
// fixed two-image ground truth.
#include "FuzzSupport.h"

#include "dataset/CocoResults.h"

namespace {

refpose::CocoDataset groundTruth() {
    refpose::CocoDataset truth;
    truth.categories.push_back(refpose::defaultPersonCategory());
    for (std::int64_t id : {1, 2}) truth.images.push_back({id, "image" + std::to_string(id) + ".png", 640, 480, {}});
    return truth;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const refpose::CocoDataset truth = groundTruth();
    const std::filesystem::path file = refpose::fuzz::writeInput("predictions.json", data, size);
    try {
        (void)refpose::readPredictions(file, truth);
    } catch (const refpose::DatasetError& e) {
        refpose::fuzz::requireNamesFile(e, file);
    }
    return 0;
}
