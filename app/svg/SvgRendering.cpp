#include "SvgRendering.h"

#include <QBuffer>
#include <QFileInfo>
#include <QPainter>
#include <QSaveFile>
#include <QSvgRenderer>

#include <algorithm>
#include <cmath>

namespace refpose::svg {
namespace {

// The drawing's own size: its viewBox, else its default size (width/height attributes).
QSizeF drawingSize(const QSvgRenderer& renderer) {
    const QRectF viewBox = renderer.viewBoxF();
    if (viewBox.width() > 0 && viewBox.height() > 0) return viewBox.size();
    return QSizeF(renderer.defaultSize());
}

}  // namespace

RenderResult renderSvg(const QString& svgPath, int height, double maxAspect) {
    if (!QFileInfo::exists(svgPath)) return {{}, QStringLiteral("no such file")};
    QSvgRenderer renderer(svgPath);
    if (!renderer.isValid()) return {{}, QStringLiteral("not a readable SVG (QSvgRenderer could not parse it)")};
    const QSizeF size = drawingSize(renderer);
    if (size.width() <= 0 || size.height() <= 0)
        return {{}, QStringLiteral("the SVG has no size (no viewBox, width or height)")};

    const double aspect = size.width() / size.height();
    const int width = std::max(1, static_cast<int>(std::lround(height * std::min(aspect, maxAspect))));
    // A drawing wider than the cap keeps its aspect: it is scaled to the width and centred.
    const double drawnHeight = aspect > maxAspect ? width / aspect : height;
    const QRectF target(0, (height - drawnHeight) / 2, width, drawnHeight);

    QImage image(width, height, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    renderer.setAspectRatioMode(Qt::KeepAspectRatio);
    renderer.render(&painter, target);
    painter.end();
    return {image, {}};
}

QString savePngAtomically(const QImage& image, const QString& pngPath) {
    QSaveFile file(pngPath);
    if (!file.open(QIODevice::WriteOnly)) return QStringLiteral("cannot write %1: %2").arg(pngPath, file.errorString());
    if (!image.save(&file, "PNG")) {
        file.cancelWriting();
        return QStringLiteral("PNG encoding failed for %1").arg(pngPath);
    }
    if (!file.commit()) return QStringLiteral("cannot write %1: %2").arg(pngPath, file.errorString());
    return {};
}

}  // namespace refpose::svg
