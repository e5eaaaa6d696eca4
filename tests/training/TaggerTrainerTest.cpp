// The tagger trains on an image folder and a tag CSV: the class-balanced loss falls and the
// exported model is written; malformed CSVs are refused with the file and line.
#include "TaggerTrainer.h"
#include "TagDataset.h"
#include "TrainConfig.h"

#include "dataset/CocoDataset.h"

#include "TestPaths.h"
#include "TinyRun.h"

#include <gtest/gtest.h>

#include <fstream>
#include <numeric>
#include <sstream>

using namespace refpose;
using namespace refpose::training;

namespace {

// Tags from what the renderer drew ("look": hair, outfit, shading, background).
std::filesystem::path writeTagCsv(const std::filesystem::path& coco) {
    const auto csv = coco.parent_path() / "tags.csv";
    const nlohmann::json j = toJson(readCoco(coco));
    std::ofstream out(csv);
    out << "image,tags\n";
    for (const auto& im : j["images"]) {
        std::istringstream look(im.value("look", std::string{}));
        std::string tag, tags;
        while (look >> tag) tags += (tags.empty() ? "" : ";") + tag;
        out << im["file_name"].get<std::string>() << "," << tags << "\n";
    }
    return csv;
}

double meanLoss(const std::vector<nlohmann::json>& steps, std::size_t from, std::size_t count) {
    double sum = 0;
    for (std::size_t i = from; i < from + count; ++i) sum += steps[i].at("loss").get<double>();
    return sum / double(count);
}

}  // namespace

TEST(TaggerTrainer, ClassBalancedLossFallsOnRenderedFigures) {
    const auto dir = test::freshTempDir();
    const auto csv = writeTagCsv(test::renderTinyFigures(dir, 8));
    const TagDataset data = readTagCsv(csv, csv.parent_path());
    ASSERT_EQ(data.images.size(), 8u);
    ASSERT_GE(data.tags.size(), 4u);

    const auto config = configFromJson({{"mode", "tagger"},
                                        {"dataset", csv.string()},
                                        {"out_dir", (dir / "run").string()},
                                        {"resnet_depth", 18},
                                        {"resnet_width", 16},
                                        {"input_size", 96},
                                        {"batch_size", 8},
                                        {"epochs", 30},
                                        {"lr", 0.002},
                                        {"seed", 3}},
                                       dir);
    std::vector<nlohmann::json> steps;
    const auto summary = trainTagger(config, [&](const nlohmann::json& e) {
        if (e.value("event", "") == "step") steps.push_back(e);
    });
    ASSERT_EQ(steps.size(), 30u);
    const double first = meanLoss(steps, 0, 5), last = meanLoss(steps, steps.size() - 5, 5);
    EXPECT_LT(last, 0.85 * first) << "loss " << first << " -> " << last;
    EXPECT_TRUE(std::filesystem::exists(summary.model)) << summary.model;
}

// An image that cannot be read is left out and reported once, as the pose trainer does; it
// used to stop the run at the same step on every start.
TEST(TaggerTrainer, UnreadableImageIsSkippedAndReported) {
    const auto dir = test::freshTempDir();
    const auto csv = writeTagCsv(test::renderTinyFigures(dir, 4));
    const TagDataset data = readTagCsv(csv, csv.parent_path());
    std::filesystem::remove(data.images[1]);
    const auto config = configFromJson({{"mode", "tagger"},
                                        {"dataset", csv.string()},
                                        {"out_dir", (dir / "run").string()},
                                        {"resnet_depth", 18},
                                        {"resnet_width", 8},
                                        {"input_size", 64},
                                        {"batch_size", 4},
                                        {"epochs", 3},
                                        {"seed", 3}},
                                       dir);
    std::vector<nlohmann::json> warnings;
    int steps = 0;
    const auto summary = trainTagger(config, [&](const nlohmann::json& e) {
        if (e.value("event", "") == "warning") warnings.push_back(e);
        if (e.value("event", "") == "step") ++steps;
    });
    EXPECT_EQ(summary.reason, "completed");
    EXPECT_EQ(steps, 3);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0]["kind"], "unreadable_image");
    EXPECT_EQ(warnings[0]["image"], data.images[1].string());
    EXPECT_TRUE(std::filesystem::exists(summary.model));
}

TEST(TaggerTrainer, MalformedCsvNamesFileAndLine) {
    const auto dir = test::freshTempDir();
    std::ofstream(dir / "tags.csv") << "image,tags\na.png,a;b\nno-comma-here\n";
    try {
        readTagCsv(dir / "tags.csv", dir);
        FAIL() << "a row without tags was accepted";
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find("tags.csv:3"), std::string::npos) << e.what();
    }
    std::ofstream(dir / "empty.csv") << "";
    try {
        readTagCsv(dir / "empty.csv", dir);
        FAIL() << "an empty CSV was accepted";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("empty.csv"), std::string::npos) << e.what();
    }
}
