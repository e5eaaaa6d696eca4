#include "EstimationRunner.h"

#include "image/ImageLoader.h"

#include <QtConcurrent>

#include <opencv2/core.hpp>

#include <exception>

namespace refpose::ui {

namespace {
// A deep copy of an 8-bit BGR matrix as a QImage with the same pixel coordinates.
QImage toQImage(const cv::Mat& bgr) {
    QImage view(bgr.data, bgr.cols, bgr.rows, int(bgr.step), QImage::Format_BGR888);
    return view.copy();
}

EstimationResult run(PoseEstimator& estimator, const cv::Mat& bgr, const QString& source) {
    EstimationResult r;
    r.source = source;
    r.image = toQImage(bgr);
    r.estimate = estimator.estimate(bgr);
    return r;
}
}  // namespace

EstimationResult estimateFromFile(PoseEstimator& estimator, const QString& path) {
    try {
        return run(estimator, loadImage(path.toStdString()), path);
    } catch (const std::exception& e) {
        EstimationResult r;
        r.source = path;
        r.error = QString::fromUtf8(e.what());
        return r;
    }
}

EstimationResult estimateFromImage(PoseEstimator& estimator, const QImage& image, const QString& source) {
    try {
        if (image.isNull()) throw ImageError(source.toStdString() + ": no image data");
        const QImage bgrImage = image.convertToFormat(QImage::Format_BGR888);
        const cv::Mat view(bgrImage.height(), bgrImage.width(), CV_8UC3,
                           const_cast<uchar*>(bgrImage.constBits()), size_t(bgrImage.bytesPerLine()));
        return run(estimator, view.clone(), source);
    } catch (const std::exception& e) {
        EstimationResult r;
        r.source = source;
        r.error = QString::fromUtf8(e.what());
        return r;
    }
}

EstimationRunner::EstimationRunner(QObject* parent) : QObject(parent) {
    qRegisterMetaType<EstimationResult>();
    connect(&watcher_, &QFutureWatcher<EstimationResult>::finished, this, [this] {
        inFlight_ = false;
        const EstimationResult result = watcher_.result();
        if (pending_) {
            Request next = std::move(*pending_);
            pending_.reset();
            start(next);
        }
        Q_EMIT finished(result);
    });
}

EstimationRunner::~EstimationRunner() { watcher_.waitForFinished(); }

void EstimationRunner::setEstimator(std::shared_ptr<PoseEstimator> estimator) {
    estimator_ = std::move(estimator);
    if (estimator_ && pending_ && !inFlight_) {
        Request next = std::move(*pending_);
        pending_.reset();
        start(next);
    }
}

void EstimationRunner::estimateFile(const QString& path) { submit(path); }

void EstimationRunner::estimateImage(const QImage& image, const QString& source) {
    submit(std::make_pair(image, source));
}

void EstimationRunner::submit(Request request) {
    if (inFlight_ || !estimator_) {
        pending_ = std::move(request);
        return;
    }
    start(request);
}

void EstimationRunner::start(const Request& request) {
    inFlight_ = true;
    auto estimator = estimator_;
    if (const auto* path = std::get_if<QString>(&request)) {
        Q_EMIT started(*path);
        watcher_.setFuture(QtConcurrent::run([estimator, p = *path] { return estimateFromFile(*estimator, p); }));
    } else {
        const auto& [image, source] = std::get<std::pair<QImage, QString>>(request);
        Q_EMIT started(source);
        watcher_.setFuture(QtConcurrent::run(
            [estimator, image, source] { return estimateFromImage(*estimator, image, source); }));
    }
}

}  // namespace refpose::ui
