// The paper's character box: the largest region of a segmentation mask. Rendered figures know
// their exact alpha mask, so the box the selfie segmenter finds is compared with the true one.
#include "TestPaths.h"

#include "estimate/CharacterSegmenter.h"
#include "estimate/PoseEstimator.h"
#include "render/FigureRenderer.h"
#include "render/SkeletonSource.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <iostream>

namespace refpose {
namespace {

// Mean IoU of the segmenter's box with the alpha mask's box over the figures below: measured
// 0.937, minus a margin of 0.05 (other LibTorch builds, small renderer changes).
constexpr float kMinMeanIoU = 0.88f;
// The worst figure's IoU (t-pose: the mask misses part of the outstretched arms): measured
// 0.743, minus a margin of 0.1.
constexpr float kMinFigureIoU = 0.64f;

float iou(const Box& a, const Box& b) {
    const float w = std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x);
    const float h = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
    const float inter = std::max(w, 0.f) * std::max(h, 0.f);
    return inter / (a.w * a.h + b.w * b.h - inter);
}

TEST(LargestRegionBox, BoxOfTheLargestRegionAboveTheThreshold) {
    cv::Mat mask(20, 30, CV_32F, cv::Scalar(0.f));
    mask(cv::Rect(2, 3, 4, 5)).setTo(0.9f);    // 20 pixels
    mask(cv::Rect(10, 6, 8, 10)).setTo(0.7f);  // 80 pixels: the largest
    mask(cv::Rect(25, 0, 5, 20)).setTo(0.5f);  // 100 pixels, but not above 0.5
    const auto box = largestRegionBox(mask);
    ASSERT_TRUE(box.has_value());
    EXPECT_EQ(*box, (Box{10, 6, 8, 10}));
    // Diagonal neighbours join one region (8-connectivity): 80 + 20 pixels beat a 90-pixel one.
    mask.setTo(0.f);
    mask(cv::Rect(0, 0, 10, 8)).setTo(1.f);
    mask(cv::Rect(10, 8, 4, 5)).setTo(1.f);
    mask(cv::Rect(20, 0, 9, 10)).setTo(1.f);
    EXPECT_EQ(*largestRegionBox(mask), (Box{0, 0, 14, 13}));
}

TEST(LargestRegionBox, NoRegionAndBadMask) {
    EXPECT_FALSE(largestRegionBox(cv::Mat(8, 8, CV_32F, cv::Scalar(0.5f))).has_value());
    EXPECT_THROW(largestRegionBox(cv::Mat(8, 8, CV_8U, cv::Scalar(255))), std::invalid_argument);
    EXPECT_THROW(largestRegionBox(cv::Mat()), std::invalid_argument);
}

TEST(CharacterSegmenter, MissingModelFileIsAClearError) {
    const auto missing = test::freshTempDir() / "selfie.json";
    try {
        CharacterSegmenter segmenter(missing, torch::kCPU);
        FAIL() << "a missing model must throw";
    } catch (const ModelError& e) {
        EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("fetch-models.sh"), std::string::npos) << e.what();
    }
}

TEST(CharacterSegmenter, EstimatorWithAMissingSegmenterFailsAtOpen) {
    REFPOSE_SKIP_UNLESS_EXISTS(test::modelsDir() / "movenet-lightning.json");
    const auto missing = test::freshTempDir() / "no-such-segmenter.json";
    EstimatorOptions options{
        .device = ComputeDevice::Cpu, .boxSource = BoxSource::Segmenter, .segmenterModel = missing};
    EXPECT_THROW(PoseEstimator::open(test::modelsDir() / "movenet-lightning.json", options), ModelError);
}

TEST(CharacterSegmenter, BoxOfRenderedFiguresMatchesTheirAlphaMask) {
    REFPOSE_SKIP_UNLESS_EXISTS(test::modelsDir() / "selfie.json");
    CharacterSegmenter segmenter(test::modelsDir() / "selfie.json", torch::kCPU);
    const auto& poses = builtinPoses();
    const BackgroundKind backgrounds[] = {BackgroundKind::Plain, BackgroundKind::Gradient, BackgroundKind::Stripes};
    float sum = 0, worst = 1;
    int count = 0;
    for (std::size_t i = 0; i < poses.size(); i += 2) {
        const int width = 640, height = 480;
        const Pose placed = placedAtRandom(poses[i].pose, width, height, 100 + i, 0.04f, 0.3f);
        const RenderedFigure figure = renderFigure(
            placed, {.seed = 11 + i, .width = width, .height = height, .background = backgrounds[count % 3]});
        const cv::Rect truthRect = cv::boundingRect(figure.alpha);
        const Box truth{float(truthRect.x), float(truthRect.y), float(truthRect.width), float(truthRect.height)};
        const auto found = segmenter.characterBox(figure.image);
        const float overlap = found ? iou(*found, truth) : 0.f;
        std::cout << poses[i].name << " (" << toString(backgrounds[count % 3]) << "): IoU " << overlap << "\n";
        sum += overlap;
        worst = std::min(worst, overlap);
        ++count;
    }
    std::cout << "mean IoU " << sum / count << ", worst " << worst << "\n";
    EXPECT_GE(sum / count, kMinMeanIoU);
    EXPECT_GE(worst, kMinFigureIoU);
}

}  // namespace
}  // namespace refpose
