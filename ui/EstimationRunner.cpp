#include "EstimationRunner.h"

#include "image/ImageLoader.h"

#include <opencv2/core.hpp>

namespace refpose::ui {

namespace {
// A deep copy of an 8-bit BGR matrix as a QImage with the same pixel coordinates.
QImage toQImage(const cv::Mat& bgr) {
    QImage view(bgr.data, bgr.cols, bgr.rows, int(bgr.step), QImage::Format_BGR888);
    return view.copy();
}

EstimationResult run(PoseEstimator& estimator, const cv::Mat& bgr) {
    EstimationResult r;
    r.image = toQImage(bgr);
    r.estimate = estimator.estimate(bgr);
    return r;
}
}  // namespace

EstimationResult estimateFromFile(PoseEstimator& estimator, const QString& path) {
    return run(estimator, loadImage(path.toStdString()));
}

EstimationResult estimateFromImage(PoseEstimator& estimator, const QImage& image, const QString& source) {
    if (image.isNull()) throw ImageError(source.toStdString() + ": no image data");
    const QImage bgrImage = image.convertToFormat(QImage::Format_BGR888);
    const cv::Mat view(bgrImage.height(), bgrImage.width(), CV_8UC3, const_cast<uchar*>(bgrImage.constBits()),
                       size_t(bgrImage.bytesPerLine()));
    return run(estimator, view.clone());
}

EstimationRunner::EstimationRunner(QObject* parent)
    : QObject(parent),
      runner_(
          [](const Request& r) {
              return r.image ? estimateFromImage(*r.estimator, *r.image, r.source)
                             : estimateFromFile(*r.estimator, r.source);
          },
          [this](const Request& r, const EstimationOutcome& outcome) { Q_EMIT finished(r.source, outcome); }) {
    qRegisterMetaType<EstimationOutcome>();
    runner_.setOnStart([this](const Request& r) { Q_EMIT started(r.source); });
}

void EstimationRunner::setEstimator(std::shared_ptr<PoseEstimator> estimator) {
    estimator_ = std::move(estimator);
    if (estimator_ && waiting_) {
        Request next = std::move(*waiting_);
        waiting_.reset();
        submit(std::move(next));
    }
}

void EstimationRunner::estimateFile(const QString& path) { submit({estimator_, path, {}}); }

void EstimationRunner::estimateImage(const QImage& image, const QString& source) {
    submit({estimator_, source, image});
}

void EstimationRunner::submit(Request request) {
    request.estimator = estimator_;
    if (!estimator_) {
        waiting_ = std::move(request);
        return;
    }
    runner_.request(std::move(request));
}

}  // namespace refpose::ui
