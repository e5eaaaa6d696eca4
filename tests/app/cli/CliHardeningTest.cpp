// refpose-cli on hostile inputs (issue 15, item 6 and the HDR timing), end to end: an image bomb
// is refused before any model is loaded, query poses out of range and ADD sizes that the COCO
// reader would refuse are refused, and file names that are not UTF-8 keep --json valid.

#include "RunCommand.h"
#include "TestPaths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>

namespace refpose {
namespace {

// Built by appending: GCC 12's -Wrestrict misfires on "'" + std::string at -O3.
std::string quoted(const std::filesystem::path& p) {
    std::string s(1, '\'');
    s.append(p.string()).push_back('\'');
    return s;
}

test::CommandResult cli(const std::string& args) {
    return test::runCommand(quoted(test::cliPath()) + " " + args + " 2>&1");
}

// A Radiance HDR header claiming 12000x12000 pixels (576 MB as floats), named .png.
void writeHdrBomb(const std::filesystem::path& file) {
    std::ofstream out(file, std::ios::binary);
    out << "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 12000 +X 12000\n" << std::string(64, '\x02');
}

std::string slurp(const std::filesystem::path& f) {
    std::ifstream in(f, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

// The images are checked before the model is opened: a model file that does not exist is never
// reached when no image is usable.
TEST(CliHardening, AnImageBombIsRefusedBeforeTheModelIsLoaded) {
    const auto dir = test::freshTempDir();
    writeHdrBomb(dir / "bomb.png");
    const auto r = cli("estimate " + quoted(dir / "bomb.png") + " --model " + quoted(dir / "no-such-model.refpose"));
    EXPECT_NE(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find((dir / "bomb.png").string() + ": not an image in a supported format"), std::string::npos)
        << r.output;
    EXPECT_EQ(r.output.find("no-such-model"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("1 of 1 images failed"), std::string::npos) << r.output;

    // The JSON document still lists the refusal, and names the model as given.
    const auto j = cli("estimate " + quoted(dir / "bomb.png") + " --model " + quoted(dir / "no-such-model.refpose") +
                       " --json " + quoted(dir / "out.json"));
    EXPECT_NE(j.exitCode, 0);
    const auto doc = nlohmann::json::parse(slurp(dir / "out.json"));
    EXPECT_EQ(doc.at("model"), (dir / "no-such-model.refpose").string());
    EXPECT_TRUE(doc.at("device").is_null());
    ASSERT_EQ(doc.at("results").size(), 1u);
    EXPECT_NE(doc["results"][0].at("error").get<std::string>().find("not an image"), std::string::npos);
}

// With one usable image among refused ones the model is loaded as before: a missing model is
// then the error.
TEST(CliHardening, AUsableImageStillNeedsTheModel) {
    const auto image = test::sharedDir() / "illustrations-dev" / "images" / "002.png";
    REFPOSE_SKIP_UNLESS_EXISTS(image);
    const auto dir = test::freshTempDir();
    writeHdrBomb(dir / "bomb.png");
    const auto r = cli("estimate " + quoted(dir / "bomb.png") + " " + quoted(image) + " --model " +
                       quoted(dir / "no-such-model.refpose"));
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.output.find("no-such-model.refpose"), std::string::npos) << r.output;
}

// A file name that is not UTF-8 is written with U+FFFD in its place: the document stays JSON
// (query --json over such a library: CliHostileJsonTest).
TEST(CliHardening, ANonUtf8FileNameKeepsEstimateJsonValid) {
    const auto dir = test::freshTempDir();
    const std::filesystem::path bad = dir / "caf\xe9-\xff.png";  // Latin-1, as old archives have
    writeHdrBomb(bad);
    const auto r = cli("estimate " + quoted(bad) + " --model " + quoted(dir / "none.refpose") + " --json -");
    EXPECT_NE(r.exitCode, 0);
    const std::string json = r.output.substr(r.output.find('{'), r.output.rfind('}') - r.output.find('{') + 1);
    const auto doc = nlohmann::json::parse(json);
    EXPECT_NE(doc["results"][0]["image"].get<std::string>().find("caf\xef\xbf\xbd-\xef\xbf\xbd.png"), std::string::npos)
        << json;
}

TEST(CliHardening, QueryPosesOutOfRangeOrNotNumbersAreRefused) {
    const auto dir = test::freshTempDir();
    std::ofstream(dir / "library.db") << "";  // never opened: the pose is read first
    const auto pose = [&](const std::string& x0) {
        std::string keypoints = "[" + x0 + ", 10, 2";
        for (int i = 1; i < 17; ++i)
            keypoints += ", " + std::to_string(20 + i) + ", " + std::to_string(30 + 2 * i) + ", 2";
        std::ofstream(dir / "pose.json") << "{\"keypoints\": " << keypoints << "]}";
        return cli("query --pose " + quoted(dir / "pose.json") + " --library " + quoted(dir / "library.db"));
    };
    for (const char* bad : {"1e39", "-1e39", "2000000", "null", "\"12\""}) {
        const auto r = pose(bad);
        EXPECT_NE(r.exitCode, 0) << bad;
        EXPECT_NE(r.output.find("pose.json: the x of nose"), std::string::npos) << bad << ": " << r.output;
    }
    const auto nan = pose("NaN");  // Python's json.dump writes this; JSON has no NaN
    EXPECT_NE(nan.exitCode, 0);
    EXPECT_NE(nan.output.find("pose.json: not valid JSON"), std::string::npos) << nan.output;
    // A pose in range passes the pose checks (and fails on the empty library file).
    const auto fine = pose("15.5");
    EXPECT_EQ(fine.output.find("pose.json"), std::string::npos) << fine.output;

    // The same limits through the COCO reader, and for the box.
    std::string keypoints;
    for (int i = 0; i < 17; ++i) keypoints += (i ? ", " : "") + std::string("1, 1, 2");
    std::ofstream(dir / "coco.json") << R"({"images": [{"id": 1, "file_name": "a.png", "width": 10, "height": 10}],
        "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 5e30, 5], "keypoints": [)"
                                     << keypoints << "]}]}";
    const auto coco = cli("query --pose " + quoted(dir / "coco.json") + " --library " + quoted(dir / "library.db"));
    EXPECT_NE(coco.exitCode, 0);
    EXPECT_NE(coco.output.find("coco.json: the box is 5e+30"), std::string::npos) << coco.output;
}

// convert-add refuses what its own COCO reader would (width -2147483648 came from a negative or
// huge width, or from a size estimated from points beyond an int).
TEST(CliHardening, ConvertAddWritesOnlyWhatItsReaderAccepts) {
    const auto dir = test::freshTempDir();
    const auto convert = [&](const std::string& width, const std::string& point) {
        std::ofstream(dir / "add.json") << R"([{"file_name": "data/images/7.jpg", "width": )" << width
                                        << R"(, "height": 300, "points": {"nose_tip": )" << point
                                        << R"(, "wrist_left": [40, 50]}}])";
        return cli("convert-add " + quoted(dir / "add.json") + " -o " + quoted(dir / "coco.json"));
    };
    for (const char* width : {"-2147483648", "-5", "3000000000", "2147483647", "12.5", "\"400\""}) {
        std::filesystem::remove(dir / "coco.json");
        const auto r = convert(width, "[10, 20]");
        EXPECT_NE(r.exitCode, 0) << width;
        EXPECT_NE(r.output.find("add.json: record #0: field 'width' must be a whole number from 0 to 1000000"),
                  std::string::npos)
            << width << ": " << r.output;
        EXPECT_FALSE(std::filesystem::exists(dir / "coco.json")) << width;
    }
    for (const char* point : {"[1e39, 20]", "[10, -3e9]"}) {
        const auto r = convert("0", point);
        EXPECT_NE(r.exitCode, 0) << point;
        EXPECT_NE(r.output.find("point 'nose_tip' lies beyond a million pixels"), std::string::npos) << r.output;
    }
    // An unknown size (0) with every point left of and above the image gives no size to estimate.
    std::ofstream(dir / "add.json") << R"([{"file_name": "7.jpg", "width": 0, "height": 0,
        "points": {"nose_tip": [-40, -50], "wrist_left": [-30, -60]}}])";
    const auto none = cli("convert-add " + quoted(dir / "add.json") + " -o " + quoted(dir / "coco.json"));
    EXPECT_NE(none.exitCode, 0);
    EXPECT_NE(none.output.find("its size is unknown (0)"), std::string::npos) << none.output;

    // What it does write, its reader reads: an estimated size and a given one.
    for (const char* width : {"0", "640"}) {
        ASSERT_EQ(convert(width, "[10, 20]").exitCode, 0) << width;
        const auto check = cli("check-dataset " + quoted(dir / "coco.json"));
        EXPECT_EQ(check.output.find("must be positive"), std::string::npos) << check.output;
        const auto doc = nlohmann::json::parse(slurp(dir / "coco.json"));
        EXPECT_GT(doc["images"][0]["width"].get<int>(), 0);
    }
}

}  // namespace refpose
