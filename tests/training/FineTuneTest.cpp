// MoveNet trained end to end ("task-finetune", the paper's task fine-tuning): gradients reach
// every weight, the loss falls on a fixed batch, the exported file estimates through
// PoseEstimator::open with the MoveNet pipeline, and broken or foreign weight files are refused.
#include "MoveNetFineTune.h"
#include "TinyRun.h"
#include "TrainedModel.h"
#include "Trainer.h"

#include "TestPaths.h"
#include "estimate/PoseEstimator.h"
#include "image/ImageLoader.h"
#include "model/GraphWeights.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace refpose;
using namespace refpose::training;

namespace {

std::filesystem::path lightning() { return test::modelsDir() / "movenet-lightning.json"; }

nlohmann::json fineTuneRunJson(const std::filesystem::path& dataset, const std::filesystem::path& outDir) {
    auto j = test::tinyRunJson(dataset, outDir);
    j["architecture"] = "task-finetune";
    j["task_model"] = lightning().string();
    j["input_size"] = 192;
    j["heatmap_size"] = 48;
    j["batch_size"] = 2;
    j["epochs"] = 1;
    j["max_steps"] = 3;
    j["eval_every"] = 1;
    return j;
}

double weightDistance(TfjsGraph& a, TfjsGraph& b) {
    double d = 0;
    const auto pa = a.parameters(), pb = b.parameters();
    for (std::size_t i = 0; i < pa.size(); ++i) d += (pa[i] - pb[i]).abs().sum().item<double>();
    return d;
}

}  // namespace

TEST(MoveNetFineTune, EveryWeightTakesAGradientAndTheLossFallsOnAFixedBatch) {
    REFPOSE_SKIP_UNLESS_EXISTS(lightning());
    MoveNetFineTune net(lightning(), MoveNetFineTune::Scope::All);
    torch::manual_seed(3);
    const auto images = torch::rand({2, 3, 192, 192});
    const auto logits = net.logits(images);
    ASSERT_EQ(logits.sizes(), (std::vector<int64_t>{2, 17, 48, 48}));
    // Targets: one bright cell per map; the loss on this batch must fall under Adam at the
    // recipe's learning rate (1e-3 makes the pretrained network diverge).
    auto targets = torch::zeros_like(logits);
    targets.index_put_({torch::indexing::Slice(), torch::indexing::Slice(), 20, 24}, 1.0);
    torch::optim::Adam opt(net.parameters(), torch::optim::AdamOptions(1e-4));
    std::vector<double> losses;
    for (int step = 0; step < 4; ++step) {
        const auto loss = torch::binary_cross_entropy_with_logits(net.logits(images), targets);
        opt.zero_grad();
        loss.backward();
        if (step == 0) {
            std::size_t withGradient = 0;
            for (const auto& p : net.parameters())
                withGradient += p.grad().defined() && p.grad().abs().sum().item<double>() > 0;
            EXPECT_EQ(withGradient, net.parameters().size());
        }
        opt.step();
        losses.push_back(loss.item<double>());
    }
    EXPECT_LT(losses.back(), losses.front() * 0.9) << losses.front() << " -> " << losses.back();
}

TEST(MoveNetFineTune, ScopesFreezeTheBackboneOrAllButTheHead) {
    REFPOSE_SKIP_UNLESS_EXISTS(lightning());
    const auto all = MoveNetFineTune(lightning(), MoveNetFineTune::Scope::All).parameters().size();
    const auto fpn = MoveNetFineTune(lightning(), MoveNetFineTune::Scope::FpnAndHead).parameters().size();
    const auto head = MoveNetFineTune(lightning(), MoveNetFineTune::Scope::Head).parameters().size();
    EXPECT_GT(all, fpn);
    EXPECT_GT(fpn, head);
    EXPECT_GT(head, 0u);
}

TEST(MoveNetFineTune, TrainedFileEstimatesThroughTheMoveNetPipeline) {
    REFPOSE_SKIP_UNLESS_EXISTS(lightning());
    const auto dir = test::freshTempDir();
    const auto coco = test::renderTinyFigures(dir, 4);
    const auto config = configFromJson(fineTuneRunJson(coco, dir / "run"), dir);
    std::vector<nlohmann::json> events;
    const auto summary = trainPose(config, [&](const nlohmann::json& e) { events.push_back(e); });
    ASSERT_TRUE(std::filesystem::exists(summary.model));
    EXPECT_EQ(readModelMetadata(summary.model).at("base_model"), "movenet-lightning.json");

    registerTrainedModelLoader();
    // The base model is found through the run's task model (it does not lie beside the file).
    const auto estimator = PoseEstimator::open(summary.model);
    EXPECT_EQ(estimator->modelId().rfind("model@", 0), 0u) << estimator->modelId();
    const PoseEstimate e = estimator->estimate(loadImage(dir / "figures" / "figure-000001.png"));
    EXPECT_GT(e.score, 0.f);
    for (const auto& k : e.pose.kp) EXPECT_TRUE(std::isfinite(k.x) && std::isfinite(k.y));

    // Its weights are the trained ones, stored in half precision: near the training's, not the base's.
    TfjsGraph base = TfjsGraph::load(lightning()), loaded = TfjsGraph::load(lightning());
    torch::serialize::InputArchive archive;
    archive.load_from(summary.model.string());
    readGraphWeights(loaded, archive, summary.model.string());
    EXPECT_GT(weightDistance(base, loaded), 0.0);
}

