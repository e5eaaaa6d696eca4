#pragma once
// Loads any image an artist may drop into RefPose as 8-bit BGR, or refuses it with a clear error.

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

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

// The bytes of an image file, refused unread above 1 GiB (no 100-megapixel image needs more
// compressed bytes). Every reader of image files goes through this, so `index` and `estimate`
// share the cap. Throws ImageError.
std::vector<std::uint8_t> readImageFile(const std::filesystem::path& file);

// The same as loadImage, from bytes already in memory; `name` is used in error messages.
// Only PNG, JPEG, WebP, BMP and TIFF are decoded: any other content (Radiance HDR, PFM, PPM,
// EXR, JPEG 2000, ...) is refused before decoding, since those headers are not read for the
// pixel limit and a small file can decode to gigabytes.
cv::Mat decodeImage(std::span<const std::uint8_t> bytes, const std::string& name, const ImageLoadOptions& options = {});

// Every check decodeImage makes before decoding (format, declared size against the pixel limit,
// JPEG structure), without decoding a pixel: a quick refusal of most unusable files, e.g. before
// a model is loaded for them. A file that passes can still fail to decode. Throws ImageError.
void checkImageBytes(std::span<const std::uint8_t> bytes, const std::string& name,
                     const ImageLoadOptions& options = {});
void checkImageFile(const std::filesystem::path& file, const ImageLoadOptions& options = {});

}  // namespace refpose
