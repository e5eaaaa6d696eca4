#include "estimate/SquareCrop.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace refpose {
namespace {

// Crop sides are rounded up to a multiple of this, so that large crops shrink by whole
// blocks first (cropToRgb): a few more pixels of margin, never fewer.
constexpr int kSideStep = 8;

float roundSideUp(float side) { return std::ceil(std::round(side) / kSideStep) * kSideStep; }

// The largest power of two k with k * size <= side that divides side: cropToRgb first averages
// k x k blocks (OpenCV's fast path for whole factors, about 3x faster than the general area
// resampling on a 1216-pixel crop, bench/RESULTS.md), then area-resamples what is left.
int blockFactor(int side, int size) {
    int k = 1;
    while (2 * k * size <= side && side % (2 * k) == 0) k *= 2;
    return k;
}

}  // namespace

SquareCrop letterboxCrop(int width, int height) {
    const float side = roundSideUp(static_cast<float>(std::max(width, height)));
    return {std::round((width - side) / 2.f), std::round((height - side) / 2.f), side};
}

SquareCrop cropAroundBox(const Box& box, float padding, float minSide) {
    // Whole pixels, so the crop maps back to the image exactly as cropToRgb samples it.
    const float side = roundSideUp(std::max(box.longestSide() * (1.f + 2.f * padding), minSide));
    return {std::round(box.x + box.w / 2.f - side / 2.f), std::round(box.y + box.h / 2.f - side / 2.f), side};
}

cv::Mat cropToRgb(const cv::Mat& bgr, const SquareCrop& crop, int size) {
    // Integer square, padded where it leaves the image, then area-averaged (no aliasing when
    // shrinking a large illustration) or bilinear when enlarging.
    const int x0 = static_cast<int>(std::lround(crop.x0)), y0 = static_cast<int>(std::lround(crop.y0));
    const int side = std::max(1, static_cast<int>(std::lround(crop.side)));
    const cv::Rect wanted(x0, y0, side, side);
    const cv::Rect inside = wanted & cv::Rect(0, 0, bgr.cols, bgr.rows);
    cv::Mat square(side, side, CV_8UC3, cv::Scalar::all(0));
    if (!inside.empty()) bgr(inside).copyTo(square(inside - wanted.tl()));
    if (const int k = blockFactor(side, size); k > 1)  // k x k block means: the same pixel grid, exactly
        cv::resize(square, square, cv::Size(side / k, side / k), 0, 0, cv::INTER_AREA);
    cv::Mat resized, rgb;
    cv::resize(square, resized, cv::Size(size, size), 0, 0, square.cols > size ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);
    return rgb;
}

}  // namespace refpose
