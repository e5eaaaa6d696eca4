#pragma once
// Whole-pipeline estimate time of two estimators measured side by side in one run: they alternate
// image by image, so load changes on a shared machine hit both alike. Prints each round's medians
// and the median over the rounds of each and of their ratio (b / a).

#include "estimate/PoseEstimator.h"
#include "image/ImageLoader.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

namespace refpose::bench {

inline double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
}

inline double millisecondsOf(PoseEstimator& estimator, const cv::Mat& image) {
    const auto t0 = std::chrono::steady_clock::now();
    estimator.estimate(image);
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// The images of `folder` (argv[2] when given, else illustrations-dev beside the project).
inline std::vector<cv::Mat> benchImages(int argc, char** argv) {
    const std::filesystem::path folder =
        argc > 2 ? argv[2] : std::filesystem::path(REFPOSE_BENCH_SHARED_DIR) / "illustrations-dev" / "images";
    std::vector<cv::Mat> images;
    for (const auto& e : std::filesystem::directory_iterator(folder)) images.push_back(loadImage(e.path()));
    return images;
}

inline void timeSideBySide(const std::string& nameA, PoseEstimator& a, const std::string& nameB, PoseEstimator& b,
                           const std::vector<cv::Mat>& images, int rounds) {
    for (const auto& im : images) a.estimate(im), b.estimate(im);  // warm-up
    std::vector<double> perRoundA, perRoundB, ratios;
    for (int r = 0; r < rounds; ++r) {
        std::vector<double> ta, tb;
        for (const auto& im : images) {
            ta.push_back(millisecondsOf(a, im));
            tb.push_back(millisecondsOf(b, im));
        }
        perRoundA.push_back(median(ta));
        perRoundB.push_back(median(tb));
        ratios.push_back(perRoundB.back() / perRoundA.back());
        std::cout << "round " << r + 1 << ": " << nameA << " " << std::fixed << std::setprecision(1) << perRoundA.back()
                  << " ms, " << nameB << " " << perRoundB.back() << " ms, ratio " << std::setprecision(3)
                  << ratios.back() << "\n";
    }
    std::cout << "median of " << rounds << " rounds (" << images.size() << " images each): " << nameA << " "
              << std::setprecision(1) << median(perRoundA) << " ms, " << nameB << " " << median(perRoundB)
              << " ms, ratio " << std::setprecision(3) << median(ratios) << "\n";
}

}  // namespace refpose::bench
