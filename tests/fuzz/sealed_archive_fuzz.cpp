// The seal of RefPose's LibTorch archives (readSealedArchiveBytes): .refpose models and training
// checkpoints, before LibTorch's own reader sees the bytes (that reader is not built here: see
// README.md). An accepted file must be exactly its archive plus the seal it carries.
#include "FuzzSupport.h"

#include "model/ModelError.h"
#include "model/SealedArchive.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path file = refpose::fuzz::writeInput("model.refpose", data, size);
    try {
        const std::string archive = refpose::readSealedArchiveBytes(file);
        const std::string whole(reinterpret_cast<const char*>(data), size);
        // Sealed: the archive plus its seal. Unsealed files are refused, save one known file
        // (models/refpose-illustrated.refpose), which the fuzzer cannot produce.
        if (refpose::sealArchiveBytes(archive) != whole)
            refpose::fuzz::finding("accepted a file whose seal is not its own", file.string());
    } catch (const refpose::ModelError& e) {
        refpose::fuzz::requireNamesFile(e, file);
    }
    return 0;
}
