#include "PoseCrop.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace refpose::training {
namespace {

// Fill outside the image: white, the usual background of an illustration.
const cv::Scalar kBorderColour(255, 255, 255);
// A box with no extent (a single labelled point) still gets a crop of this many pixels.
constexpr float kMinBoxSide = 8.f;

cv::Point2f apply(const cv::Matx23f& m, float x, float y) {
    return {m(0, 0) * x + m(0, 1) * y + m(0, 2), m(1, 0) * x + m(1, 1) * y + m(1, 2)};
}

}  // namespace

cv::Matx23f cropTransform(const Box& box, int side, float padding, const AugmentDraw& draw) {
    const float boxSide = std::max(box.longestSide(), kMinBoxSide);
    const float cropSide = boxSide * (1.f + 2.f * padding) * draw.scale;
    const float cx = box.x + box.w / 2.f + draw.shiftX * cropSide;
    const float cy = box.y + box.h / 2.f + draw.shiftY * cropSide;
    const float k = float(side) / cropSide;
    const float a = draw.angleDegrees * std::numbers::pi_v<float> / 180.f;
    // Rotate the content counter-clockwise on screen (y points down): x' = c x + s y, y' = -s x + c y.
    const float c = std::cos(a) * k, s = std::sin(a) * k;
    const float half = float(side) / 2.f;
    cv::Matx23f m(c, s, half - (c * cx + s * cy), -s, c, half - (-s * cx + c * cy));
    if (draw.flip) {  // x -> side - x
        for (int j = 0; j < 3; ++j) m(0, j) = -m(0, j);
        m(0, 2) += float(side);
    }
    return m;
}

Pose transformPose(const Pose& pose, const cv::Matx23f& toCrop, bool flipped) {
    Pose out = pose;
    for (std::size_t i = 0; i < kNumKeypoints; ++i) {
        Keypoint k = pose.kp[i];
        const cv::Point2f p = apply(toCrop, k.x, k.y);
        k.x = p.x;
        k.y = p.y;
        out.kp[flipped ? kFlip[i] : i] = k;
    }
    // The box becomes the crop-space bounds of the original box's corners.
    const Box& b = pose.box;
    float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;
    const std::array<cv::Point2f, 4> corners = {cv::Point2f{b.x, b.y}, cv::Point2f{b.x + b.w, b.y},
                                                cv::Point2f{b.x, b.y + b.h}, cv::Point2f{b.x + b.w, b.y + b.h}};
    for (const auto& corner : corners) {
        const cv::Point2f p = apply(toCrop, corner.x, corner.y);
        x0 = std::min(x0, p.x);
        y0 = std::min(y0, p.y);
        x1 = std::max(x1, p.x);
        y1 = std::max(y1, p.y);
    }
    out.box = {x0, y0, x1 - x0, y1 - y0};
    return out;
}

CropSample cropPose(const cv::Mat& bgr, const Pose& pose, int side, float padding, const AugmentDraw& draw) {
    CropSample s;
    s.toCrop = cropTransform(pose.box, side, padding, draw);
    cv::warpAffine(bgr, s.image, cv::Mat(s.toCrop), cv::Size(side, side), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                   kBorderColour);
    s.pose = transformPose(pose, s.toCrop, draw.flip);
    recolour(s.image, draw);
    return s;
}

Pose poseToImage(const Pose& cropPose, const cv::Matx23f& toCrop) {
    cv::Matx23f inv;
    cv::invertAffineTransform(toCrop, inv);
    Pose out = transformPose(cropPose, inv, false);
    return out;
}

}  // namespace refpose::training
