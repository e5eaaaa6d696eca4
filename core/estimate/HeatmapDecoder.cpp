#include "estimate/HeatmapDecoder.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace refpose {
namespace {

// The Gaussian kernel reaches this many sigmas on each side of its centre.
constexpr float kKernelRadiusInSigmas = 3.0f;

// Offset of a parabola's vertex through (-1, l), (0, c), (1, r); 0 when it is not a maximum.
float parabolicOffset(float l, float c, float r) {
    const float curvature = l - 2 * c + r;
    if (curvature >= 0) return 0;
    return std::clamp(0.5f * (l - r) / curvature, -0.5f, 0.5f);
}

HeatmapPeak findPeak(const cv::Mat& smoothed, const cv::Mat& raw, bool subpixel) {
    cv::Point at;
    cv::minMaxLoc(smoothed, nullptr, nullptr, nullptr, &at);
    HeatmapPeak p{static_cast<float>(at.x), static_cast<float>(at.y), raw.at<float>(at)};
    if (!subpixel) return p;
    const auto v = [&](int y, int x) { return smoothed.at<float>(y, x); };
    if (at.x > 0 && at.x + 1 < smoothed.cols)
        p.x += parabolicOffset(v(at.y, at.x - 1), v(at.y, at.x), v(at.y, at.x + 1));
    if (at.y > 0 && at.y + 1 < smoothed.rows)
        p.y += parabolicOffset(v(at.y - 1, at.x), v(at.y, at.x), v(at.y + 1, at.x));
    return p;
}

}  // namespace

std::vector<HeatmapPeak> decodeHeatmaps(std::span<const float> data, int height, int width, int channels,
                                        const HeatmapDecodeOptions& options) {
    if (height <= 0 || width <= 0 || channels <= 0 ||
        data.size() != static_cast<std::size_t>(height) * width * channels)
        throw std::invalid_argument("decodeHeatmaps: " + std::to_string(data.size()) + " values do not make " +
                                    std::to_string(height) + "x" + std::to_string(width) + "x" +
                                    std::to_string(channels));
    std::vector<HeatmapPeak> peaks;
    peaks.reserve(channels);
    cv::Mat raw(height, width, CV_32F), smoothed;
    for (int c = 0; c < channels; ++c) {
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x)
                raw.at<float>(y, x) = options.layout == HeatmapLayout::Hwc
                                          ? data[(static_cast<std::size_t>(y) * width + x) * channels + c]
                                          : data[(static_cast<std::size_t>(c) * height + y) * width + x];
        if (options.smoothingSigma > 0) {
            const int radius = std::max(1, static_cast<int>(kKernelRadiusInSigmas * options.smoothingSigma + 0.5f));
            cv::GaussianBlur(raw, smoothed, cv::Size(2 * radius + 1, 2 * radius + 1), options.smoothingSigma,
                             options.smoothingSigma, cv::BORDER_REPLICATE);
        } else {
            smoothed = raw;
        }
        peaks.push_back(findPeak(smoothed, raw, options.subpixel));
    }
    return peaks;
}

}  // namespace refpose
