#include "image/ImageLoader.h"

#include "image/ImageHeader.h"
#include "image/JpegStructure.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstring>
#include <fstream>
#include <vector>

namespace refpose {
namespace {

// Files above this size are refused unread (readImageFile).
constexpr std::uintmax_t kMaxFileBytes = 1ull << 30;

[[noreturn]] void fail(const std::string& name, const std::string& reason) { throw ImageError(name + ": " + reason); }

}  // namespace

std::vector<std::uint8_t> readImageFile(const std::filesystem::path& file) {
    const std::string name = file.string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) fail(name, "no such file");
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) fail(name, "cannot read the file size (" + ec.message() + ")");
    if (size == 0) fail(name, "the file is empty");
    if (size > kMaxFileBytes) fail(name, "the file is larger than 1 GiB");
    std::vector<std::uint8_t> bytes(size);
    std::ifstream in(file, std::ios::binary);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size)))
        fail(name, "cannot read the file");
    return bytes;
}

namespace {

// OpenCV cannot decode an animated WebP (a VP8X header with the animation flag) and says only
// that decoding failed; saying so names what the user can do about it.
bool isAnimatedWebp(std::span<const std::uint8_t> b) {
    constexpr std::size_t kFlagsAt = 20;  // RIFF header (12 bytes), "VP8X", chunk size, flags
    constexpr std::uint8_t kAnimation = 0x02;
    return b.size() > kFlagsAt && std::memcmp(b.data() + 12, "VP8X", 4) == 0 && (b[kFlagsAt] & kAnimation) != 0;
}

// A refusal of a JPEG whose structure is broken, before libjpeg pads it with grey.
void checkJpeg(std::span<const std::uint8_t> bytes, const std::string& name) {
    const JpegStructure s = checkJpegStructure(bytes);
    if (s.verdict == JpegStructure::Verdict::Truncated) fail(name, "the JPEG file is truncated (" + s.detail + ")");
    if (s.verdict == JpegStructure::Verdict::Corrupt) fail(name, "the JPEG data is corrupt (" + s.detail + ")");
}

void checkPixelLimit(const std::string& name, std::int64_t w, std::int64_t h, std::int64_t limit) {
    if (w <= 0 || h <= 0) fail(name, "the image header gives an empty size");
    if (w > limit / h)  // not w * h > limit: two declared 32-bit sizes overflow the product
        fail(name, "the image is " + std::to_string(w) + "x" + std::to_string(h) + " pixels, above the limit of " +
                       std::to_string(limit / 1'000'000) + " megapixels");
}

cv::Mat toEightBit(const cv::Mat& m) {
    if (m.depth() == CV_8U) return m;
    cv::Mat out;
    if (m.depth() == CV_16U)
        m.convertTo(out, CV_8U, 1.0 / 257.0);
    else if (m.depth() == CV_32F || m.depth() == CV_64F)
        m.convertTo(out, CV_8U, 255.0);
    else
        m.convertTo(out, CV_8U);
    return out;
}

// Blends onto white so transparent backgrounds read like paper, as artists expect.
cv::Mat compositeOnWhite(const cv::Mat& bgra) {
    cv::Mat bgr(bgra.size(), CV_8UC3);
    for (int y = 0; y < bgra.rows; ++y) {
        const auto* src = bgra.ptr<cv::Vec4b>(y);
        auto* dst = bgr.ptr<cv::Vec3b>(y);
        for (int x = 0; x < bgra.cols; ++x) {
            const int a = src[x][3];
            for (int c = 0; c < 3; ++c)
                dst[x][c] = static_cast<std::uint8_t>((src[x][c] * a + 255 * (255 - a) + 127) / 255);
        }
    }
    return bgr;
}

cv::Mat toBgr(const cv::Mat& decoded) {
    const cv::Mat m = toEightBit(decoded);
    cv::Mat out;
    switch (m.channels()) {
        case 1:
            cv::cvtColor(m, out, cv::COLOR_GRAY2BGR);
            return out;
        case 2: {  // grey + alpha
            std::vector<cv::Mat> planes;
            cv::split(m, planes);
            cv::Mat bgra;
            cv::merge(std::vector<cv::Mat>{planes[0], planes[0], planes[0], planes[1]}, bgra);
            return compositeOnWhite(bgra);
        }
        case 3:
            return m;
        case 4:
            return compositeOnWhite(m);
        default:
            return {};
    }
}

}  // namespace

void checkImageBytes(std::span<const std::uint8_t> bytes, const std::string& name, const ImageLoadOptions& options) {
    if (bytes.empty()) fail(name, "the file is empty");
    const ImageHeader header = readImageHeader(bytes);
    if (header.format == ImageFormat::Unknown)
        fail(name, "not an image in a supported format (PNG, JPEG, WebP, BMP or TIFF)");
    if (header.format == ImageFormat::Gif) fail(name, "GIF images are not supported: save it as PNG");
    if (header.format == ImageFormat::Webp && isAnimatedWebp(bytes))
        fail(name, "animated WebP images are not supported: save the frame you want as PNG");
    if (header.width && header.height) checkPixelLimit(name, *header.width, *header.height, options.maxPixels);
    if (header.format == ImageFormat::Jpeg) checkJpeg(bytes, name);
}

void checkImageFile(const std::filesystem::path& file, const ImageLoadOptions& options) {
    checkImageBytes(readImageFile(file), file.string(), options);
}

cv::Mat decodeImage(std::span<const std::uint8_t> bytes, const std::string& name, const ImageLoadOptions& options) {
    checkImageBytes(bytes, name, options);
    const ImageHeader header = readImageHeader(bytes);

    const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8U, const_cast<std::uint8_t*>(bytes.data()));
    cv::Mat decoded;
    try {
        // JPEG has no alpha: decoding to colour lets OpenCV apply EXIF orientation and convert
        // CMYK and grey. Other formats keep alpha and depth so they can be handled here.
        const int flags = header.format == ImageFormat::Jpeg ? cv::IMREAD_COLOR : cv::IMREAD_UNCHANGED;
        decoded = cv::imdecode(buffer, flags);
    } catch (const cv::Exception& e) {
        fail(name, "cannot decode the image (" + std::string(e.what()) + ")");
    }
    if (decoded.empty()) {
        fail(name, "the " + std::string(formatName(header.format)) + " data is truncated or corrupt");
    }
    checkPixelLimit(name, decoded.cols, decoded.rows, options.maxPixels);
    cv::Mat bgr = toBgr(decoded);
    if (bgr.empty()) fail(name, "unsupported channel count " + std::to_string(decoded.channels()));
    return bgr;
}

cv::Mat loadImage(const std::filesystem::path& file, const ImageLoadOptions& options) {
    const auto bytes = readImageFile(file);
    return decodeImage(bytes, file.string(), options);
}

}  // namespace refpose
