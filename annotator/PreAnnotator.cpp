#include "PreAnnotator.h"

#include "AnnotationDocument.h"
#include "AnnotatorStyle.h"

#include "image/ImageLoader.h"

#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <mutex>

namespace refpose::annotator {

struct PreAnnotator::Slot {
    std::mutex mutex;
    EstimatorFactory factory;
    std::shared_ptr<PoseEstimator> estimator;

    // Opens the estimator on first use; throws what the factory throws.
    std::shared_ptr<PoseEstimator> get() {
        std::lock_guard lock(mutex);
        if (!estimator && factory) estimator = factory();
        if (!estimator) throw ModelError("no pose model is configured");
        return estimator;
    }
};

namespace {

void estimateRows(QPromise<RowEstimate>& promise, std::shared_ptr<PreAnnotator::Slot> slot, QList<int> rows,
                  QStringList paths);

}  // namespace

Pose poseFromEstimate(const PoseEstimate& estimate, int imageWidth, int imageHeight) {
    Pose p;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        p.kp[i] = estimate.pose.kp[i];
        p.kp[i].v = Visibility::Visible;
        // A model score of exactly 1 would read as "confirmed by the artist".
        p.kp[i].score = std::min(estimate.pose.kp[i].score, 0.999f);
    }
    deriveMidpoints(p);
    const Box b = estimate.pose.box;
    const Box raw = (b.w > 0 && b.h > 0) ? b : boxAroundKeypoints(p, kBoxMargin);
    const float x0 = std::clamp(raw.x, 0.f, float(imageWidth)), y0 = std::clamp(raw.y, 0.f, float(imageHeight));
    const float x1 = std::clamp(raw.x + raw.w, 0.f, float(imageWidth)),
                y1 = std::clamp(raw.y + raw.h, 0.f, float(imageHeight));
    p.box = {x0, y0, x1 - x0, y1 - y0};
    return p;
}

PreAnnotator::PreAnnotator(AnnotationDocument* doc, QObject* parent)
    : QObject(parent), doc_(doc), slot_(std::make_shared<Slot>()) {
    connect(&watcher_, &QFutureWatcher<RowEstimate>::resultReadyAt, this, &PreAnnotator::apply);
    connect(&watcher_, &QFutureWatcher<RowEstimate>::progressValueChanged, this,
            [this](int v) { Q_EMIT progress(v, watcher_.progressMaximum()); });
    connect(&watcher_, &QFutureWatcher<RowEstimate>::finished, this, [this] { Q_EMIT finished(applied_, errors_); });
}

PreAnnotator::~PreAnnotator() {
    watcher_.cancel();
    watcher_.waitForFinished();
}

void PreAnnotator::setEstimatorFactory(EstimatorFactory factory) {
    std::lock_guard lock(slot_->mutex);
    slot_->factory = std::move(factory);
    slot_->estimator.reset();
}

bool PreAnnotator::hasEstimator() const {
    std::lock_guard lock(slot_->mutex);
    return slot_->factory || slot_->estimator;
}

bool PreAnnotator::run(const QList<int>& rows, bool onlyNotStarted) {
    if (isRunning()) return false;
    onlyNotStarted_ = onlyNotStarted;
    applied_ = 0;
    errors_.clear();
    QStringList paths;
    for (int r : rows) paths << doc_->imagePath(r);
    watcher_.setFuture(QtConcurrent::run(estimateRows, slot_, rows, paths));
    return true;
}

void PreAnnotator::cancel() { watcher_.cancel(); }

void PreAnnotator::waitForFinished() { watcher_.waitForFinished(); }

void PreAnnotator::apply(int resultIndex) {
    const RowEstimate r = watcher_.resultAt(resultIndex);
    if (!r.error.isEmpty()) {
        errors_ << r.error;
        return;
    }
    ImageEdit e = doc_->edit(r.row);
    if (onlyNotStarted_ && e.state != ImageState::NotStarted) return;
    e.pose = poseFromEstimate(r.estimate, doc_->image(r.row).width, doc_->image(r.row).height);
    e.state = ImageState::InProgress;
    doc_->pushEdit(r.row, e, tr("Pre-annotate %1").arg(QString::fromStdString(doc_->image(r.row).fileName)));
    ++applied_;
}

namespace {

void estimateRows(QPromise<RowEstimate>& promise, std::shared_ptr<PreAnnotator::Slot> slot, QList<int> rows,
                  QStringList paths) {
    promise.setProgressRange(0, int(rows.size()));
    std::shared_ptr<PoseEstimator> estimator;
    try {
        estimator = slot->get();
    } catch (const std::exception& e) {
        promise.addResult(RowEstimate{-1, {}, QString::fromStdString(e.what())});
        return;
    }
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (promise.isCanceled()) return;
        RowEstimate r{rows[i], {}, {}};
        try {
            r.estimate = estimator->estimate(loadImage(paths[i].toStdString()));
        } catch (const std::exception& e) {
            r.error = QString::fromStdString(e.what());
        }
        promise.addResult(std::move(r));
        promise.setProgressValue(int(i + 1));
    }
}

}  // namespace
}  // namespace refpose::annotator
