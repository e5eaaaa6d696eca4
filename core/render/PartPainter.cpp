#include "render/PartPainter.h"

#include "render/FigurePalette.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace refpose {
namespace {

constexpr float kPi = 3.14159265f;
// Points on a disc or ellipse outline: smooth at 512 px without slowing the fill.
constexpr int kOutlineSteps = 40;
// Fixed-point bits of the polygon coordinates handed to OpenCV (1/16 pixel).
constexpr int kShiftBits = 4;
constexpr float kShiftScale = 1 << kShiftBits;

using Points = std::vector<cv::Point>;

Points toFixed(const Polygon& poly, cv::Point origin) {
    Points out;
    out.reserve(poly.size());
    for (const Vec2& v : poly)
        out.emplace_back(cvRound((v.x - origin.x) * kShiftScale), cvRound((v.y - origin.y) * kShiftScale));
    return out;
}

// The pixel rectangle around the polygons, grown by `pad`, clipped to `bounds`.
cv::Rect boundsOf(const std::vector<Polygon>& parts, float pad, cv::Size bounds) {
    float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
    for (const auto& p : parts)
        for (const Vec2& v : p) {
            x0 = std::min(x0, v.x);
            y0 = std::min(y0, v.y);
            x1 = std::max(x1, v.x);
            y1 = std::max(y1, v.y);
        }
    if (x0 > x1) return {};
    const cv::Rect r(cv::Point(static_cast<int>(std::floor(x0 - pad)), static_cast<int>(std::floor(y0 - pad))),
                     cv::Point(static_cast<int>(std::ceil(x1 + pad)) + 1, static_cast<int>(std::ceil(y1 + pad)) + 1));
    return r & cv::Rect(cv::Point(0, 0), bounds);
}

// `mask` moved by (dx, dy) pixels, zeros where nothing moved in.
cv::Mat shifted(const cv::Mat& mask, int dx, int dy) {
    cv::Mat out = cv::Mat::zeros(mask.size(), mask.type());
    const cv::Rect src = cv::Rect(-dx, -dy, mask.cols, mask.rows) & cv::Rect(0, 0, mask.cols, mask.rows);
    if (src.empty()) return out;
    mask(src).copyTo(out(src + cv::Point(dx, dy)));
    return out;
}

}  // namespace

Polygon capsule(Vec2 a, Vec2 b, float ra, float rb) {
    std::vector<cv::Point2f> pts;
    pts.reserve(2 * kOutlineSteps);
    for (int i = 0; i < kOutlineSteps; ++i) {
        const float t = 2 * kPi * i / kOutlineSteps;
        pts.emplace_back(a.x + ra * std::cos(t), a.y + ra * std::sin(t));
        pts.emplace_back(b.x + rb * std::cos(t), b.y + rb * std::sin(t));
    }
    std::vector<cv::Point2f> hull;
    cv::convexHull(pts, hull);
    Polygon out;
    out.reserve(hull.size());
    for (const auto& p : hull) out.push_back({p.x, p.y});
    return out;
}

Polygon convexHullOf(const Polygon& points) {
    std::vector<cv::Point2f> pts, hull;
    for (const Vec2& v : points) pts.emplace_back(v.x, v.y);
    cv::convexHull(pts, hull);
    Polygon out;
    for (const auto& p : hull) out.push_back({p.x, p.y});
    return out;
}

Polygon ellipse(Vec2 c, Vec2 axisA, Vec2 axisB) {
    Polygon out;
    out.reserve(kOutlineSteps);
    for (int i = 0; i < kOutlineSteps; ++i) {
        const float t = 2 * kPi * i / kOutlineSteps;
        out.push_back(c + axisA * std::cos(t) + axisB * std::sin(t));
    }
    return out;
}

PartPainter::PartPainter(cv::Mat& image, cv::Mat& alpha, const PaintSettings& settings)
    : image_(image), alpha_(alpha), settings_(settings) {}

