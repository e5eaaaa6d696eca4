#pragma once
// The tagger's training data: an image folder and a CSV of tags per image.
//   image,tags
//   a.png,long_hair;skirt
// Tags are separated by ';'. The header line is optional. No Qt, no LibTorch.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace refpose::training {

struct TagDataset {
    std::vector<std::filesystem::path> images;
    std::vector<std::string> tags;                  // sorted tag vocabulary
    std::vector<std::vector<std::uint8_t>> labels;  // images x tags, 0 or 1
    std::vector<std::size_t> positives() const;     // N_i per tag
};

// Throws DatasetError naming the file and line for a malformed row or an empty file.
TagDataset readTagCsv(const std::filesystem::path& csv, const std::filesystem::path& imageDir);

}  // namespace refpose::training
