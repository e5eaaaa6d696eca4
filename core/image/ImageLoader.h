#pragma once
// Loads any image an artist may drop into RefPose as 8-bit BGR, or refuses it with a clear error.

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>

namespace refpose {

// Thrown for a file that cannot be used as an image; what() names the file and the reason.
class ImageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ImageLoadOptions {
    // Images above this many pixels are refused before decoding (a decompression bomb guard).
    std::int64_t maxPixels = 100'000'000;
};

// Decodes a file: EXIF orientation honoured, alpha composited onto white, 16-bit and float
// scaled to 8 bits, grey/palette/CMYK converted. Returns CV_8UC3 BGR. Throws ImageError.
cv::Mat loadImage(const std::filesystem::path& file, const ImageLoadOptions& options = {});

// The same, from bytes already in memory; `name` is used in error messages.
cv::Mat decodeImage(std::span<const std::uint8_t> bytes, const std::string& name,
                    const ImageLoadOptions& options = {});

}  // namespace refpose
