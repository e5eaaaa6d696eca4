// Pose engine benchmark: median latency of MoveNet (network pass alone, and the estimator's
// whole pipeline: box pass, refined crop, decoding) for Thunder and Lightning on 1 and 2 CPU
// threads, batch throughput, peak memory. Driven with the TF.js peer by
// bench/run_estimator_bench.sh; results in bench/RESULTS.md ("Pose engine").
//   estimator_bench [IMAGE_FOLDER] [RUNS] [ONLY]   (ONLY: run the configurations whose label starts so)
// IMAGE_FOLDER defaults to ../shared/illustrations-dev/images; its first image (sorted by name)
// is the single-image case, all of them the set case.
#include "estimate/PoseEstimator.h"
#include "image/ImageLoader.h"
#include "model/TfjsGraph.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <string>

namespace {

constexpr int kWarmUp = 3;        // runs before timing (allocator and oneDNN caches)
constexpr int kDefaultRuns = 25;  // timed runs per measurement (median reported)
constexpr int kBatch = 8;         // images per batch for the throughput figure

double median(std::vector<double> ms) {
    std::nth_element(ms.begin(), ms.begin() + ms.size() / 2, ms.end());
    return ms[ms.size() / 2];
}

double msOf(const std::function<void()>& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

double medianMs(int runs, const std::function<void()>& f) {
    for (int i = 0; i < kWarmUp; ++i) f();
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) ms.push_back(msOf(f));
    return median(ms);
}

// Median per-image latency over `runs` rounds of every image (after one warm-up round).
double medianOverImages(int runs, refpose::PoseEstimator& estimator, const std::vector<cv::Mat>& images) {
    for (const cv::Mat& image : images) estimator.estimate(image);
    std::vector<double> ms;
    for (int r = 0; r < runs; ++r)
        for (const cv::Mat& image : images) ms.push_back(msOf([&] { estimator.estimate(image); }));
    return median(ms);
}

std::string peakMemory() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) return line.substr(6);
    return "?";
}

std::vector<cv::Mat> loadFolder(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::vector<cv::Mat> images;
    for (const auto& f : files) images.push_back(refpose::loadImage(f));
    return images;
}

struct Config {
    std::string label, model, boxModel;  // boxModel "" = the estimator's default
};

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path models = REFPOSE_BENCH_MODELS_DIR;
    const std::filesystem::path folder =
        argc > 1 && *argv[1] ? argv[1] : std::filesystem::path(REFPOSE_BENCH_SHARED_DIR) / "illustrations-dev/images";
    const int runs = argc > 2 ? std::stoi(argv[2]) : kDefaultRuns;
    const std::string only = argc > 3 ? argv[3] : "";
    const std::vector<cv::Mat> images = loadFolder(folder);
    if (images.empty()) throw std::runtime_error(folder.string() + ": no images");
    const cv::Mat& first = images.front();
    const std::vector<Config> configs = {{"thunder (box: lightning, default)", "thunder", ""},
                                         {"thunder (box: thunder)", "thunder", "thunder"},
                                         {"lightning", "lightning", ""}};
    std::cout << std::fixed << std::setprecision(1)
              << "| model | threads | network pass (ms) | estimate, first image (ms) | estimate, " << images.size()
              << " images (ms) | batch of " << kBatch << " (images/s) |\n|---|---|---|---|---|---|\n";
    for (const Config& c : configs) {
        if (c.label.rfind(only, 0) != 0) continue;
        const auto file = models / ("movenet-" + c.model + ".json");
        const int size = c.model == "thunder" ? 256 : 192;
        for (int threads : {1, 2}) {
            at::set_num_threads(threads);
            const refpose::TfjsGraph graph = refpose::TfjsGraph::load(file);
            const torch::Tensor input = torch::randint(0, 256, {1, size, size, 3}, torch::kInt32);
            const double net = medianMs(runs, [&] {
                torch::InferenceMode guard;
                graph.run({{"input", input}}, {"Identity"});
            });
            const refpose::EstimatorOptions options{
                .device = refpose::ComputeDevice::Cpu,
                .intraOpThreads = threads,
                .boxModel = c.boxModel.empty() ? "" : models / ("movenet-" + c.boxModel + ".json")};
            const auto estimator = refpose::PoseEstimator::open(file, options);
            const double one = medianMs(runs, [&] { estimator->estimate(first); });
            const double set = medianOverImages(runs, *estimator, images);
            const std::vector<cv::Mat> batch(kBatch, first);
            const double batchMs = medianMs(std::max(3, runs / 4), [&] { estimator->estimateBatch(batch); });
            std::cout << "| " << c.label << " | " << threads << " | " << net << " | " << one << " | " << set << " | "
                      << kBatch * 1000.0 / batchMs << " |" << std::endl;
        }
    }
    std::cout << "\npeak memory (VmHWM):" << peakMemory() << "; first image " << first.cols << "x" << first.rows
              << "; medians of " << runs << " runs after " << kWarmUp << " warm-up runs (" << runs
              << " rounds of every image for the set)\n";
}
