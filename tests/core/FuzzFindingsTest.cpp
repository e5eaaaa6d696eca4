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
    appendLe32(b, 8);   // first IFD
    appendLe16(b, 2);   // entries
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
    std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    try {
        (void)loadImage(file);
        FAIL() << "a TIFF declaring 2654500025 x 4294967042 pixels was decoded";
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
        std::ofstream(file) << R"({"images": [], "annotations": [], "categories": [], "info": {"x": )" << number << "}}";
        try {
            (void)readCoco(file);
            FAIL() << number << " was read";
        } catch (const DatasetError& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find(file.string()), std::string::npos) << what;
            EXPECT_NE(what.find("number overflow"), std::string::npos) << what;
        }
    }
}

// library_fuzz: a file with RefPose's tables and schema version whose poses table lacks a
// column opens, and then its reads threw SQLite::Exception ("no such column: keypoints"),
// which names no file, instead of LibraryError. Open finding (tests/fuzz/README.md): enable
// this test with the fix in core/library/LibraryStore.cpp.
TEST(FuzzFindingsTest, DISABLED_LibraryWithAMissingColumnIsRefusedWithLibraryError) {
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
