// COCO results lists as `eval --pred` input: they score exactly as the same predictions written
// as a dataset, keep the best result per image, and name the file, entry and field on bad input.
#include "dataset/CocoResults.h"
#include "metrics/PoseMetrics.h"

#include "TestPaths.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace refpose;
using nlohmann::json;

namespace {

std::filesystem::path labelsFile() {
    return test::sourceDir().parent_path() / "data" / "illustrations-train" / "annotations.json";
}

// Every even-numbered annotation moved by half its box's longest side (far outside OKS@50),
// the others left exact: OKS@50 is then the share of labelled points on the odd ones.
CocoDataset perturbed(const CocoDataset& truth) {
    CocoDataset pred = truth;
    for (std::size_t i = 0; i < pred.annotations.size(); i += 2) {
        Pose& p = pred.annotations[i].pose;
        const float shift = 0.5f * p.box.longestSide();
        for (std::size_t k = 0; k < kNumCocoKeypoints; ++k) p.kp[k].x += shift;
        deriveMidpoints(p);
    }
    return pred;
}

double expectedOks50(const CocoDataset& truth) {
    long exact = 0, all = 0;
    for (std::size_t i = 0; i < truth.annotations.size(); ++i) {
        const int n = countLabelled(truth.annotations[i].pose, kNumCocoKeypoints);
        all += n;
        if (i % 2) exact += n;
    }
    return double(exact) / double(all);
}

// The results-list form of a dataset's poses. The third values are confidences 0, 0.37 and 0.74
// (not visibilities: a keypoint with confidence 0 still counts as predicted).
json asResults(const CocoDataset& d) {
    json list = json::array();
    for (const auto& a : d.annotations) {
        json kps = json::array();
        for (std::size_t k = 0; k < kNumCocoKeypoints; ++k)
            kps.insert(kps.end(), {a.pose.kp[k].x, a.pose.kp[k].y, double(k % 3) * 0.37});
        list.push_back({{"image_id", a.imageId}, {"category_id", a.categoryId}, {"keypoints", kps}, {"score", 0.9}});
    }
    return list;
}

std::filesystem::path writeJson(const json& j, const std::filesystem::path& file) {
    std::ofstream(file) << j.dump();
    return file;
}

std::string errorOf(const json& results, const CocoDataset& truth) {
    try {
        parseCocoResults(results, truth, "r.json");
    } catch (const DatasetError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(CocoResults, ScoresLikeTheSamePredictionsWrittenAsADataset) {
    const CocoDataset truth = readCoco(labelsFile());
    const CocoDataset pred = perturbed(truth);
    const auto dir = test::freshTempDir();
    const auto datasetFile = writeJson(toJson(pred), dir / "pred-dataset.json");
    const auto resultsFile = writeJson(asResults(pred), dir / "pred-results.json");

    const json fromDataset = reportToJson(evaluate(pairByImage(truth, readPredictions(datasetFile, truth))));
    const json fromResults = reportToJson(evaluate(pairByImage(truth, readPredictions(resultsFile, truth))));
    EXPECT_EQ(fromDataset, fromResults);
    EXPECT_EQ(fromResults["poses"], 77);
    EXPECT_EQ(fromResults["unmatched_poses"], 0);
    const double oks50 = fromResults["overall"]["OKS@50"].get<double>();
    EXPECT_DOUBLE_EQ(oks50, expectedOks50(truth));
    EXPECT_LT(oks50, 0.6);  // about half the poses moved: far from 1
}

TEST(CocoResults, TheHighestScoringResultOnAnImageCounts) {
    const CocoDataset truth = readCoco(labelsFile());
    json exact = asResults(truth)[0];
    json moved = exact;
    for (std::size_t k = 0; k < kNumCocoKeypoints; ++k)
        moved["keypoints"][3 * k] = moved["keypoints"][3 * k].get<double>() + 500;
    exact["score"] = 0.4;
    moved["score"] = 0.8;
    for (const json& list : {json{exact, moved}, json{moved, exact}}) {
        const CocoDataset d = parseCocoResults(list, truth);
        ASSERT_EQ(d.annotations.size(), 1u);
        EXPECT_EQ(d.annotations[0].imageId, truth.annotations[0].imageId);
        EXPECT_FLOAT_EQ(d.annotations[0].pose[Kp::Nose].x, truth.annotations[0].pose[Kp::Nose].x + 500);
        EXPECT_EQ(d.annotations[0].extra["score"], 0.8);
    }
    // Every keypoint counts as predicted, whatever its confidence, and midpoints are derived.
    const CocoDataset d = parseCocoResults(json{exact}, truth);
    for (std::size_t k = 0; k < kNumCocoKeypoints; ++k) EXPECT_TRUE(d.annotations[0].pose.kp[k].labelled());
    EXPECT_FLOAT_EQ(d.annotations[0].pose[Kp::LeftEye].score, 0.37f);
}

TEST(CocoResults, UnknownImageAndMissingFieldsNameFileEntryAndField) {
    const CocoDataset truth = readCoco(labelsFile());
    const json good = asResults(truth);
    auto mutate = [&](std::size_t i, auto f) {
        json j = good;
        f(j[i]);
        return errorOf(j, truth);
    };

    const std::string unknown = mutate(3, [](json& r) { r["image_id"] = 999999; });
    EXPECT_NE(unknown.find("r.json: result #3: field 'image_id' names image 999999, which the ground truth lacks"),
              std::string::npos)
        << unknown;
    const std::string noKeypoints = mutate(5, [](json& r) { r.erase("keypoints"); });
    EXPECT_NE(noKeypoints.find("r.json: result #5: missing field 'keypoints'"), std::string::npos) << noKeypoints;

    EXPECT_NE(mutate(0, [](json& r) { r.erase("score"); }).find("result #0: missing field 'score'"), std::string::npos);
    EXPECT_NE(mutate(1, [](json& r) { r["score"] = "high"; }).find("result #1: field 'score' is not a number"),
              std::string::npos);
    EXPECT_NE(mutate(2, [](json& r) { r.erase("image_id"); }).find("result #2: missing field 'image_id'"),
              std::string::npos);
    EXPECT_NE(mutate(2, [](json& r) { r["image_id"] = 1.5; }).find("result #2: field 'image_id' must be an integer"),
              std::string::npos);
    EXPECT_NE(mutate(4, [](json& r) { r.erase("category_id"); }).find("result #4: missing field 'category_id'"),
              std::string::npos);
    EXPECT_NE(mutate(4, [](json& r) { r["category_id"] = 7; })
                  .find("result #4: field 'category_id' names unknown category 7"),
              std::string::npos);
    EXPECT_NE(mutate(6, [](json& r) { r["keypoints"].erase(0); })
                  .find("result #6: field 'keypoints' has 50 values, expected 51"),
              std::string::npos);
    EXPECT_NE(
        mutate(6, [](json& r) { r["keypoints"][7] = nullptr; }).find("result #6: field 'keypoints'[7] is not a number"),
        std::string::npos);
    EXPECT_NE(mutate(8, [](json& r) { r = 3; }).find("result #8: must be an object"), std::string::npos);
}

TEST(CocoResults, FileErrorsNameTheFile) {
    const CocoDataset truth = readCoco(labelsFile());
    json list = asResults(truth);
    list[2].erase("keypoints");
    const auto dir = test::freshTempDir();
    const auto file = writeJson(list, dir / "bad-results.json");
    try {
        readPredictions(file, truth);
        FAIL() << "accepted a result without keypoints";
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find(file.string() + ": result #2: missing field 'keypoints'"),
                  std::string::npos)
            << e.what();
    }
    const auto broken = dir / "broken.json";
    std::ofstream(broken) << "[{\"image_id\": 1,";
    try {
        readPredictions(broken, truth);
        FAIL() << "accepted broken JSON";
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find(broken.string() + ": not valid JSON"), std::string::npos) << e.what();
    }
    EXPECT_NE(errorOf(json{{"a", 1}}, truth).find("r.json: top level: a results list must be a JSON array"),
              std::string::npos);
}
