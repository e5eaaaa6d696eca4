// Image sizes in COCO files: the reader refuses what does not fit an int (4294967297 once read as
// a width of 1), and every writer refuses what the reader would refuse (convert-add once wrote a
// width of -2147483648).

#include "dataset/CocoDataset.h"

#include "TestPaths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace refpose;

namespace {

nlohmann::json withWidth(const nlohmann::json& width) {
    return {{"images", {{{"id", 1}, {"file_name", "a.png"}, {"width", width}, {"height", 10}}}},
            {"annotations", nlohmann::json::array()}};
}

std::string parseError(const nlohmann::json& root) {
    try {
        parseCoco(root, "sizes.json");
    } catch (const DatasetError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(CocoImageSize, WidthsOutsideAnIntAreRefusedNotWrapped) {
    for (const std::int64_t width :
         {std::int64_t(4294967297), std::int64_t(2147483648), std::int64_t(0), std::int64_t(-2147483648)}) {
        const std::string error = parseError(withWidth(width));
        EXPECT_NE(error.find("sizes.json: image 1: fields 'width' and 'height' must be positive"), std::string::npos)
            << width << ": " << error;
    }
    EXPECT_EQ(parseError(withWidth(2147483647)), "");
}

TEST(CocoImageSize, WritingAnImageWithoutASizeIsRefusedAndWritesNothing) {
    const auto dir = test::freshTempDir();
    CocoDataset d;
    d.images.push_back({1, "a.png", -2147483647 - 1, 10, nlohmann::json::object()});
    EXPECT_THROW(writeCoco(d, dir / "out.json"), DatasetError);
    EXPECT_FALSE(std::filesystem::exists(dir / "out.json"));
    d.images[0].width = 640;
    EXPECT_NO_THROW(writeCoco(d, dir / "out.json"));
    EXPECT_EQ(readCoco(dir / "out.json").images.at(0).width, 640);
}
