#pragma once
// "Pre-annotate": runs the pose estimator on images in a worker thread (QtConcurrent) and
// applies each result as an undoable edit when it arrives; the artist then corrects.
// The estimator is created lazily by a factory (opening a model is slow, so it happens in the
// worker too) and kept for later runs.
// Progress and cancel: the same channel as ui/BackgroundJob.h's long jobs (progress through the
// future to a QFutureWatcher), but not its types: refpose_annotator sits below refpose_ui, and
// this job streams one result per image, so QFuture::cancel() (which drops the results of
// images not yet done) is the cancel it wants; an indexing job, which must hand back its final
// report after a cancel, uses a flag instead.

#include "estimate/PoseEstimator.h"

#include <QFutureWatcher>
#include <QObject>

#include <functional>
#include <memory>

namespace refpose::annotator {

class AnnotationDocument;

using EstimatorFactory = std::function<std::shared_ptr<PoseEstimator>()>;

// One image's result from the worker: the pose, or the reason it failed.
struct RowEstimate {
    int row = -1;
    PoseEstimate estimate;
    QString error;
};

class PreAnnotator : public QObject {
    Q_OBJECT
public:
    struct Slot;  // the estimator and its factory, shared with the worker thread

    explicit PreAnnotator(AnnotationDocument* doc, QObject* parent = nullptr);
    ~PreAnnotator() override;

    void setEstimatorFactory(EstimatorFactory factory);
    bool hasEstimator() const;
    bool isRunning() const { return watcher_.isRunning(); }

    // Estimates `rows`. With onlyNotStarted, a result is dropped when the artist has started that
    // image in the meantime. Returns false when a run is already going.
    bool run(const QList<int>& rows, bool onlyNotStarted);
    void cancel();
    // Blocks until the worker stops (for tests and shutdown only).
    void waitForFinished();

Q_SIGNALS:
    void progress(int done, int total);
    // Emitted once per run: how many images got a pose, and the errors met (empty if none).
    void finished(int applied, const QStringList& errors);

private:
    void apply(int resultIndex);

    AnnotationDocument* doc_;
    std::shared_ptr<Slot> slot_;
    QFutureWatcher<RowEstimate> watcher_;
    bool onlyNotStarted_ = false;
    int applied_ = 0;
    QStringList errors_;
};

// The pose an estimate gives the annotator: the 17 COCO points as visible model guesses
// (their scores kept, so low ones are flagged), midpoints derived, box from the estimate or
// around the points, clipped to the image (a crop box may reach past its edges).
Pose poseFromEstimate(const PoseEstimate& estimate, int imageWidth, int imageHeight);

}  // namespace refpose::annotator
