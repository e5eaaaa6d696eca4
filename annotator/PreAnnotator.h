#pragma once
// "Pre-annotate": runs the pose estimator on images in a worker thread (QtConcurrent) and
// applies each result as an undoable edit when it arrives; the artist then corrects.
// The estimator is created lazily by a factory (opening a model is slow, so it happens in the
// worker too) and kept for later runs.
// Each image is one job run the one way (qtcommon/BackgroundJob.h's runInBackground): its pose
// or its error arrives on the GUI thread, is applied, and the next image's job starts, so poses
// appear one by one and a cancel takes effect at the next image (the one in flight is dropped).
// Nothing waits for a job: it owns the estimator slot and the image path it works on.

#include "estimate/PoseEstimator.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

namespace refpose::annotator {

class AnnotationDocument;

using EstimatorFactory = std::function<std::shared_ptr<PoseEstimator>()>;

class PreAnnotator : public QObject {
    Q_OBJECT
public:
    struct Slot;  // the estimator and its factory, shared with the worker thread

    explicit PreAnnotator(AnnotationDocument* doc, QObject* parent = nullptr);
    ~PreAnnotator() override;

    void setEstimatorFactory(EstimatorFactory factory);
    bool hasEstimator() const;
    bool isRunning() const { return running_; }

    // Estimates `rows`. With onlyNotStarted, a result is dropped when the artist has started that
    // image in the meantime. Returns false when a run is already going.
    bool run(const QList<int>& rows, bool onlyNotStarted);
    // Applies no further result; finished() follows once the image in flight is done.
    void cancel() { cancelled_ = true; }

Q_SIGNALS:
    void progress(int done, int total);
    // Emitted once per run: how many images got a pose, and the errors met (empty if none).
    void finished(int applied, const QStringList& errors);

private:
    void estimateNext();
    void apply(int row, const PoseEstimate& estimate);
    void finish();

    AnnotationDocument* doc_;
    std::shared_ptr<Slot> slot_;
    QList<int> queue_;  // rows still to estimate
    int total_ = 0, done_ = 0;
    bool running_ = false, cancelled_ = false, onlyNotStarted_ = false;
    int applied_ = 0;
    QStringList errors_;
};

// The pose an estimate gives the annotator: the 17 COCO points as visible model guesses
// (their scores kept, so low ones are flagged), midpoints derived, box from the estimate or
// around the points, clipped to the image (a crop box may reach past its edges).
Pose poseFromEstimate(const PoseEstimate& estimate, int imageWidth, int imageHeight);

}  // namespace refpose::annotator
