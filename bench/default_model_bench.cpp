// The shipped default model (MoveNet Thunder fine-tuned on illustrations, a .refpose file of
// graph weights) against MoveNet Thunder: whole-pipeline estimate time, side by side in one run,
// the two models alternating image by image so that load changes hit both alike. Results in
// bench/RESULTS.md ("Illustration-trained model").
//   default_model_bench [ROUNDS] [IMAGE_FOLDER]   (default: 5 rounds over illustrations-dev)
#include "estimate/MoveNetEstimator.h"
#include "image/ImageLoader.h"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>

namespace {

double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    using namespace refpose;
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    const std::filesystem::path folder =
        argc > 2 ? argv[2] : std::filesystem::path(REFPOSE_BENCH_SHARED_DIR) / "illustrations-dev" / "images";
    const std::filesystem::path models = REFPOSE_BENCH_MODELS_DIR;
    std::vector<cv::Mat> images;
    for (const auto& e : std::filesystem::directory_iterator(folder)) images.push_back(loadImage(e.path()));
    const auto thunder = openMoveNet(models / "movenet-thunder.json", {});
    const auto illustrated = openMoveNet(models / "movenet-thunder.json", {}, models / "refpose-illustrated.refpose");
    for (const auto& im : images) thunder->estimate(im), illustrated->estimate(im);  // warm-up
    std::vector<double> ratios, perRoundThunder, perRoundOwn;
    for (int r = 0; r < rounds; ++r) {
        std::vector<double> a, b;
        for (const auto& im : images) {
            auto t0 = std::chrono::steady_clock::now();
            thunder->estimate(im);
            auto t1 = std::chrono::steady_clock::now();
            illustrated->estimate(im);
            auto t2 = std::chrono::steady_clock::now();
            a.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
            b.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
        }
        perRoundThunder.push_back(median(a));
        perRoundOwn.push_back(median(b));
        ratios.push_back(perRoundOwn.back() / perRoundThunder.back());
        std::cout << "round " << r + 1 << ": thunder " << std::fixed << std::setprecision(1) << perRoundThunder.back()
                  << " ms, illustrated " << perRoundOwn.back() << " ms, ratio " << std::setprecision(3) << ratios.back()
                  << "\n";
    }
    std::cout << "median of " << rounds << " rounds (" << images.size() << " images each): thunder " << std::setprecision(1)
              << median(perRoundThunder) << " ms, illustrated " << median(perRoundOwn) << " ms, ratio "
              << std::setprecision(3) << median(ratios) << "\n";
}
