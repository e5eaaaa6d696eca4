#include "ImageFiles.h"

#include <opencv2/imgcodecs.hpp>

#include <cstdio>
#include <fstream>
#include <jpeglib.h>
#include <stdexcept>
#include <zlib.h>

namespace refpose::test {
namespace {

void putBe32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

void putChunk(std::vector<std::uint8_t>& out, const char* type, const std::vector<std::uint8_t>& data) {
    putBe32(out, static_cast<std::uint32_t>(data.size()));
    std::vector<std::uint8_t> body(type, type + 4);
    body.insert(body.end(), data.begin(), data.end());
    out.insert(out.end(), body.begin(), body.end());
    putBe32(out, static_cast<std::uint32_t>(crc32(0, body.data(), static_cast<uInt>(body.size()))));
}

std::vector<std::uint8_t> ihdr(std::uint32_t w, std::uint32_t h, std::uint8_t colourType) {
    std::vector<std::uint8_t> d;
    putBe32(d, w);
    putBe32(d, h);
    d.insert(d.end(), {8, colourType, 0, 0, 0});
    return d;
}

// Scanlines with filter type 0, deflated.
std::vector<std::uint8_t> idat(const cv::Mat& m) {
    std::vector<std::uint8_t> raw;
    const std::size_t rowBytes = m.cols * m.elemSize();
    for (int y = 0; y < m.rows; ++y) {
        raw.push_back(0);
        raw.insert(raw.end(), m.ptr<std::uint8_t>(y), m.ptr<std::uint8_t>(y) + rowBytes);
    }
    uLongf size = compressBound(static_cast<uLong>(raw.size()));
    std::vector<std::uint8_t> packed(size);
    if (compress(packed.data(), &size, raw.data(), static_cast<uLong>(raw.size())) != Z_OK)
        throw std::runtime_error("zlib compress failed");
    packed.resize(size);
    return packed;
}

const std::vector<std::uint8_t> kPngSignature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

}  // namespace

std::vector<std::uint8_t> readBytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::string readFileText(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void writeBytes(const std::filesystem::path& file, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

void writePalettePng(const std::filesystem::path& file, const cv::Mat& indices,
                     const std::vector<cv::Vec3b>& paletteRgb, const std::vector<std::uint8_t>& alpha) {
    std::vector<std::uint8_t> png = kPngSignature;
    putChunk(png, "IHDR", ihdr(indices.cols, indices.rows, 3));
    std::vector<std::uint8_t> plte;
    for (const auto& c : paletteRgb) plte.insert(plte.end(), {c[0], c[1], c[2]});
    putChunk(png, "PLTE", plte);
    if (!alpha.empty()) putChunk(png, "tRNS", alpha);
    putChunk(png, "IDAT", idat(indices));
    putChunk(png, "IEND", {});
    writeBytes(file, png);
}

void writeGreyAlphaPng(const std::filesystem::path& file, const cv::Mat& greyAlpha) {
    std::vector<std::uint8_t> png = kPngSignature;
    putChunk(png, "IHDR", ihdr(greyAlpha.cols, greyAlpha.rows, 4));
    putChunk(png, "IDAT", idat(greyAlpha));
    putChunk(png, "IEND", {});
    writeBytes(file, png);
}

void writePngHeaderOnly(const std::filesystem::path& file, std::uint32_t width, std::uint32_t height) {
    std::vector<std::uint8_t> png = kPngSignature;
    putChunk(png, "IHDR", ihdr(width, height, 2));
    putChunk(png, "IEND", {});
    writeBytes(file, png);
}

void writeCmykJpeg(const std::filesystem::path& file, const cv::Mat& cmyk) {
    jpeg_compress_struct cinfo{};
    jpeg_error_mgr jerr{};
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    FILE* out = std::fopen(file.c_str(), "wb");
    jpeg_stdio_dest(&cinfo, out);
    cinfo.image_width = cmyk.cols;
    cinfo.image_height = cmyk.rows;
    cinfo.input_components = 4;
    cinfo.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, 95, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    // Adobe applications, which write nearly every CMYK JPEG, store ink inverted (255 = none).
    cv::Mat stored = cv::Scalar::all(255) - cmyk;
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = stored.ptr<std::uint8_t>(static_cast<int>(cinfo.next_scanline));
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    std::fclose(out);
}

void writeJpegWithOrientation(const std::filesystem::path& file, const cv::Mat& bgr, int orientation) {
    std::vector<std::uint8_t> jpeg;
    cv::imencode(".jpg", bgr, jpeg, {cv::IMWRITE_JPEG_QUALITY, 95});
    // APP1 "Exif" with a big-endian TIFF header and one IFD entry: Orientation (0x0112), SHORT.
    const std::vector<std::uint8_t> tiff = {'M',  'M',  0, 42, 0, 0, 0, 8, 0, 1,
                                            0x01, 0x12, 0, 3,  0, 0, 0, 1, 0, static_cast<std::uint8_t>(orientation),
                                            0,    0,    0, 0,  0, 0};
    std::vector<std::uint8_t> app1 = {0xFF, 0xE1, 0, 0, 'E', 'x', 'i', 'f', 0, 0};
    app1.insert(app1.end(), tiff.begin(), tiff.end());
    const std::size_t len = app1.size() - 2;
    app1[2] = static_cast<std::uint8_t>(len >> 8);
    app1[3] = static_cast<std::uint8_t>(len & 0xFF);
    jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end());
    writeBytes(file, jpeg);
}

}  // namespace refpose::test
