#pragma once
// Writers of image files OpenCV cannot produce (palette and grey+alpha PNG, CMYK and EXIF-rotated
// JPEG), so the loader can be tested on every kind an artist may drop.

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace refpose::test {

std::vector<std::uint8_t> readBytes(const std::filesystem::path& file);
// The file's bytes as a string (empty when it cannot be read): to compare a file before and after.
std::string readFileText(const std::filesystem::path& file);
void writeBytes(const std::filesystem::path& file, const std::vector<std::uint8_t>& bytes);

// PNG with colour type 3: `indices` (CV_8UC1) into `palette` (RGB), optional per-entry alpha.
void writePalettePng(const std::filesystem::path& file, const cv::Mat& indices,
                     const std::vector<cv::Vec3b>& paletteRgb, const std::vector<std::uint8_t>& alpha);
// PNG with colour type 4 (grey + alpha), from a CV_8UC2 image.
void writeGreyAlphaPng(const std::filesystem::path& file, const cv::Mat& greyAlpha);
// A PNG header claiming the given size, with a tiny (invalid) body.
void writePngHeaderOnly(const std::filesystem::path& file, std::uint32_t width, std::uint32_t height);
// JPEG in the CMYK colour space, as Adobe applications write it, from a CV_8UC4 ink image.
void writeCmykJpeg(const std::filesystem::path& file, const cv::Mat& cmyk);
// A JPEG of `bgr` carrying an EXIF orientation tag (1..8).
void writeJpegWithOrientation(const std::filesystem::path& file, const cv::Mat& bgr, int orientation);

}  // namespace refpose::test
