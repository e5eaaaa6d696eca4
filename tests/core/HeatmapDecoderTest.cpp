// Heatmap decoding: smoothing, arg-max and sub-pixel refinement on synthetic Gaussians.
#include "estimate/HeatmapDecoder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace refpose {
namespace {

// A Gaussian blob at (cx, cy) in channel c of an HWC buffer with `channels` channels.
void addBlob(std::vector<float>& hwc, int h, int w, int channels, int c, float cx, float cy, float peak) {
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            hwc[(y * w + x) * channels + c] +=
                peak * std::exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * 1.5f * 1.5f));
}

TEST(HeatmapDecoder, FindsSubPixelPeaksPerChannel) {
    const int h = 24, w = 32, channels = 2;
    std::vector<float> hwc(h * w * channels, 0.f);
    addBlob(hwc, h, w, channels, 0, 10.3f, 7.6f, 0.9f);
    addBlob(hwc, h, w, channels, 1, 25.0f, 18.0f, 0.4f);
    const auto peaks = decodeHeatmaps(hwc, h, w, channels);
    ASSERT_EQ(peaks.size(), 2u);
    EXPECT_NEAR(peaks[0].x, 10.3f, 0.1f);
    EXPECT_NEAR(peaks[0].y, 7.6f, 0.1f);
    EXPECT_NEAR(peaks[1].x, 25.0f, 0.05f);
    EXPECT_NEAR(peaks[1].y, 18.0f, 0.05f);
    EXPECT_NEAR(peaks[1].score, 0.4f, 1e-5f);  // the raw value at the arg-max cell
    // Without refinement the peak snaps to the nearest cell.
    const auto coarse = decodeHeatmaps(hwc, h, w, channels, {.subpixel = false});
    EXPECT_EQ(coarse[0].x, 10.f);
    EXPECT_EQ(coarse[0].y, 8.f);
}

TEST(HeatmapDecoder, SmoothingIgnoresASingleHotPixelBesideABroadPeak) {
    const int h = 16, w = 16;
    std::vector<float> map(h * w, 0.f);
    addBlob(map, h, w, 1, 0, 4.f, 4.f, 0.7f);
    map[12 * w + 12] = 0.8f;  // an isolated spike, higher than the blob
    EXPECT_NEAR(decodeHeatmaps(map, h, w, 1)[0].x, 4.f, 0.1f);
    EXPECT_NEAR(decodeHeatmaps(map, h, w, 1, {.smoothingSigma = 0})[0].x, 12.f, 1e-6f);
}

TEST(HeatmapDecoder, ChannelFirstLayoutGivesTheSamePeaks) {
    const int h = 12, w = 12, channels = 3;
    std::vector<float> hwc(h * w * channels, 0.f), chw(h * w * channels);
    for (int c = 0; c < channels; ++c) addBlob(hwc, h, w, channels, c, 2.f + 3 * c, 9.f - 2 * c, 1.f);
    for (int c = 0; c < channels; ++c)
        for (int i = 0; i < h * w; ++i) chw[c * h * w + i] = hwc[i * channels + c];
    const auto a = decodeHeatmaps(hwc, h, w, channels);
    const auto b = decodeHeatmaps(chw, h, w, channels, {.layout = HeatmapLayout::Chw});
    for (int c = 0; c < channels; ++c) {
        EXPECT_FLOAT_EQ(a[c].x, b[c].x);
        EXPECT_FLOAT_EQ(a[c].y, b[c].y);
    }
}

TEST(HeatmapDecoder, RefusesMismatchedSizes) {
    std::vector<float> v(10);
    EXPECT_THROW(decodeHeatmaps(v, 3, 3, 1), std::invalid_argument);
}

}  // namespace
}  // namespace refpose
