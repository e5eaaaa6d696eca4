#include "image/ImageHeader.h"

#include <cstring>

namespace refpose {
namespace {

using Bytes = std::span<const std::uint8_t>;

std::uint32_t be16(Bytes b, std::size_t at) { return (b[at] << 8) | b[at + 1]; }
std::uint32_t be32(Bytes b, std::size_t at) { return (be16(b, at) << 16) | be16(b, at + 2); }
std::uint32_t le16(Bytes b, std::size_t at) { return b[at] | (b[at + 1] << 8); }
std::uint32_t le32(Bytes b, std::size_t at) { return le16(b, at) | (le16(b, at + 2) << 16); }
std::uint32_t le24(Bytes b, std::size_t at) { return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16); }

bool startsWith(Bytes b, const char* magic, std::size_t at = 0) {
    const std::size_t n = std::strlen(magic);
    return b.size() >= at + n && std::memcmp(b.data() + at, magic, n) == 0;
}

void readPng(Bytes b, ImageHeader& h) {
    if (b.size() >= 24 && startsWith(b, "IHDR", 12)) {
        h.width = be32(b, 16);
        h.height = be32(b, 20);
    }
}

void readJpeg(Bytes b, ImageHeader& h) {
    // Walk the markers up to the first start-of-frame (SOF0..SOF15 except DHT, JPG, DAC).
    std::size_t at = 2;
    while (at + 9 < b.size()) {
        if (b[at] != 0xFF) return;
        const std::uint8_t marker = b[at + 1];
        if (marker == 0xFF) {
            ++at;
            continue;
        }
        const bool isSof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (isSof) {
            h.height = be16(b, at + 5);
            h.width = be16(b, at + 7);
            return;
        }
        at += 2 + be16(b, at + 2);
    }
}

void readBmp(Bytes b, ImageHeader& h) {
    if (b.size() < 26) return;
    h.width = static_cast<std::int32_t>(le32(b, 18));
    const auto height = static_cast<std::int32_t>(le32(b, 22));
    h.height = height < 0 ? -static_cast<std::int64_t>(height) : height;  // negative = top-down
}

void readWebp(Bytes b, ImageHeader& h) {
    if (startsWith(b, "VP8X", 12) && b.size() >= 30) {
        h.width = le24(b, 24) + 1;
        h.height = le24(b, 27) + 1;
    } else if (startsWith(b, "VP8L", 12) && b.size() >= 25) {
        const std::uint32_t bits = le32(b, 21);
        h.width = (bits & 0x3FFF) + 1;
        h.height = ((bits >> 14) & 0x3FFF) + 1;
    } else if (startsWith(b, "VP8 ", 12) && b.size() >= 30) {
        h.width = le16(b, 26) & 0x3FFF;
        h.height = le16(b, 28) & 0x3FFF;
    }
}

// OpenCV picks its decoder by signature, not by this function's verdict. A RIFF/WEBP file that
// libwebp does not accept falls through to the DICOM decoder when it has "DICM" at byte 128, and
// GDCM aborts the process (an assert) on damaged DICOM data: 140 bytes found by tests/fuzz
// killed `refpose-cli estimate`. Such a file is no WebP; the other formats' signatures are
// checked before DICOM's, so they never reach it.
bool claimedByDicom(Bytes b) { return startsWith(b, "DICM", 128); }

void readTiff(Bytes b, ImageHeader& h) {
    const bool little = b[0] == 'I';
    auto u16 = [&](std::size_t at) { return little ? le16(b, at) : be16(b, at); };
    auto u32 = [&](std::size_t at) { return little ? le32(b, at) : be32(b, at); };
    const std::size_t ifd = u32(4);
    if (ifd + 2 > b.size()) return;
    const std::size_t count = u16(ifd);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t e = ifd + 2 + 12 * i;
        if (e + 12 > b.size()) return;
        const std::uint32_t tag = u16(e), type = u16(e + 2);
        const std::uint32_t value = type == 3 ? u16(e + 8) : u32(e + 8);  // SHORT or LONG
        if (tag == 256) h.width = value;
        if (tag == 257) h.height = value;
    }
}

}  // namespace

ImageHeader readImageHeader(std::span<const std::uint8_t> b) {
    ImageHeader h;
    if (startsWith(b, "\x89PNG\r\n\x1a\n")) {
        h.format = ImageFormat::Png;
        readPng(b, h);
    } else if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) {
        h.format = ImageFormat::Jpeg;
        readJpeg(b, h);
    } else if (startsWith(b, "BM")) {
        h.format = ImageFormat::Bmp;
        readBmp(b, h);
    } else if (startsWith(b, "GIF8") && b.size() >= 10) {
        h.format = ImageFormat::Gif;
        h.width = le16(b, 6);
        h.height = le16(b, 8);
    } else if (startsWith(b, "RIFF") && startsWith(b, "WEBP", 8) && !claimedByDicom(b)) {
        h.format = ImageFormat::Webp;
        readWebp(b, h);
    } else if (b.size() >= 8 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0) ||
                                 (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) {
        h.format = ImageFormat::Tiff;
        readTiff(b, h);
    }
    return h;
}

std::string_view formatName(ImageFormat format) {
    switch (format) {
        case ImageFormat::Png:
            return "PNG";
        case ImageFormat::Jpeg:
            return "JPEG";
        case ImageFormat::Bmp:
            return "BMP";
        case ImageFormat::Gif:
            return "GIF";
        case ImageFormat::Webp:
            return "WebP";
        case ImageFormat::Tiff:
            return "TIFF";
        case ImageFormat::Unknown:
            break;
    }
    return "unknown";
}

}  // namespace refpose
