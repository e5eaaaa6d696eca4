#pragma once
// Renders one SVG drawing to a PNG for labelling: aspect kept, on white, at a given height.

#include <QImage>
#include <QString>

namespace refpose::svg {

struct RenderResult {
    QImage image;   // null when the SVG could not be rendered
    QString error;  // why, when image is null
};

// The drawing at `height` pixels tall, its width following the SVG's aspect but at most
// `maxAspect` times the height (a wider drawing is scaled down to fit, centred vertically).
RenderResult renderSvg(const QString& svgPath, int height, double maxAspect = 3.0);

// Writes `image` as PNG to `pngPath` all at once (QSaveFile): no half-written file on failure.
// Returns an empty string on success, otherwise the reason.
QString savePngAtomically(const QImage& image, const QString& pngPath);

}  // namespace refpose::svg
