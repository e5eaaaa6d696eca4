#include "PreAnnotator.h"

#include "AnnotationDocument.h"
#include "AnnotatorStyle.h"
#include "BackgroundJob.h"

#include "image/ImageLoader.h"

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
    bool opened() {
        std::lock_guard lock(mutex);
        return estimator != nullptr;
    }
};

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
    : QObject(parent), doc_(doc), slot_(std::make_shared<Slot>()) {}

PreAnnotator::~PreAnnotator() = default;

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
    if (running_) return false;
    running_ = true;
    cancelled_ = false;
    onlyNotStarted_ = onlyNotStarted;
    queue_ = rows;
    total_ = int(rows.size());
    done_ = applied_ = 0;
    errors_.clear();
    Q_EMIT progress(0, total_);
    estimateNext();
    return true;
}

void PreAnnotator::estimateNext() {
    if (cancelled_ || queue_.isEmpty()) return finish();
    const int row = queue_.takeFirst();
    runInBackground(
        this,
        [slot = slot_, path = doc_->imagePath(row).toStdString()] { return slot->get()->estimate(loadImage(path)); },
        [this, row](const JobOutcome<PoseEstimate>& outcome) {
            ++done_;
            if (cancelled_) return finish();
            if (outcome.ok())
                apply(row, outcome.value());
            else
                errors_ << outcome.error();
            Q_EMIT progress(done_, total_);
            // Without a model every other image would fail the same way: one error is enough.
            if (!outcome.ok() && !slot_->opened()) return finish();
            estimateNext();
        });
}

void PreAnnotator::finish() {
    running_ = false;
    queue_.clear();
    Q_EMIT finished(applied_, errors_);
}

void PreAnnotator::apply(int row, const PoseEstimate& estimate) {
    ImageEdit e = doc_->edit(row);
    if (onlyNotStarted_ && e.state != ImageState::NotStarted) return;
    e.pose = poseFromEstimate(estimate, doc_->image(row).width, doc_->image(row).height);
    e.state = ImageState::InProgress;
    doc_->pushEdit(row, e, tr("Pre-annotate %1").arg(QString::fromStdString(doc_->image(row).fileName)));
    ++applied_;
}

}  // namespace refpose::annotator
