#pragma once
// Small stick-figure images with exact COCO keypoints, for tests, benchmarks and the shipped
// tiny run: a stand-in until branch `render` (core/render/FigureRenderer, `refpose-cli
// render-figures`) is merged. Left limbs are drawn warm and right limbs cool (colourOf), so a
// picture tells left from right as an illustration does.

#include <cstdint>
#include <filesystem>

namespace refpose::training {

// Writes `count` PNG figures of side `imageSide` into `folder` and their annotations to
// folder/annotations.json (COCO keypoints). Returns the COCO file's path. Deterministic in `seed`.
std::filesystem::path writeSyntheticFigures(const std::filesystem::path& folder, int count, std::uint64_t seed,
                                            int imageSide = 192);

}  // namespace refpose::training
