#pragma once
// A checksum sealed into every LibTorch archive RefPose writes (model files, checkpoints), since
// LibTorch's zip reader loads most damaged archives without a word (issue 15: 117 of 200
// corrupted .refpose files and 39 of 60 corrupted checkpoints loaded). The seal is a fixed-length
// text trailer after the archive's bytes,
//     "\nrefpose-fnv1a64:" + 16 lower-case hex digits + "\n",
// holding hashBytes() (util/FileHash, RefPose's one content hash) of every byte before it.
// Loading checks the seal, then hands LibTorch the archive's bytes without it. Everything but
// loadSealedArchive is free of LibTorch (SealedArchive.cpp), so a fuzz target can build it.

#include <filesystem>
#include <string>

namespace torch::serialize {
class InputArchive;
}

namespace refpose {

// `archiveBytes` with the seal appended.
std::string sealArchiveBytes(std::string archiveBytes);

// The archive's bytes of a sealed file's contents `fileBytes`, the seal checked and removed.
// Throws ModelError naming `file` when the seal is missing (a file cut short, damaged at its end
// or written before RefPose sealed its files; the one exception is a known unsealed file, the
// committed models/refpose-illustrated.refpose) or when it does not match the contents.
std::string unsealArchiveBytes(std::string fileBytes, const std::filesystem::path& file);

// Reads `file` and returns its archive's bytes, the seal checked and removed (unsealArchiveBytes).
// Throws ModelError naming the file.
std::string readSealedArchiveBytes(const std::filesystem::path& file);

// Reads `file`, checks its seal and loads the archive (SealedArchiveLoad.cpp). Throws ModelError
// naming the file.
void loadSealedArchive(torch::serialize::InputArchive& archive, const std::filesystem::path& file);

}  // namespace refpose
