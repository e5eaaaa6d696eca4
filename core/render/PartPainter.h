#pragma once
// Paints the parts of a figure in the cel-shaded anime manner: a flat fill, a darker band on
// the side away from the light, an anti-aliased outline around the part's silhouette, and the
// part added to the character's alpha mask.

#include "render/FigureGeometry.h"

#include <opencv2/core.hpp>

#include <vector>

namespace refpose {

using Polygon = std::vector<Vec2>;

// The convex hull of a disc of radius ra at a and one of radius rb at b (a tapered limb).
Polygon capsule(Vec2 a, Vec2 b, float ra, float rb);
// The convex hull of the points (a shape that may not cross itself whatever the pose).
Polygon convexHullOf(const Polygon& points);
// An ellipse with centre c and half-axes given as vectors (they need not be perpendicular).
Polygon ellipse(Vec2 c, Vec2 halfAxisA, Vec2 halfAxisB);

struct PaintSettings {
    cv::Scalar outline;      // BGR of the outlines
    float outlineWidth = 2;  // pixels
    Vec2 shadeOffset;        // shift of the lit area; zero gives flat colour without shade
    bool softShade = false;  // blur the shade's edge into a gradient instead of a hard cel band
};

class PartPainter {
public:
    PartPainter(cv::Mat& image, cv::Mat& alpha, const PaintSettings& settings);

    // Fills the union of `parts` with `fill`, shades it, outlines its silhouette and adds it
    // to the alpha mask.
    void paint(const std::vector<Polygon>& parts, const cv::Scalar& fill);
    void paint(const Polygon& part, const cv::Scalar& fill) { paint(std::vector<Polygon>{part}, fill); }
    // A detail inside the figure (eye, mouth): a flat fill, optionally outlined, no shade.
    void detail(const Polygon& part, const cv::Scalar& fill, float outlineWidth = 0);
    // A dark stroke through the points (lashes, nose, mouth line).
    void stroke(const Polygon& line, float width, const cv::Scalar& colour);

    const PaintSettings& settings() const { return settings_; }

    // Also record every painted pixel in `layers` (CV_8U, the image's size) with the id given by
    // setLayer: which paint call covered each pixel last, for the visibility of the keypoints.
    void recordLayers(cv::Mat* layers) { layers_ = layers; }
    void setLayer(unsigned char id) { layer_ = id; }

private:
    void shade(cv::Mat& image, const cv::Mat& mask, const cv::Scalar& fill) const;
    void markLayer(const std::vector<std::vector<cv::Point>>& fixed, int lineWidth, bool closed, bool filled);

    cv::Mat& image_;
    cv::Mat& alpha_;
    PaintSettings settings_;
    cv::Mat* layers_ = nullptr;
    unsigned char layer_ = 0;
};

}  // namespace refpose
