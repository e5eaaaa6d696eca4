// COCO keypoint files: round-trips and every malformed input named in the error.
#include "dataset/CocoDataset.h"

#include "TestPaths.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace refpose;
using nlohmann::json;

namespace {

json sampleJson() {
    json kps = json::array();
    for (int i = 0; i < 17; ++i) {
        kps.push_back(10.5 + i);
        kps.push_back(20 + 2 * i);
        kps.push_back(i % 3);  // visibility 0, 1 and 2 all present
    }
    return json{
        {"info", {{"description", "test set"}}},
        {"licenses", json::array({{{"id", 1}, {"name", "CC0"}}})},
        {"images", {{{"id", 7}, {"file_name", "a.png"}, {"width", 640}, {"height", 480}, {"flickr_url", "x"}}}},
        {"annotations",
         {{{"id", 3},
           {"image_id", 7},
           {"category_id", 1},
           {"keypoints", kps},
           {"num_keypoints", 11},
           {"bbox", {5, 6, 100.25, 200}},
           {"area", 20050},
           {"iscrowd", 0},
           {"segmentation", json::array()}}}},
        {"categories",
         {{{"id", 1},
           {"name", "person"},
           {"supercategory", "person"},
           {"keypoints", defaultPersonCategory().keypoints},
           {"skeleton", {{16, 14}, {14, 12}, {1, 2}}}}}},
    };
}

std::string errorOf(const json& j) {
    try {
        parseCoco(j, "t.json");
    } catch (const DatasetError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(CocoDataset, ParsesKeypointsVisibilityAndBox) {
    const CocoDataset d = parseCoco(sampleJson());
    ASSERT_EQ(d.annotations.size(), 1u);
    const Pose& p = d.annotations[0].pose;
    EXPECT_FLOAT_EQ(p[Kp::Nose].x, 10.5f);
    EXPECT_EQ(p[Kp::Nose].v, Visibility::Unlabelled);
    EXPECT_EQ(p[Kp::LeftEye].v, Visibility::Occluded);
    EXPECT_EQ(p[Kp::RightEye].v, Visibility::Visible);
    EXPECT_FLOAT_EQ(p.box.w, 100.25f);
    // Midpoints are derived: left upper arm = mean of left shoulder (i=5, v=2) and left elbow (i=7, v=1).
    EXPECT_FLOAT_EQ(p[Kp::LeftUpperArm].x, (15.5f + 17.5f) / 2);
    EXPECT_EQ(p[Kp::LeftUpperArm].v, Visibility::Occluded);
    EXPECT_EQ(d.categories[0].skeleton[0], std::make_pair(16, 14));
}

TEST(CocoDataset, ExportImportGivesTheSameData) {
    const CocoDataset first = parseCoco(sampleJson());
    const auto file = test::freshTempDir() / "out.json";
    writeCoco(first, file);
    const CocoDataset second = readCoco(file);
    EXPECT_EQ(first, second);
    // Fields RefPose does not interpret travel along, and COCO's 1-based skeleton is kept.
    const json again = toJson(second);
    EXPECT_EQ(again["info"]["description"], "test set");
    EXPECT_EQ(again["images"][0]["flickr_url"], "x");
    EXPECT_EQ(again["annotations"][0]["segmentation"], json::array());
    EXPECT_EQ(again["annotations"][0]["num_keypoints"], 11);
    EXPECT_EQ(again["categories"][0]["skeleton"][0], json({16, 14}));
    EXPECT_EQ(again["annotations"][0]["keypoints"], sampleJson()["annotations"][0]["keypoints"]);
}

TEST(CocoDataset, DefaultCategoryUsesOneBasedSkeleton) {
    const CocoCategory c = defaultPersonCategory();
    ASSERT_EQ(c.keypoints.size(), 17u);
    EXPECT_EQ(c.keypoints[0], "nose");
    for (const auto& [a, b] : c.skeleton) {
        EXPECT_GE(a, 1);
        EXPECT_LE(b, 17);
    }
}

TEST(CocoDataset, WrongKeypointCountNamesAnnotationAndField) {
    json j = sampleJson();
    j["annotations"][0]["keypoints"].erase(0);
    const std::string e = errorOf(j);
    EXPECT_NE(e.find("annotation 3"), std::string::npos) << e;
    EXPECT_NE(e.find("'keypoints'"), std::string::npos) << e;
    EXPECT_NE(e.find("50 values, expected 51"), std::string::npos) << e;
}

TEST(CocoDataset, NanWrittenAsNullIsRefused) {
    json j = sampleJson();
    j["annotations"][0]["keypoints"][4] = nullptr;  // JSON.stringify(NaN) == "null"
    const std::string e = errorOf(j);
    EXPECT_NE(e.find("annotation 3"), std::string::npos) << e;
    EXPECT_NE(e.find("'keypoints'[4] is not a number"), std::string::npos) << e;
}

TEST(CocoDataset, BareNanIsNotJson) {
    const auto file = test::freshTempDir() / "nan.json";
    std::ofstream(file) << "{\"images\": [], \"annotations\": [{\"id\": 1, \"keypoints\": [NaN]}]}";
    try {
        readCoco(file);
        FAIL() << "accepted NaN";
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find("not valid JSON"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
}

TEST(CocoDataset, NonFiniteValuesInMemoryAreRefused) {
    CocoDataset d = parseCoco(sampleJson());
    d.annotations[0].pose.kp[2].x = std::numeric_limits<float>::quiet_NaN();
    EXPECT_THROW(validateCoco(d), DatasetError);
    EXPECT_THROW(writeCoco(d, test::freshTempDir() / "x.json"), DatasetError);
}

TEST(CocoDataset, NegativeBoxIsRefused) {
    json j = sampleJson();
    j["annotations"][0]["bbox"][2] = -4;
    const std::string e = errorOf(j);
    EXPECT_NE(e.find("annotation 3: field 'bbox' has a negative width"), std::string::npos) << e;
}

TEST(CocoDataset, UnknownImageIdIsRefused) {
    json j = sampleJson();
    j["annotations"][0]["image_id"] = 99;
    EXPECT_NE(errorOf(j).find("annotation 3: field 'image_id' names unknown image 99"), std::string::npos)
        << errorOf(j);
}

TEST(CocoDataset, DuplicateIdsAreRefused) {
    json j = sampleJson();
    j["annotations"].push_back(j["annotations"][0]);
    EXPECT_NE(errorOf(j).find("annotation 3: duplicate annotation id"), std::string::npos) << errorOf(j);
    json k = sampleJson();
    k["images"].push_back(k["images"][0]);
    EXPECT_NE(errorOf(k).find("image 7: duplicate image id"), std::string::npos) << errorOf(k);
}

TEST(CocoDataset, OtherMalformedInputsGiveErrorsNotCrashes) {
    auto mutate = [](auto f) {
        json j = sampleJson();
        f(j);
        return errorOf(j);
    };
    EXPECT_NE(mutate([](json& j) { j.erase("images"); }).find("missing field 'images'"), std::string::npos);
    EXPECT_NE(mutate([](json& j) { j["annotations"] = 3; }).find("must be an array"), std::string::npos);
    EXPECT_NE(mutate([](json& j) { j["annotations"][0]["keypoints"][2] = 5; }).find("must be 0, 1 or 2"),
              std::string::npos);
    EXPECT_NE(mutate([](json& j) { j["annotations"][0].erase("bbox"); }).find("missing field 'bbox'"),
              std::string::npos);
    EXPECT_NE(mutate([](json& j) { j["annotations"][0]["id"] = "x"; }).find("must be an integer"), std::string::npos);
    EXPECT_NE(mutate([](json& j) { j["images"][0]["width"] = 0; }).find("must be positive"), std::string::npos);
    EXPECT_NE(mutate([](json& j) { j["categories"][0]["skeleton"][0] = {0, 1}; }).find("1..17"), std::string::npos);
    EXPECT_NE(mutate([](json& j) { j["annotations"][0]["category_id"] = 5; }).find("unknown category 5"),
              std::string::npos);
    EXPECT_NE(mutate([](json& j) { j = json::array(); }).find("must be a JSON object"), std::string::npos);
}

TEST(CocoDataset, BrokenFileLeavesTheTargetUntouchedOnFailedWrite) {
    const auto dir = test::freshTempDir();
    const auto file = dir / "keep.json";
    writeCoco(parseCoco(sampleJson()), file);
    const auto before = std::filesystem::file_size(file);
    CocoDataset bad = parseCoco(sampleJson());
    bad.annotations.push_back(bad.annotations[0]);  // duplicate id: refused before writing
    EXPECT_THROW(writeCoco(bad, file), DatasetError);
    EXPECT_EQ(std::filesystem::file_size(file), before);
    EXPECT_EQ(readCoco(file), parseCoco(sampleJson()));
}

TEST(CocoDataset, ReadsTheRealDevelopmentAnnotations) {
    const auto file = test::sharedDir() / "illustrations-dev" / "annotations.json";
    REFPOSE_SKIP_UNLESS_EXISTS(file);
    const CocoDataset d = readCoco(file);
    EXPECT_EQ(d.images.size(), 7u);
    EXPECT_EQ(d.annotations.size(), 7u);
}
