// COCO keypoint datasets (readCoco): eval's ground truth, the trainer's and the annotator's files.
// What is accepted must also write back and read again unchanged, as the annotator saves what it opened.
#include "FuzzSupport.h"

#include "dataset/CocoDataset.h"
#include "util/SafeJson.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path file = refpose::fuzz::writeInput("dataset.json", data, size);
    refpose::CocoDataset dataset;
    try {
        dataset = refpose::readCoco(file);
    } catch (const refpose::DatasetError& e) {
        refpose::fuzz::requireNamesFile(e, file);
        return 0;
    }
    const std::string text = refpose::dumpJson(refpose::toJson(dataset));
    try {
        if (!(refpose::parseCoco(refpose::parseJson(text), "round trip") == dataset))
            refpose::fuzz::finding("a dataset read back differs", text.substr(0, 300));
    } catch (const std::exception& e) {
        refpose::fuzz::finding("a dataset that was read cannot be read back", e.what());
    }
    return 0;
}
