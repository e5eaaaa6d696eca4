// Accuracy of the estimator's pipeline choices on a COCO keypoints folder: Thunder with its box
// found by Lightning (the default), Thunder finding its own box, and Lightning; with the mean
// time per image (loading included). Results in bench/RESULTS.md ("Pose engine").
//   estimator_accuracy_bench [FOLDER]   FOLDER holds annotations.json, the images beside it or in
//   images/ (default: ../shared/illustrations-dev; `refpose-cli render-figures` writes others)
#include "dataset/CocoDataset.h"
#include "estimate/PoseEstimator.h"
#include "image/ImageLoader.h"
#include "metrics/PoseMetrics.h"

#include <chrono>
#include <iostream>

int main(int argc, char** argv) {
    using namespace refpose;
    const std::filesystem::path folder =
        argc > 1 ? argv[1] : std::filesystem::path(REFPOSE_BENCH_SHARED_DIR) / "illustrations-dev";
    const std::filesystem::path models = REFPOSE_BENCH_MODELS_DIR;
    const CocoDataset truth = readCoco(folder / "annotations.json");
    const std::filesystem::path imageDir =
        std::filesystem::is_directory(folder / "images") ? folder / "images" : folder;
    struct Config {
        std::string label, model, boxModel;
    };
    for (const Config& c :
         {Config{"thunder (box: lightning, default)", "thunder", ""},
          Config{"thunder (box: thunder)", "thunder", "thunder"}, Config{"lightning", "lightning", ""}}) {
        const EstimatorOptions options{.boxModel =
                                           c.boxModel.empty() ? "" : models / ("movenet-" + c.boxModel + ".json")};
        const auto estimator = PoseEstimator::open(models / ("movenet-" + c.model + ".json"), options);
        CocoDataset predictions = truth;
        const auto t0 = std::chrono::steady_clock::now();
        for (auto& a : predictions.annotations)
            a.pose = estimator->estimate(loadImage(imageDir / truth.findImage(a.imageId)->fileName)).pose;
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        std::cout << "## " << c.label << ": " << estimator->modelId() << ", "
                  << ms / std::max<std::size_t>(1, predictions.annotations.size()) << " ms per image\n"
                  << formatReport(evaluate(pairByImage(truth, predictions))) << "\n";
    }
}
