#include "HoverPreview.h"

#include "BackgroundJob.h"
#include "ResultPicture.h"

#include <QGuiApplication>
#include <QImageReader>
#include <QScreen>

namespace refpose::ui {

namespace {
constexpr int kPreviewSide = 420;  // longest side of the enlarged picture, pixels
constexpr int kCursorOffset = 16;  // pixels between the cursor and the popup

QImage loadPreview(const QString& path) {
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (size.isValid()) reader.setScaledSize(size.scaled(kPreviewSide, kPreviewSide, Qt::KeepAspectRatio));
    return reader.read();
}
}  // namespace

HoverPreview::HoverPreview(QWidget* parent) : QLabel(parent, Qt::ToolTip | Qt::FramelessWindowHint) {
    setFrameShape(QFrame::Box);
    setAutoFillBackground(true);
}

void HoverPreview::showFor(const ResultItem& item, const JointFlags& part, const QPoint& globalPos) {
    at_ = globalPos + QPoint(kCursorOffset, kCursorOffset);
    if (item.hit.entry.poseId == shownPose_ && isVisible()) return;
    item_ = item;
    part_ = part;
    shownPose_ = item.hit.entry.poseId;
    if (item.hit.entry.imagePath.empty()) {
        present({});
        return;
    }
    // Show the thumbnail at once, then the sharper picture when the worker has it.
    present(item.thumbnail);
    const QString path = QString::fromStdString(item.hit.entry.imagePath);
    runInBackground(
        this, [path] { return loadPreview(path); },
        [this, pose = shownPose_](const JobOutcome<QImage>& picture) {
            // A picture that fails to load leaves the thumbnail; one for an earlier hover is dropped.
            if (picture.ok() && !picture.value().isNull() && shownPose_ == pose) present(picture.value());
        });
}

void HoverPreview::hidePreview() {
    shownPose_ = -1;
    hide();
}

void HoverPreview::present(const QImage& picture) {
    if (shownPose_ < 0) return;
    const QImage canvas = composeResultPicture(picture, item_.hit.entry, part_, QSizeF(kPreviewSide, kPreviewSide),
                                               devicePixelRatioF(), palette().color(QPalette::Base));
    setPixmap(QPixmap::fromImage(canvas));
    adjustSize();
    // Keep the popup on the screen.
    QPoint pos = at_;
    if (const QScreen* screen = QGuiApplication::screenAt(at_)) {
        const QRect avail = screen->availableGeometry();
        if (pos.x() + width() > avail.right()) pos.setX(at_.x() - width() - 2 * kCursorOffset);
        if (pos.y() + height() > avail.bottom()) pos.setY(avail.bottom() - height());
    }
    move(pos);
    show();
}

}  // namespace refpose::ui
