#include "estimate/SquareCrop.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace refpose {

SquareCrop letterboxCrop(int width, int height) {
    const float side = static_cast<float>(std::max(width, height));
    return {std::round((width - side) / 2.f), std::round((height - side) / 2.f), side};
}

SquareCrop cropAroundBox(const Box& box, float padding, float minSide) {
    // Whole pixels, so the crop maps back to the image exactly as cropToRgb samples it.
    const float side = std::round(std::max(box.longestSide() * (1.f + 2.f * padding), minSide));
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
    cv::Mat resized, rgb;
    cv::resize(square, resized, cv::Size(size, size), 0, 0, side > size ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);
    return rgb;
}

}  // namespace refpose