void PartPainter::paint(const std::vector<Polygon>& parts, const cv::Scalar& fill) {
    const float shadeReach = std::max(std::abs(settings_.shadeOffset.x), std::abs(settings_.shadeOffset.y));
    const cv::Rect roi = boundsOf(parts, settings_.outlineWidth + shadeReach + 2, image_.size());
    if (roi.empty()) return;
    cv::Mat mask = cv::Mat::zeros(roi.size(), CV_8U);
    std::vector<Points> fixed;
    for (const auto& p : parts) fixed.push_back(toFixed(p, roi.tl()));
    // One polygon at a time: fillPoly given several fills their overlaps by the even-odd rule.
    for (const auto& f : fixed) cv::fillPoly(mask, std::vector<Points>{f}, cv::Scalar(255), cv::LINE_8, kShiftBits);
    cv::Mat image = image_(roi), alpha = alpha_(roi);
    image.setTo(fill, mask);
    if (shadeReach > 0) shade(image, mask, fill);
    std::vector<Points> contours;
    cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    const int width = std::max(1, cvRound(settings_.outlineWidth));
    cv::drawContours(image, contours, -1, settings_.outline, width, cv::LINE_AA);
    cv::drawContours(alpha, contours, -1, cv::Scalar(255), width, cv::LINE_8);
    alpha.setTo(255, mask);
    if (layers_) {
        cv::Mat layers = (*layers_)(roi);
        cv::drawContours(layers, contours, -1, cv::Scalar(layer_), width, cv::LINE_8);
        layers.setTo(layer_, mask);
    }
}

void PartPainter::shade(cv::Mat& image, const cv::Mat& mask, const cv::Scalar& fill) const {
    // The part minus itself moved towards the light: a crescent on the far side.
    const cv::Mat lit = shifted(mask, cvRound(settings_.shadeOffset.x), cvRound(settings_.shadeOffset.y));
    cv::Mat band;
    cv::bitwise_and(mask, ~lit, band);
    if (!settings_.softShade) {
        image.setTo(shadeOf(fill), band);
        return;
    }
    // Soft shading: the band blurred over the shift's length, blended into the fill inside the part.
    const double sigma = std::max(1.0, 0.6 * std::hypot(settings_.shadeOffset.x, settings_.shadeOffset.y));
    cv::Mat weight;
    band.convertTo(weight, CV_32F, 1.0 / 255);
    cv::GaussianBlur(weight, weight, cv::Size(), sigma);
    const cv::Scalar dark = shadeOf(fill);
    for (int y = 0; y < image.rows; ++y) {
        auto* px = image.ptr<cv::Vec3b>(y);
        const float* w = weight.ptr<float>(y);
        const uchar* m = mask.ptr<uchar>(y);
        for (int x = 0; x < image.cols; ++x) {
            if (!m[x]) continue;
            const float t = std::min(1.f, 1.6f * w[x]);
            for (int c = 0; c < 3; ++c) px[x][c] = cv::saturate_cast<uchar>(fill[c] + (dark[c] - fill[c]) * t);
        }
    }
}

void PartPainter::markLayer(const std::vector<Points>& fixed, int lineWidth, bool closed, bool filled) {
    if (!layers_) return;
    if (filled)
        cv::fillPoly(*layers_, fixed, cv::Scalar(layer_), cv::LINE_8, kShiftBits);
    else
        cv::polylines(*layers_, fixed, closed, cv::Scalar(layer_), lineWidth, cv::LINE_8, kShiftBits);
}

void PartPainter::detail(const Polygon& part, const cv::Scalar& fill, float outlineWidth) {
    const std::vector<Points> fixed{toFixed(part, {0, 0})};
    cv::fillPoly(image_, fixed, fill, cv::LINE_AA, kShiftBits);
    cv::fillPoly(alpha_, fixed, cv::Scalar(255), cv::LINE_8, kShiftBits);
    markLayer(fixed, 1, true, true);
    if (outlineWidth > 0)
        cv::polylines(image_, fixed, true, settings_.outline, std::max(1, cvRound(outlineWidth)), cv::LINE_AA,
                      kShiftBits);
}

void PartPainter::stroke(const Polygon& line, float width, const cv::Scalar& colour) {
    const std::vector<Points> fixed{toFixed(line, {0, 0})};
    cv::polylines(image_, fixed, false, colour, std::max(1, cvRound(width)), cv::LINE_AA, kShiftBits);
    cv::polylines(alpha_, fixed, false, cv::Scalar(255), std::max(1, cvRound(width)), cv::LINE_8, kShiftBits);
    markLayer(fixed, std::max(1, cvRound(width)), false, false);
}

}  // namespace refpose