TEST(GraphWeights, ForeignTruncatedOrNonFiniteWeightsAreRefusedNamingTheFile) {
    REFPOSE_SKIP_UNLESS_EXISTS(lightning());
    const auto dir = test::freshTempDir();
    TfjsGraph graph = TfjsGraph::load(lightning());
    torch::serialize::OutputArchive out;
    writeGraphWeights(graph, out, true);
    out.save_to((dir / "w.pt").string());

    // Round trip: half precision keeps every weight within float16's rounding.
    TfjsGraph copy = TfjsGraph::load(lightning());
    torch::serialize::InputArchive in;
    in.load_from((dir / "w.pt").string());
    readGraphWeights(copy, in, "w.pt");
    const auto a = graph.parameters(), b = copy.parameters();
    for (std::size_t i = 0; i < a.size(); ++i) ASSERT_TRUE(torch::allclose(a[i], b[i], 1e-3, 1e-3)) << i;

    const auto thunder = test::modelsDir() / "movenet-thunder.json";
    if (std::filesystem::exists(thunder)) {
        TfjsGraph other = TfjsGraph::load(thunder);
        torch::serialize::InputArchive again;
        again.load_from((dir / "w.pt").string());
        try {
            readGraphWeights(other, again, "w.pt");
            ADD_FAILURE() << "Lightning's weights were accepted by Thunder's graph";
        } catch (const ModelError& e) {
            EXPECT_NE(std::string(e.what()).find("w.pt"), std::string::npos) << e.what();
        }
    }

    // A NaN weight is refused.
    torch::serialize::OutputArchive bad;
    {
        torch::NoGradGuard g;
        graph.parameters().front().view(-1)[0] = std::nanf("");
    }
    writeGraphWeights(graph, bad, false);
    bad.save_to((dir / "nan.pt").string());
    torch::serialize::InputArchive nan;
    nan.load_from((dir / "nan.pt").string());
    EXPECT_THROW(readGraphWeights(copy, nan, "nan.pt"), ModelError);

    // A truncated model file is refused by the estimator, naming it.
    std::ifstream whole(dir / "w.pt", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(whole)), {});
    std::ofstream(dir / "cut.refpose", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    registerTrainedModelLoader();
    try {
        PoseEstimator::open(dir / "cut.refpose");
        ADD_FAILURE() << "a truncated model file opened";
    } catch (const ModelError& e) {
        EXPECT_NE(std::string(e.what()).find("cut.refpose"), std::string::npos) << e.what();
    }
}

TEST(TrainConfig, ExtraDatasetsAndFineTuneFieldsParseResolveAndRoundTrip) {
    const auto dir = test::freshTempDir();
    const nlohmann::json j = {{"dataset", "real.json"},
                              {"out_dir", "o"},
                              {"architecture", "task-finetune"},
                              {"task_model", "m.json"},
                              {"finetune_scope", "fpn-head"},
                              {"dataset_repeat", 4},
                              {"extra_datasets", {{{"dataset", "renders/a.json"}, {"repeat", 2}}}}};
    const TrainConfig c = configFromJson(j, dir);
    EXPECT_EQ(c.architecture, Architecture::TaskFineTune);
    EXPECT_EQ(c.finetuneScope, "fpn-head");
    EXPECT_EQ(c.datasetRepeat, 4);
    ASSERT_EQ(c.extraDatasets.size(), 1u);
    EXPECT_EQ(c.extraDatasets[0].dataset, dir / "renders/a.json");
    EXPECT_EQ(c.extraDatasets[0].imageDir, dir / "renders");  // the file's folder by default
    EXPECT_EQ(c.extraDatasets[0].repeat, 2);
    const TrainConfig again = configFromJson(configToJson(c), dir);
    EXPECT_EQ(again.extraDatasets[0].dataset, c.extraDatasets[0].dataset);
    EXPECT_EQ(again.datasetRepeat, 4);

    auto with = [&](const char* key, nlohmann::json value) {
        nlohmann::json k = j;
        k[key] = std::move(value);
        return k;
    };
    EXPECT_THROW(configFromJson(with("finetune_scope", "backbone"), dir), ConfigError);
    EXPECT_THROW(configFromJson(with("dataset_repeat", 0), dir), ConfigError);
    EXPECT_THROW(configFromJson(with("extra_datasets", "renders.json"), dir), ConfigError);
    EXPECT_THROW(configFromJson(with("extra_datasets", nlohmann::json::array({{{"repeat", 2}}})), dir), ConfigError);
    // task-finetune needs the MoveNet model it fine-tunes, at its own input size.
    const auto coco = test::renderTinyFigures(dir, 1);
    nlohmann::json noModel = fineTuneRunJson(coco, dir / "run");
    noModel.erase("task_model");
    EXPECT_THROW(trainPose(configFromJson(noModel, dir), [](const nlohmann::json&) {}), ConfigError);
    if (std::filesystem::exists(lightning())) {
        nlohmann::json wrongSize = fineTuneRunJson(coco, dir / "run");
        wrongSize["input_size"] = 256;
        wrongSize["heatmap_size"] = 64;
        EXPECT_THROW(trainPose(configFromJson(wrongSize, dir), [](const nlohmann::json&) {}), ConfigError);
    }
}
