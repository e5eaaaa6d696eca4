#pragma once
// Reads an image's format and size from its first bytes, without decoding any pixel, so that
// oversized images can be refused before they are allocated.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace refpose {

enum class ImageFormat { Unknown, Png, Jpeg, Bmp, Gif, Webp, Tiff };

struct ImageHeader {
    ImageFormat format = ImageFormat::Unknown;
    std::optional<std::int64_t> width, height;  // absent when the header does not say
};

ImageHeader readImageHeader(std::span<const std::uint8_t> bytes);
std::string_view formatName(ImageFormat format);

}  // namespace refpose
