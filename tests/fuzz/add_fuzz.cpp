// AnimeDrawingsDataset annotations (readAdd): convert-add, import-poses --add, fit-pose-prior.
#include "FuzzSupport.h"

#include "dataset/AddImport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path file = refpose::fuzz::writeInput("add.json", data, size);
    try {
        const refpose::CocoDataset dataset = refpose::readAdd(file);
        refpose::validateCoco(dataset, "converted");  // a conversion never yields an invalid dataset
    } catch (const refpose::DatasetError& e) {
        refpose::fuzz::requireNamesFile(e, file);
    }
    return 0;
}
