// Pose engine benchmark: median latency of MoveNet (network pass alone, and the estimator's
// whole two-pass pipeline) for Thunder and Lightning on 1 and 2 LibTorch threads, batch
// throughput, peak memory. Driven with the TF.js peer by bench/run_estimator_bench.sh;
// results in bench/RESULTS.md ("Pose engine").
//   estimator_bench [IMAGE] [RUNS]
#include "estimate/MoveNetEstimator.h"
#include "estimate/PoseEstimator.h"
#include "image/ImageLoader.h"
#include "model/TfjsGraph.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>

namespace {

constexpr int kWarmUp = 3;       // runs before timing (allocator and oneDNN caches)
constexpr int kDefaultRuns = 25; // timed runs per measurement (median reported)
constexpr int kBatch = 8;        // images per batch for the throughput figure

double medianMs(int runs, const std::function<void()>& f) {
    for (int i = 0; i < kWarmUp; ++i) f();
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::nth_element(ms.begin(), ms.begin() + ms.size() / 2, ms.end());
    return ms[ms.size() / 2];
}

std::string peakMemory() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) return line.substr(6);
    return "?";
}

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path models = REFPOSE_BENCH_MODELS_DIR;
    const std::filesystem::path image = argc > 1 && *argv[1] ? argv[1] : std::filesystem::path(REFPOSE_BENCH_SHARED_DIR) / "illustrations-dev/images/002.png";
    const int runs = argc > 2 ? std::stoi(argv[2]) : kDefaultRuns;
    const cv::Mat bgr = refpose::loadImage(image);
    std::cout << "| model | threads | network pass (ms) | estimate, 2 passes (ms) | batch of " << kBatch
              << " (images/s) |\n|---|---|---|---|---|\n";
    for (const std::string name : {"thunder", "lightning"}) {
        const auto file = models / ("movenet-" + name + ".json");
        const int size = name == "thunder" ? 256 : 192;
        for (int threads : {1, 2}) {
            at::set_num_threads(threads);
            const refpose::TfjsGraph graph = refpose::TfjsGraph::load(file);
            const torch::Tensor input = torch::randint(0, 256, {1, size, size, 3}, torch::kInt32);
            const double net = medianMs(runs, [&] {
                torch::InferenceMode guard;
                graph.run({{"input", input}}, {"Identity"});
            });
            const auto estimator = refpose::PoseEstimator::open(file, {.device = refpose::ComputeDevice::Cpu, .intraOpThreads = threads});
            const double est = medianMs(runs, [&] { estimator->estimate(bgr); });
            const std::vector<cv::Mat> batch(kBatch, bgr);
            const double batchMs = medianMs(std::max(3, runs / 4), [&] { estimator->estimateBatch(batch); });
            std::cout << "| " << name << " | " << threads << " | " << net << " | " << est << " | "
                      << kBatch * 1000.0 / batchMs << " |" << std::endl;
        }
    }
    std::cout << "\npeak memory (VmHWM):" << peakMemory() << ", image " << bgr.cols << "x" << bgr.rows
              << ", median of " << runs << " runs after " << kWarmUp << " warm-up runs\n";
}
