#pragma once
// The one way a job leaves the GUI thread and comes back: it runs in Qt's thread pool, its
// value or its exception's message (a JobOutcome) reaches `done` on the GUI thread, and a long
// job reports progress and polls a cancel request through a JobContext.
//
// Nothing here waits. The watcher is a child of `context`: when the widget goes, the answer is
// dropped and the job ends in the pool on its own, so a job must own (by value or shared_ptr)
// everything it touches and never touch the widget.

#include "JobOutcome.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace refpose {

// Where a long job stands: `done` of `total` steps (total 0: not known yet) and a line to show.
struct JobProgress {
    int done = 0;
    int total = 0;
    QString text;
};

// What a long job's body gets: a way to report progress, and the cancel request to poll.
// Cancelling is a flag, not QFuture::cancel(): a cancelled future drops the job's final value,
// and a cancelled job still has one to give (what it did before it stopped).
class JobContext {
public:
    using Report = std::function<void(const JobProgress&)>;
    JobContext(Report report, std::shared_ptr<const std::atomic<bool>> cancel)
        : report_(std::move(report)), cancel_(std::move(cancel)) {}

    void report(const JobProgress& progress) const { report_(progress); }
    bool cancelRequested() const { return cancel_->load(); }
    // For core APIs that poll a flag themselves (IndexOptions::cancel); alive while the job runs.
    const std::atomic<bool>* cancelFlag() const { return cancel_.get(); }

private:
    Report report_;
    std::shared_ptr<const std::atomic<bool>> cancel_;
};

// The GUI's handle on a long job: asks it to stop (it ends at its next check, with its value).
class CancelHandle {
public:
    CancelHandle() = default;
    explicit CancelHandle(std::shared_ptr<std::atomic<bool>> flag) : flag_(std::move(flag)) {}
    void cancel() const {
        if (flag_) flag_->store(true);
    }

private:
    std::shared_ptr<std::atomic<bool>> flag_;
};

// Runs `job()` in the pool; `done(const JobOutcome<T>&)` is called on `context`'s thread,
// unless `context` is destroyed first.
template <typename Job, typename OnDone>
void runInBackground(QObject* context, Job job, OnDone done) {
    using Outcome = JobOutcome<JobValue<Job>>;
    auto* watcher = new QFutureWatcher<Outcome>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, [watcher, done = std::move(done)] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([job = std::move(job)]() mutable { return catchingErrors(job); }));
}

// Runs `job(const JobContext&)` in the pool like runInBackground; `progress(const JobProgress&)`
// is called on `context`'s thread as the job reports (Qt sends at most 25 updates a second, and
// always the last step). The handle cancels the job.
template <typename Job, typename OnDone, typename OnProgress>
CancelHandle runWithProgress(QObject* context, Job job, OnDone done, OnProgress progress) {
    using Result = std::invoke_result_t<Job&, const JobContext&>;
    using Outcome = JobOutcome<std::conditional_t<std::is_void_v<Result>, Done, Result>>;
    auto flag = std::make_shared<std::atomic<bool>>(false);
    // What the job last reported, whole. The watcher's own progress values cannot stand in for
    // it: Qt also signals progress the job never reported (0 when the future starts, and one
    // step per result when no range was set), and reads value, maximum and text one by one.
    struct Latest {
        std::mutex mutex;
        std::optional<JobProgress> progress;
    };
    auto latest = std::make_shared<Latest>();
    auto* watcher = new QFutureWatcher<Outcome>(context);
    QObject::connect(watcher, &QFutureWatcherBase::progressValueChanged, watcher, [latest, progress](int) {
        std::optional<JobProgress> p;
        {
            const std::lock_guard lock(latest->mutex);
            p = latest->progress;
        }
        if (p) progress(*p);
    });
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, [watcher, done = std::move(done)] {
        watcher->deleteLater();
        done(watcher->result());
    });
    std::shared_ptr<const std::atomic<bool>> readOnly = flag;
    watcher->setFuture(QtConcurrent::run([job = std::move(job), readOnly, latest](QPromise<Outcome>& promise) mutable {
        int total = -1;
        const JobContext ctx(
            [&promise, &total, &latest](const JobProgress& p) {
                {
                    const std::lock_guard lock(latest->mutex);
                    latest->progress = p;
                }
                if (p.total != total)
                    promise.setProgressRange(0, total = p.total);  // each call is an event: only on change
                promise.setProgressValueAndText(p.done, p.text);   // wakes the watcher (at most 25 times a second)
            },
            readOnly);
        auto call = [&] { return job(ctx); };
        promise.addResult(catchingErrors(call));
    }));
    return CancelHandle(flag);
}

}  // namespace refpose
