#pragma once
// Estimates the pose of a dropped, opened or pasted image in a worker thread, through the
// latest-wins runner: a newer image replaces a pending one, and the answer for an image that a
// newer one overtook is dropped (it would flash before the newer one). A request made before
// the model is loaded waits for it.

#include "LatestWinsRunner.h"
#include "estimate/PoseEstimator.h"

#include <QImage>
#include <QMetaType>
#include <QObject>

#include <memory>
#include <optional>

namespace refpose::ui {

struct EstimationResult {
    QImage image;  // the decoded image, in the estimator's coordinates (EXIF applied)
    PoseEstimate estimate;
};
using EstimationOutcome = JobOutcome<EstimationResult>;

class EstimationRunner : public QObject {
    Q_OBJECT
public:
    explicit EstimationRunner(QObject* parent = nullptr);

    void setEstimator(std::shared_ptr<PoseEstimator> estimator);
    bool hasEstimator() const { return estimator_ != nullptr; }
    void estimateFile(const QString& path);
    void estimateImage(const QImage& image, const QString& source);
    bool busy() const { return runner_.busy() || waiting_.has_value(); }

Q_SIGNALS:
    void started(const QString& source);
    // `source` is the file path or a name such as "pasted image".
    void finished(const QString& source, const refpose::ui::EstimationOutcome& outcome);

private:
    // What the worker needs; the estimator is shared with it, so it outlives the window.
    struct Request {
        std::shared_ptr<PoseEstimator> estimator;
        QString source;
        std::optional<QImage> image;  // none: decode `source` as a file
    };
    void submit(Request request);

    std::shared_ptr<PoseEstimator> estimator_;
    std::optional<Request> waiting_;  // the newest request made before a model was loaded
    LatestWinsRunner<Request, EstimationResult> runner_;
};

// The worker bodies (also used by tests): decode with core's loader, then estimate; they throw
// what the loader or the estimator throws.
EstimationResult estimateFromFile(PoseEstimator& estimator, const QString& path);
EstimationResult estimateFromImage(PoseEstimator& estimator, const QImage& image, const QString& source);

}  // namespace refpose::ui

Q_DECLARE_METATYPE(refpose::ui::EstimationOutcome)
