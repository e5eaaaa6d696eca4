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
    // The crop is a whole-pixel square, black where it leaves the image. It is first shrunk by
    // k x k block means, then area-averaged (no aliasing when shrinking a large illustration) or
    // bilinearly enlarged to size x size. Only the image's part is resampled: it is widened with
    // black to whole blocks of the crop's grid, so the result equals shrinking the whole square.
    const int x0 = static_cast<int>(std::lround(crop.x0)), y0 = static_cast<int>(std::lround(crop.y0));
    const int side = std::max(1, static_cast<int>(std::lround(crop.side)));
    const int k = blockFactor(side, size);
    const cv::Rect wanted(x0, y0, side, side);
    const cv::Rect inside = wanted & cv::Rect(0, 0, bgr.cols, bgr.rows);
    cv::Mat square(side / k, side / k, CV_8UC3, cv::Scalar::all(0));
    if (!inside.empty()) {
        const cv::Rect at = inside - wanted.tl();  // where the image's part lies in the square
        const int left = at.x % k, top = at.y % k;
        const int right = (k - at.br().x % k) % k, bottom = (k - at.br().y % k) % k;
        cv::Mat part;
        cv::copyMakeBorder(bgr(inside), part, top, bottom, left, right, cv::BORDER_CONSTANT, cv::Scalar::all(0));
        if (k > 1) cv::resize(part, part, cv::Size(part.cols / k, part.rows / k), 0, 0, cv::INTER_AREA);
        part.copyTo(square(cv::Rect((at.x - left) / k, (at.y - top) / k, part.cols, part.rows)));
    }
    cv::Mat resized, rgb;
    cv::resize(square, resized, cv::Size(size, size), 0, 0, square.cols > size ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);
    return rgb;
}

}  // namespace refpose
