// The character box from the pose pass (Lightning on the whole image) against the box from the
// selfie segmenter (the paper's way), both with the shipped illustrated model: whole-pipeline
// estimate time, the two alternating image by image so that load changes hit both alike.
// Results in bench/RESULTS.md ("Character box from a segmenter").
//   box_source_bench [ROUNDS] [IMAGE_FOLDER]   (default: 5 rounds over illustrations-dev)
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

double millisecondsOf(refpose::PoseEstimator& estimator, const cv::Mat& image) {
    const auto t0 = std::chrono::steady_clock::now();
    estimator.estimate(image);
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
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
    const auto thunder = models / "movenet-thunder.json", weights = models / "refpose-illustrated.refpose";
    const auto poseBox = openMoveNet(thunder, {}, weights);
    const auto segmenterBox = openMoveNet(thunder, {.boxSource = BoxSource::Segmenter}, weights);
    for (const auto& im : images) poseBox->estimate(im), segmenterBox->estimate(im);  // warm-up
    std::vector<double> perRoundPose, perRoundSegmenter;
    for (int r = 0; r < rounds; ++r) {
        std::vector<double> a, b;
        for (const auto& im : images) {
            a.push_back(millisecondsOf(*poseBox, im));
            b.push_back(millisecondsOf(*segmenterBox, im));
        }
        perRoundPose.push_back(median(a));
        perRoundSegmenter.push_back(median(b));
        std::cout << "round " << r + 1 << ": pose box " << std::fixed << std::setprecision(1) << perRoundPose.back()
                  << " ms, segmenter box " << perRoundSegmenter.back() << " ms\n";
    }
    std::cout << "median of " << rounds << " rounds (" << images.size() << " images each): pose box "
              << std::setprecision(1) << median(perRoundPose) << " ms, segmenter box " << median(perRoundSegmenter)
              << " ms\n";
}
