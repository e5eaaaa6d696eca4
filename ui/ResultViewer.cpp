#include "ResultViewer.h"

#include "BackgroundJob.h"
#include "ResultPicture.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QImageReader>
#include <QLabel>
#include <QScreen>
#include <QVBoxLayout>

namespace refpose::ui {

namespace {
constexpr double kScreenShare = 0.85;  // of the available screen the picture may fill

QImage loadFitted(const QString& path, QSize fit) {
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (size.isValid() && (size.width() > fit.width() || size.height() > fit.height()))
        reader.setScaledSize(size.scaled(fit, Qt::KeepAspectRatio));  // never decode more than is shown
    return reader.read();
}
}  // namespace

ResultViewer::ResultViewer(QWidget* parent) : QDialog(parent), picture_(new QLabel(this)) {
    picture_->setAlignment(Qt::AlignCenter);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(picture_);
}

QSize ResultViewer::fitSize() const {
    const QScreen* screen = parentWidget() ? parentWidget()->screen() : QGuiApplication::primaryScreen();
    const QSize avail = screen ? screen->availableGeometry().size() : QSize(1280, 800);
    return (QSizeF(avail) * kScreenShare).toSize();
}

void ResultViewer::showResult(const ResultItem& item, const JointFlags& part) {
    item_ = item;
    part_ = part;
    full_ = false;
    const int serial = ++shown_;
    const auto& e = item.hit.entry;
    const QString name = e.imagePath.empty() ? QString::fromStdString(e.sourceId)
                                             : QFileInfo(QString::fromStdString(e.imagePath)).fileName();
    setWindowTitle(
        tr("%1 — d = %2%3")
            .arg(name, QString::number(item.hit.distance, 'f', 3), item.hit.mirrored ? tr(" (mirrored)") : QString()));
    present(item.thumbnail);  // at once, sharper when the worker has the picture
    show();
    raise();
    activateWindow();
    if (e.imagePath.empty()) return;
    const QString path = QString::fromStdString(e.imagePath);
    const QSize fit = fitSize() * devicePixelRatioF();
    runInBackground(
        this, [path, fit] { return loadFitted(path, fit); },
        [this, serial](const JobOutcome<QImage>& picture) {
            if (serial != shown_ || !picture.ok() || picture.value().isNull()) return;  // later result, or unreadable
            full_ = true;
            present(picture.value());
        });
}

void ResultViewer::present(const QImage& picture) {
    const QImage composed = composeResultPicture(picture, item_.hit.entry, part_, QSizeF(fitSize()),
                                                 devicePixelRatioF(), palette().color(QPalette::Base));
    picture_->setPixmap(QPixmap::fromImage(composed));
    adjustSize();
}

}  // namespace refpose::ui
