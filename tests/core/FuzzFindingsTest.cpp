// Reproducers of what the libFuzzer targets (tests/fuzz) found, one test each, so a fix stays
// fixed without a fuzzer. tests/fuzz/README.md lists the findings still open.
#include "TestPaths.h"
#include "dataset/CocoDataset.h"
#include "image/ImageHeader.h"
#include "image/ImageLoader.h"
#include "library/LibraryStore.h"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <vector>

namespace refpose {
namespace {

void appendLe16(std::vector<std::uint8_t>& b, std::uint32_t v) {
    b.push_back(static_cast<std::uint8_t>(v));
    b.push_back(static_cast<std::uint8_t>(v >> 8));
}

void appendLe32(std::vector<std::uint8_t>& b, std::uint32_t v) {
    appendLe16(b, v & 0xFFFF);
    appendLe16(b, v >> 16);
}

// A little-endian TIFF whose first IFD declares `width` x `height` (LONG tags) and nothing else.
std::vector<std::uint8_t> tiffDeclaring(std::uint32_t width, std::uint32_t height) {
    std::vector<std::uint8_t> b = {'I', 'I', 42, 0};
    appendLe32(b, 8);  // first IFD
    appendLe16(b, 2);  // entries
    for (const auto& [tag, value] : {std::pair{256u, width}, std::pair{257u, height}}) {
        appendLe16(b, tag);
        appendLe16(b, 4);  // LONG
        appendLe32(b, 1);  // count
        appendLe32(b, value);
    }
    appendLe32(b, 0);  // no next IFD
    return b;
}

// image_fuzz: the pixel limit multiplied the declared width and height in signed 64-bit
// arithmetic; 2654500025 x 4294967042 overflows it (undefined behaviour, reported by UBSan).
// The file must be refused with an ImageError naming it, whatever the fix's wording.
TEST(FuzzFindingsTest, TiffDeclaringTwoHugeSizesIsRefusedNamingTheFile) {
    const std::vector<std::uint8_t> bytes = tiffDeclaring(2654500025u, 4294967042u);
    const ImageHeader header = readImageHeader(bytes);
    ASSERT_EQ(header.format, ImageFormat::Tiff);
    ASSERT_EQ(header.width.value_or(0), 2654500025);  // the reproducer reaches the multiplication
    ASSERT_EQ(header.height.value_or(0), 4294967042);
    const std::filesystem::path file = test::freshTempDir() / "huge.tif";
    std::ofstream(file, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    try {
        (void)loadImage(file);
        FAIL() << "a TIFF declaring 2654500025 x 4294967042 pixels was decoded";
    } catch (const ImageError& e) {
        EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
}

// image_fuzz: 140 bytes that RefPose took for a WebP ("RIFF", "WEBP") but libwebp does not
// accept, with "DICM" at byte 128: OpenCV handed them to its DICOM decoder, whose GDCM asserted
// and aborted `refpose-cli estimate`. They must be refused, not decoded.
TEST(FuzzFindingsTest, WebpHeaderOverDicomSignatureIsRefusedNotDecoded) {
    const std::vector<std::uint8_t> bytes = {
        0x52, 0x49, 0x46, 0x46, 0x2f, 0x01, 0x2f, 0x00, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x39, 0x58, 0x59, 0x3d,
        0x60, 0x01, 0xff, 0xff, 0xd8, 0xff, 0xff, 0xff, 0xc8, 0x00, 0x43, 0x01, 0x02, 0x02, 0x02, 0x02, 0xfe, 0xfd,
        0xfa, 0xf9, 0x03, 0x05, 0x26, 0x0a, 0x07, 0x06, 0x07, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x00, 0x05,
        0x06, 0xff, 0xc4, 0x00, 0x15, 0x01, 0x44, 0x49, 0x43, 0x4d, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0d,
        0x49, 0x48, 0x44, 0x52, 0xd8, 0xff, 0xff, 0xff, 0xc8, 0x00, 0x43, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0xed,
        0x07, 0x00, 0x00, 0x49, 0x3e, 0x00, 0x01, 0x01, 0x02, 0x02, 0x02, 0x02, 0xfe, 0xfd, 0xfa, 0xf9, 0x03, 0x05,
        0x26, 0x0a, 0x07, 0x06, 0x07, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x00, 0x05, 0x00, 0xff, 0xc4, 0x00,
        0x15, 0x01, 0x44, 0x49, 0x43, 0x4d, 0x01, 0x01, 0x00, 0x00, 0x4f, 0x42, 0xff, 0xd9};
    EXPECT_EQ(readImageHeader(bytes).format, ImageFormat::Unknown);
    const std::filesystem::path file = test::freshTempDir() / "not-a-webp.webp";
    std::ofstream(file, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    try {
        (void)loadImage(file);
        FAIL() << "decoded";
    } catch (const ImageError& e) {
        EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
}

// The mutation campaign (bench/hostile_inputs_campaign.py): a number beyond a double's range
// made nlohmann throw out_of_range, which readCoco did not wrap, so eval, import-poses and
// check-dataset printed "number overflow parsing '1e999'" without the file's name.
TEST(FuzzFindingsTest, NumberBeyondADoubleInADatasetIsRefusedNamingTheFile) {
    for (const std::string number : {"1e999", "-1e999"}) {
        const std::filesystem::path file = test::freshTempDir() / "huge-number.json";
        std::ofstream(file) << R"({"images": [], "annotations": [], "categories": [], "info": {"x": )" << number
                            << "}}";
        try {
            (void)readCoco(file);
            FAIL() << number << " was read";
        } catch (const DatasetError& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find(file.string()), std::string::npos) << what;
            EXPECT_NE(what.find("is out of range"), std::string::npos) << what;
            EXPECT_NE(what.find("at line 1, column"), std::string::npos) << what;
        }
    }
}

// library_fuzz: a file with RefPose's tables and schema version whose poses table lacks a
// column opens, and then its reads threw SQLite::Exception ("no such column: keypoints"),
// which names no file, instead of LibraryError.
TEST(FuzzFindingsTest, LibraryWithAMissingColumnIsRefusedWithLibraryError) {
    const std::filesystem::path file = test::freshTempDir() / "library.refpose.sqlite";
    { LibraryStore store(file); }
    {
        SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
        db.exec("ALTER TABLE poses RENAME COLUMN keypoints TO something_else");
    }
    try {
        LibraryStore store(file, LibraryAccess::ReadOnly);
        (void)store.counts();
        (void)store.forEachDescriptor([](std::int64_t, const PoseDescriptor&) {});
        (void)store.entry(1);
        FAIL() << "a library lacking a column was read without an error";
    } catch (const LibraryError& e) {
        EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace refpose
