#include "render/FigureBackground.h"

#include "render/FigurePalette.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace refpose {
namespace {

constexpr double kPi = 3.14159265358979323846;
// Cells of the coarse random grid that the noise background blurs up to full size.
constexpr int kNoiseCellsMin = 4, kNoiseCellsMax = 14;
// Fine grain added to the noise background (grey levels, standard deviation).
constexpr double kGrainSigma = 6.0;
// Stripe period as a share of the image's shorter side.
constexpr double kStripeMin = 0.03, kStripeMax = 0.12;

// A light, mostly desaturated colour, so the character stands out as in most illustrations.
cv::Scalar lightColour(cv::RNG& rng) {
    return fromHsv(rng.uniform(0.0, 360.0), rng.uniform(0.0, 0.35), rng.uniform(0.75, 1.0));
}

cv::Vec3b mix(const cv::Scalar& a, const cv::Scalar& b, double t) {
    return {cv::saturate_cast<uchar>(a[0] + (b[0] - a[0]) * t), cv::saturate_cast<uchar>(a[1] + (b[1] - a[1]) * t),
            cv::saturate_cast<uchar>(a[2] + (b[2] - a[2]) * t)};
}

void paintGradient(cv::Mat& image, cv::RNG& rng) {
    const cv::Scalar a = lightColour(rng), b = lightColour(rng);
    const double angle = rng.uniform(0.0, 2 * kPi);
    const double dx = std::cos(angle), dy = std::sin(angle);
    const double span = std::abs(dx) * image.cols + std::abs(dy) * image.rows;
    const double offset = std::min(0.0, dx * image.cols) + std::min(0.0, dy * image.rows);
    for (int y = 0; y < image.rows; ++y) {
        auto* row = image.ptr<cv::Vec3b>(y);
        for (int x = 0; x < image.cols; ++x) row[x] = mix(a, b, (dx * x + dy * y - offset) / span);
    }
}

void paintNoise(cv::Mat& image, cv::RNG& rng) {
    const cv::Scalar a = lightColour(rng), b = lightColour(rng);
    const int cells = rng.uniform(kNoiseCellsMin, kNoiseCellsMax + 1);
    cv::Mat coarse(cells, cells, CV_32F), smooth;
    rng.fill(coarse, cv::RNG::UNIFORM, 0.0, 1.0);
    cv::resize(coarse, smooth, image.size(), 0, 0, cv::INTER_CUBIC);
    cv::Mat grain(image.size(), CV_32F);
    rng.fill(grain, cv::RNG::NORMAL, 0.0, kGrainSigma / 255.0);
    smooth += grain;
    for (int y = 0; y < image.rows; ++y) {
        auto* row = image.ptr<cv::Vec3b>(y);
        const float* t = smooth.ptr<float>(y);
        for (int x = 0; x < image.cols; ++x) row[x] = mix(a, b, std::clamp(t[x], 0.f, 1.f));
    }
}

void paintStripes(cv::Mat& image, cv::RNG& rng) {
    const cv::Scalar a = lightColour(rng), b = lightColour(rng);
    const double angle = rng.uniform(0.0, kPi);
    const double period = std::min(image.cols, image.rows) * rng.uniform(kStripeMin, kStripeMax);
    const double dx = std::cos(angle) / period, dy = std::sin(angle) / period;
    const cv::Vec3b ca = mix(a, b, 0), cb = mix(a, b, 1);
    for (int y = 0; y < image.rows; ++y) {
        auto* row = image.ptr<cv::Vec3b>(y);
        for (int x = 0; x < image.cols; ++x) {
            const double phase = dx * x + dy * y;
            row[x] = (phase - std::floor(phase)) < 0.5 ? ca : cb;
        }
    }
}

}  // namespace

void paintBackground(cv::Mat& image, BackgroundKind kind, cv::RNG& rng) {
    switch (kind) {
        case BackgroundKind::Gradient: paintGradient(image, rng); break;
        case BackgroundKind::Noise: paintNoise(image, rng); break;
        case BackgroundKind::Stripes: paintStripes(image, rng); break;
        case BackgroundKind::Plain:
        case BackgroundKind::Random: image.setTo(lightColour(rng)); break;
    }
}

}  // namespace refpose
