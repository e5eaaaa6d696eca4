// refpose-cli eval-model --gt GT.json [--images DIR] [--model M] [--fold K/N] [--json] [--pose-prior P]
//   [--box pose|segmenter]:
// runs the whole estimator (box pass, crop, model) on every image of a COCO keypoints file and
// scores it with the paper's metrics. --fold K/N keeps the images whose id % N == K (the
// held-out folds of docs/labelling.md).
#include "Commands.h"
#include "BoxSourceCliSupport.h"
#include "PosePriorCliSupport.h"
#include "SearchCliSupport.h"

#include "dataset/CocoDataset.h"
#include "estimate/PoseEstimator.h"
#include "image/ImageLoader.h"
#include "metrics/PoseMetrics.h"
#include "util/SafeJson.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <iostream>
#include <memory>

namespace refpose::cli {
namespace {

struct Fold {
    long index = 0, count = 1;
};

Fold parseFold(const std::string& text) {
    const auto slash = text.find('/');
    Fold f;
    try {
        if (slash == std::string::npos) throw std::invalid_argument(text);
        f.index = std::stol(text.substr(0, slash));
        f.count = std::stol(text.substr(slash + 1));
    } catch (const std::exception&) {
        throw std::runtime_error("--fold must be K/N, e.g. 0/3 (got \"" + text + "\")");
    }
    if (f.count < 1 || f.index < 0 || f.index >= f.count) throw std::runtime_error("--fold K/N needs 0 <= K < N");
    return f;
}

// The annotations of the fold's images, each with the estimate of its image as prediction.
CocoDataset estimateFold(const CocoDataset& truth, const std::filesystem::path& imageDir, PoseEstimator& estimator,
                         const Fold& fold, CocoDataset& foldTruth) {
    foldTruth = truth;
    foldTruth.annotations.clear();
    for (const auto& a : truth.annotations)
        if (a.imageId % fold.count == fold.index) foldTruth.annotations.push_back(a);
    CocoDataset predictions = foldTruth;
    for (auto& a : predictions.annotations)
        a.pose = estimator.estimate(loadImage(imageDir / truth.findImage(a.imageId)->fileName)).pose;
    return predictions;
}

}  // namespace

void addEvalModelCommand(CLI::App& app) {
    struct Args {
        std::string gt, images, model = kDefaultEstimateModel, fold = "0/1";
        bool json = false;
        PosePriorArgs prior;
        BoxSourceArgs box;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("eval-model", "Estimate every image of a COCO keypoints file and score the model");
    cmd->add_option("--gt", args->gt, "ground-truth COCO keypoints JSON")->required()->check(CLI::ExistingFile);
    cmd->add_option("--images", args->images, "folder of the images (default: the JSON's folder, or its images/)");
    cmd->add_option("--model", args->model, "illustrated, thunder, lightning or a model file")->capture_default_str();
    cmd->add_option("--fold", args->fold, "K/N: only the images whose id % N == K")->capture_default_str();
    cmd->add_flag("--json", args->json, "print the report as JSON");
    addPosePriorOptions(cmd, args->prior);
    addBoxSourceOptions(cmd, args->box);
    cmd->callback([args] {
        const Fold fold = parseFold(args->fold);
        const CocoDataset truth = readCoco(args->gt);
        std::filesystem::path imageDir = args->images;
        if (imageDir.empty()) {
            const auto folder = std::filesystem::path(args->gt).parent_path();
            imageDir = std::filesystem::is_directory(folder / "images") ? folder / "images" : folder;
        }
        EstimatorOptions options;
        applyPosePriorArgs(args->prior, options);
        applyBoxSourceArgs(args->box, options);
        const auto estimator = PoseEstimator::open(resolveModel(args->model), options);
        CocoDataset foldTruth;
        const auto t0 = std::chrono::steady_clock::now();
        const CocoDataset predictions = estimateFold(truth, imageDir, *estimator, fold, foldTruth);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        const EvaluationReport report = evaluate(pairByImage(foldTruth, predictions));
        const double perImage = ms / double(std::max<std::size_t>(1, foldTruth.annotations.size()));
        if (args->json) {
            auto j = reportToJson(report);
            j["model"] = estimator->modelId();
            j["ms_per_image"] = perImage;
            std::cout << dumpJson(j, 2) << "\n";
        } else {
            std::cout << estimator->modelId() << ": " << foldTruth.annotations.size() << " poses, " << perImage
                      << " ms per image (loading included)\n"
                      << formatReport(report);
        }
    });
}

}  // namespace refpose::cli
