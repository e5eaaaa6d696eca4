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
// Shapes on the cluttered backdrop.
constexpr int kShapesMin = 25, kShapesMax = 60;

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

// A saturated colour of any hue: busy backdrops compete with the character.
cv::Scalar strongColour(cv::RNG& rng) {
    return fromHsv(rng.uniform(0.0, 360.0), rng.uniform(0.3, 0.9), rng.uniform(0.35, 1.0));
}

// Many overlapping outlined discs, boxes and triangles, as in a cluttered room or a poster wall.
void paintShapes(cv::Mat& image, cv::RNG& rng) {
    image.setTo(lightColour(rng));
    const int side = std::min(image.cols, image.rows);
    const int count = rng.uniform(kShapesMin, kShapesMax + 1);
    const cv::Scalar line = fromHsv(rng.uniform(0.0, 360.0), 0.3, 0.15);
    const int width = std::max(1, side / 200);
    for (int i = 0; i < count; ++i) {
        const cv::Point c(rng.uniform(0, image.cols), rng.uniform(0, image.rows));
        const int r = std::max(2, static_cast<int>(side * rng.uniform(0.03, 0.16)));
        const cv::Scalar fill = strongColour(rng);
        switch (rng.uniform(0, 3)) {
            case 0:
                cv::circle(image, c, r, fill, cv::FILLED, cv::LINE_AA);
                cv::circle(image, c, r, line, width, cv::LINE_AA);
                break;
            case 1: {
                const cv::Rect box(c.x - r, c.y - r / 2, 2 * r, r + rng.uniform(0, r));
                cv::rectangle(image, box, fill, cv::FILLED);
                cv::rectangle(image, box, line, width, cv::LINE_AA);
                break;
            }
            default: {
                const std::vector<cv::Point> tri{c + cv::Point(0, -r), c + cv::Point(r, r), c + cv::Point(-r, r)};
                cv::fillConvexPoly(image, tri, fill, cv::LINE_AA);
                cv::polylines(image, std::vector<std::vector<cv::Point>>{tri}, true, line, width, cv::LINE_AA);
            }
        }
    }
}

// A street: sky, a row of buildings with window grids, the ground, a few wires.
void paintBuildings(cv::Mat& image, cv::RNG& rng) {
    paintGradient(image, rng);
    const int horizon = static_cast<int>(image.rows * rng.uniform(0.55, 0.85));
    cv::rectangle(image, cv::Rect(0, horizon, image.cols, image.rows - horizon), strongColour(rng), cv::FILLED);
    const cv::Scalar line = fromHsv(rng.uniform(0.0, 360.0), 0.3, 0.15);
    const int width = std::max(1, image.cols / 250);
    for (int x = rng.uniform(-image.cols / 10, 0); x < image.cols;) {
        const int w = static_cast<int>(image.cols * rng.uniform(0.08, 0.25));
        const int top = static_cast<int>(horizon - image.rows * rng.uniform(0.2, 0.7));
        const cv::Rect body(x, top, w, horizon - top);
        cv::rectangle(image, body, strongColour(rng), cv::FILLED);
        cv::rectangle(image, body, line, width);
        const cv::Scalar glass = lightColour(rng);
        const int pane = std::max(3, w / 6);
        for (int wy = top + pane; wy + pane < horizon; wy += 2 * pane)
            for (int wx = x + pane / 2; wx + pane < x + w; wx += 2 * pane)
                cv::rectangle(image, cv::Rect(wx, wy, pane, pane), glass, cv::FILLED);
        x += w + rng.uniform(0, std::max(1, w / 3));
    }
    for (int i = rng.uniform(1, 4); i > 0; --i)
        cv::line(image, {0, rng.uniform(0, horizon)}, {image.cols, rng.uniform(0, horizon)}, line, width, cv::LINE_AA);
}

}  // namespace

void paintBackground(cv::Mat& image, BackgroundKind kind, cv::RNG& rng) {
    switch (kind) {
        case BackgroundKind::Gradient:
            paintGradient(image, rng);
            break;
        case BackgroundKind::Noise:
            paintNoise(image, rng);
            break;
        case BackgroundKind::Stripes:
            paintStripes(image, rng);
            break;
        case BackgroundKind::Shapes:
            paintShapes(image, rng);
            break;
        case BackgroundKind::Buildings:
            paintBuildings(image, rng);
            break;
        case BackgroundKind::Plain:
        case BackgroundKind::Random:
            image.setTo(lightColour(rng));
            break;
    }
}

}  // namespace refpose
