#include "Augmentation.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace refpose::training {
namespace {

// Hue jitter amplitude in degrees when hue jitter is on.
constexpr float kHueDegrees = 18.f;

float uniform(std::mt19937_64& rng, float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng); }

}  // namespace

AugmentDraw drawAugment(const AugmentConfig& c, std::mt19937_64& rng) {
    AugmentDraw d;
    if (!c.enabled) return d;
    // Every draw is taken unconditionally so the sequence does not depend on the settings' values.
    const float angle = uniform(rng, -0.5f, 0.5f) * c.rotationDegrees;
    const float sx = uniform(rng, -1.f, 1.f) * c.translate;
    const float sy = uniform(rng, -1.f, 1.f) * c.translate;
    const float scale = uniform(rng, c.scaleMin, c.scaleMax);
    const bool flip = uniform(rng, 0.f, 1.f) < 0.5f;
    const float b = uniform(rng, -1.f, 1.f) * c.colour * 0.5f;
    const float k = 1.f + uniform(rng, -1.f, 1.f) * c.colour;
    const float s = 1.f + uniform(rng, -1.f, 1.f) * c.colour;
    const float h = uniform(rng, -1.f, 1.f) * kHueDegrees;
    d.angleDegrees = angle;
    d.shiftX = sx;
    d.shiftY = sy;
    d.scale = scale;
    d.flip = c.flip && flip;
    d.brightness = b;
    d.contrast = k;
    d.saturation = s;
    d.hueShift = c.hue ? h : 0.f;
    return d;
}

void recolour(cv::Mat& bgr, const AugmentDraw& d) {
    if (d.saturation != 1.f || d.hueShift != 0.f) {
        cv::Mat hsv;
        cv::cvtColor(bgr, hsv, cv::COLOR_BGR2HSV);  // 8-bit hue is in [0, 180)
        const int hueSteps = int(std::lround(d.hueShift / 2.f));
        hsv.forEach<cv::Vec3b>([&](cv::Vec3b& px, const int*) {
            px[0] = static_cast<uchar>((int(px[0]) + hueSteps + 180) % 180);
            px[1] = cv::saturate_cast<uchar>(px[1] * d.saturation);
        });
        cv::cvtColor(hsv, bgr, cv::COLOR_HSV2BGR);
    }
    if (d.contrast != 1.f || d.brightness != 0.f) {
        // out = (in - 128) * contrast + 128 + brightness * 255
        bgr.convertTo(bgr, -1, d.contrast, 128.f * (1.f - d.contrast) + d.brightness * 255.f);
    }
}

}  // namespace refpose::training
