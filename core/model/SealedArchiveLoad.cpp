// The one part of SealedArchive.h that needs LibTorch: handing the checked bytes to its reader.
#include "model/ModelError.h"
#include "model/SealedArchive.h"

#include <torch/serialize.h>

namespace refpose {

void loadSealedArchive(torch::serialize::InputArchive& archive, const std::filesystem::path& file) {
    const std::string bytes = readSealedArchiveBytes(file);
    try {
        archive.load_from(bytes.data(), bytes.size());
    } catch (const c10::Error&) {
        throw ModelError(file.string() + ": not a readable LibTorch archive");
    }
}

}  // namespace refpose
