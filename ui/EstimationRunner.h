#pragma once
// Estimates the pose of a dropped, opened or pasted image in a worker thread. A request made
// before the model is loaded waits for it; a newer request replaces a pending one.

#include "estimate/PoseEstimator.h"

#include <QFutureWatcher>
#include <QImage>
#include <QMetaType>
#include <QObject>

#include <memory>
#include <optional>
#include <variant>

namespace refpose::ui {

struct EstimationResult {
    QString source;         // file path or "clipboard"
    QImage image;           // the decoded image, in the estimator's coordinates (EXIF applied)
    PoseEstimate estimate;
    QString error;          // non-empty when decoding or estimation failed
};

class EstimationRunner : public QObject {
    Q_OBJECT
public:
    explicit EstimationRunner(QObject* parent = nullptr);
    ~EstimationRunner() override;

    void setEstimator(std::shared_ptr<PoseEstimator> estimator);
    bool hasEstimator() const { return estimator_ != nullptr; }
    void estimateFile(const QString& path);
    void estimateImage(const QImage& image, const QString& source);
    bool busy() const { return inFlight_ || pending_.has_value(); }

Q_SIGNALS:
    void started(const QString& source);
    void finished(const refpose::ui::EstimationResult& result);

private:
    using Request = std::variant<QString, std::pair<QImage, QString>>;
    void submit(Request request);
    void start(const Request& request);

    std::shared_ptr<PoseEstimator> estimator_;
    QFutureWatcher<EstimationResult> watcher_;
    std::optional<Request> pending_;
    bool inFlight_ = false;
};

// The worker bodies (also used by tests): decode with core's loader, then estimate.
EstimationResult estimateFromFile(PoseEstimator& estimator, const QString& path);
EstimationResult estimateFromImage(PoseEstimator& estimator, const QImage& image, const QString& source);

}  // namespace refpose::ui

Q_DECLARE_METATYPE(refpose::ui::EstimationResult)
