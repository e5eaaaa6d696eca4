#include "dataset/AddImport.h"

#include "TestPaths.h"

#include <gtest/gtest.h>

using namespace refpose;
using nlohmann::json;

namespace {
json record() {
    json pts;
    const char* names[] = {"head",        "neck",        "nose_tip",    "nose_root",  "body_upper",  "arm_left",
                           "arm_right",   "elbow_left",  "elbow_right", "wrist_left", "wrist_right", "thumb_left",
                           "thumb_right", "leg_left",    "leg_right",   "knee_left",  "knee_right",  "ankle_left",
                           "ankle_right", "tiptoe_left", "tiptoe_right"};
    int i = 0;
    for (const char* n : names) {
        pts[n] = {100 + i, 50 + 10 * i};
        ++i;
    }
    return json::array({{{"file_name", "data/images/12345.jpg"}, {"width", 400}, {"height", 600}, {"points", pts}}});
}
}  // namespace

TEST(AddImport, MapsNamedPointsToCoco) {
    const CocoDataset d = convertAdd(record());
    ASSERT_EQ(d.annotations.size(), 1u);
    EXPECT_EQ(d.images[0].id, 12345);
    const Pose& p = d.annotations[0].pose;
    EXPECT_FLOAT_EQ(p[Kp::Nose].x, 102);               // nose_tip
    EXPECT_FLOAT_EQ(p[Kp::LeftShoulder].x, 105);       // arm_left
    EXPECT_FLOAT_EQ(p[Kp::RightHip].y, 50 + 10 * 14);  // leg_right
    EXPECT_FLOAT_EQ(p[Kp::RightAnkle].x, 118);
    EXPECT_EQ(p[Kp::LeftAnkle].v, Visibility::Visible);
    for (Kp k : {Kp::LeftEye, Kp::RightEye, Kp::LeftEar, Kp::RightEar}) EXPECT_EQ(p[k].v, Visibility::Unlabelled);
    EXPECT_EQ(countLabelled(p, kNumCocoKeypoints), 13);
}

TEST(AddImport, BoxCoversAllPointsWithMarginClippedToImage) {
    const Box b = convertAdd(record()).annotations[0].pose.box;
    // Points span x 100..120, y 50..250 (head at the top, tiptoe at the bottom): margin 5% of 200.
    EXPECT_FLOAT_EQ(b.x, 90);
    EXPECT_FLOAT_EQ(b.y, 40);
    EXPECT_FLOAT_EQ(b.w, 40);
    EXPECT_FLOAT_EQ(b.h, 220);
    json r = record();
    r[0]["height"] = 255;
    EXPECT_FLOAT_EQ(convertAdd(r).annotations[0].pose.box.h, 215);  // clipped at the bottom edge
}

TEST(AddImport, UnknownImageSizeIsEstimated) {
    json r = record();
    r[0]["width"] = 0;
    r[0]["height"] = 0;
    const CocoDataset d = convertAdd(r);
    EXPECT_EQ(d.images[0].width, 130);
    EXPECT_EQ(d.images[0].height, 260);
    EXPECT_EQ(d.images[0].extra["size_estimated"], true);
}

TEST(AddImport, MalformedRecordsAreRefused) {
    json r = record();
    r[0]["points"]["knee_left"] = {1};
    EXPECT_THROW(convertAdd(r), DatasetError);
    EXPECT_THROW(convertAdd(json::object()), DatasetError);
    json s = record();
    s[0].erase("points");
    EXPECT_THROW(convertAdd(s), DatasetError);
}

TEST(AddImport, RealDatasetGives2000Poses) {
    const auto file = test::sharedDir() / "add" / "data.json";
    REFPOSE_SKIP_UNLESS_EXISTS(file);
    const CocoDataset d = readAdd(file);
    EXPECT_EQ(d.annotations.size(), 2000u);
    for (const auto& a : d.annotations) {
        EXPECT_EQ(countLabelled(a.pose, kNumCocoKeypoints), 13) << a.id;
        EXPECT_GT(a.pose.box.w, 0) << a.id;
    }
    EXPECT_EQ(readAdd(test::sharedDir() / "add" / "test.json").annotations.size(), 500u);
}
