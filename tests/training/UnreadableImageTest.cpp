// Issue 15: an image that cannot be read is skipped (and reported), not fatal, and a resumed
// run skips it at the same steps. The loader is tested directly; one short refpose-train run
// checks the warning event on stdout.
#include "BatchLoader.h"
#include "PoseSamples.h"
#include "TinyRun.h"
#include "TrainProcess.h"
#include "TrainConfig.h"

#include "TestPaths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>

using namespace refpose;
using namespace refpose::training;

namespace {

constexpr int kFigures = 6;

struct Dataset {
    std::filesystem::path coco;
    std::vector<PoseSample> samples;
    std::filesystem::path missing;  // the image deleted after rendering
};

// Renders the figures, then deletes one image and truncates another into garbage.
Dataset datasetWithUnreadableImages(const std::filesystem::path& dir) {
    Dataset d;
    d.coco = test::renderTinyFigures(dir, kFigures);
    d.samples = loadPoseSamples(d.coco, d.coco.parent_path());
    d.missing = d.samples.at(1).image;
    std::filesystem::remove(d.missing);
    std::ofstream(d.samples.at(3).image, std::ios::trunc) << "not a png any more";
    return d;
}

TrainConfig loaderConfig() {
    TrainConfig c;
    c.inputSize = 64;
    c.heatmapSize = 16;
    return c;
}

std::map<long, std::unique_ptr<Batch>> allBatches(const Dataset& d, long firstStep, long endStep) {
    const TrainConfig c = loaderConfig();
    ImageCache cache;
    LoaderOptions o{d.samples.size(), 4, true, 3, 2, 2, firstStep, endStep};
    BatchLoader loader(o, poseBatchLayout(c), poseSampleMaker(d.samples, cache, c, true));
    std::map<long, std::unique_ptr<Batch>> out;
    while (auto b = loader.next()) out[b->step] = std::move(b);
    return out;
}

}  // namespace

TEST(UnreadableImage, TheLoaderSkipsItsSamplesWithZeroWeightAtTheSameStepsOnResume) {
    const auto d = datasetWithUnreadableImages(test::freshTempDir());
    ASSERT_EQ(d.samples.size(), std::size_t(kFigures));
    const long steps = 3 * stepsPerEpoch(d.samples.size(), 4);  // 3 epochs of 2 steps
    const auto straight = allBatches(d, 0, steps);
    ASSERT_EQ(straight.size(), std::size_t(steps));
    const std::size_t weightSize = kNumKeypoints;
    int skipped = 0;
    for (const auto& [step, b] : straight) {
        for (const SkippedSample& s : b->skipped) {
            ++skipped;
            EXPECT_TRUE(s.sample == 1 || s.sample == 3) << s.sample;
            EXPECT_FALSE(s.reason.empty());
            const auto slot =
                std::size_t(std::find(b->samples.begin(), b->samples.end(), s.sample) - b->samples.begin());
            for (std::size_t k = 0; k < weightSize; ++k) EXPECT_EQ(b->weights[slot * weightSize + k], 0.f);
        }
        // Every readable sample still trains.
        for (std::size_t slot = 0; slot < b->samples.size(); ++slot) {
            if (b->samples[slot] == 1 || b->samples[slot] == 3) continue;
            float weight = 0;
            for (std::size_t k = 0; k < weightSize; ++k) weight += b->weights[slot * weightSize + k];
            EXPECT_GT(weight, 0.f) << "step " << step << " sample " << b->samples[slot];
        }
    }
    EXPECT_EQ(skipped, 2 * 3);  // two unreadable images, once per epoch
    // A resume from step 3 builds the same batches, skipping the same samples.
    const auto resumed = allBatches(d, 3, steps);
    for (const auto& [step, b] : resumed) {
        const Batch& s = *straight.at(step);
        EXPECT_EQ(b->samples, s.samples);
        EXPECT_EQ(b->images, s.images);
        EXPECT_EQ(b->weights, s.weights);
        ASSERT_EQ(b->skipped.size(), s.skipped.size());
        for (std::size_t i = 0; i < s.skipped.size(); ++i) EXPECT_EQ(b->skipped[i].sample, s.skipped[i].sample);
    }
}

TEST(UnreadableImage, OtherSampleErrorsStillStopTheLoader) {
    LoaderOptions o{4, 2, false, 1, 1, 2, 0, 2};
    BatchLoader loader(o, {8, 1, 1}, [](std::size_t sample, std::mt19937_64&, float*, float*, float*) {
        if (sample == 2) throw std::logic_error("a bug, not a bad image");
    });
    EXPECT_THROW(
        {
            while (loader.next()) {
            }
        },
        std::logic_error);
}

// refpose-train on the same data: the run finishes and says which image it skipped, once.
TEST(UnreadableImage, TrainingSkipsAndReportsIt) {
    const auto dir = test::freshTempDir();
    const auto d = datasetWithUnreadableImages(dir);
    auto j = test::tinyRunJson(d.coco, dir / "run");
    j["max_steps"] = 4;
    j["batch_size"] = 4;
    j["eval_every"] = 1;  // a validation pass too, over the same (partly unreadable) images
    j["checkpoint_every"] = 1000;
    const auto config = dir / "run.json";
    std::ofstream(config) << j.dump(2);
    const auto r = test::runTrainProcess(config);
    ASSERT_EQ(r.exitStatus, 0) << (r.events.empty() ? "" : r.events.back().dump());
    std::map<std::string, int> warned;
    for (const auto& e : r.events)
        if (e.value("event", "") == "warning") {
            EXPECT_EQ(e.value("kind", ""), "unreadable_image") << e;
            EXPECT_NE(e.value("message", "").find("skipped"), std::string::npos) << e;
            ++warned[e.value("image", "")];
        }
    EXPECT_EQ(warned.size(), 2u);
    EXPECT_EQ(warned[d.missing.string()], 1);
    EXPECT_EQ(warned[d.samples.at(3).image.string()], 1);
    EXPECT_EQ(r.events.back().value("event", ""), "finished") << r.events.back();
    EXPECT_EQ(r.events.back().value("steps", 0), 4);
}
