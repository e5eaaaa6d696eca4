#pragma once
// The one "latest request wins" runner (Krita's KisSignalCompressor idea), used by the search,
// the image estimation and the library panel's refresh: at most one job in flight; a request
// made meanwhile waits in a single pending slot, and a newer one replaces it, so a burst of
// requests (a joint drag, several dropped images) never builds a queue and the last request is
// always answered (docs/adr/0400-live-search-compressor.md).
//
// The answer of a job that a newer request has overtaken is stale: it is dropped, or, with
// Stale::Deliver, still delivered while the newer job runs (the search shows it, so the grid
// follows a drag). Answers arrive on the GUI thread in request order, as JobOutcome: the job's
// value or its exception's message. The destructor does not wait: a job owns its Request (which
// carries shared_ptrs to what it reads) and ends in the pool on its own; its answer is dropped.

#include "JobOutcome.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <optional>
#include <utility>

namespace refpose::ui {

template <typename Request, typename Result>
class LatestWinsRunner {
public:
    using Job = std::function<Result(const Request&)>;                               // runs in the worker; may throw
    using Deliver = std::function<void(const Request&, const JobOutcome<Result>&)>;  // GUI thread
    using OnStart = std::function<void(const Request&)>;                             // GUI thread, as a job starts
    enum class Stale { Drop, Deliver };

    LatestWinsRunner(Job job, Deliver deliver, Stale stale = Stale::Drop)
        : job_(std::move(job)), deliver_(std::move(deliver)), stale_(stale) {
        QObject::connect(&watcher_, &QFutureWatcherBase::finished, &watcher_, [this] { onFinished(); });
    }
    LatestWinsRunner(const LatestWinsRunner&) = delete;
    LatestWinsRunner& operator=(const LatestWinsRunner&) = delete;

    void setOnStart(OnStart onStart) { onStart_ = std::move(onStart); }

    // Runs `request` now, or as soon as the job in flight ends (replacing any pending request).
    void request(Request request) {
        if (running_) {
            if (pending_) ++superseded_;
            pending_ = std::move(request);
            return;
        }
        start(std::move(request));
    }

    // True from a request until its answer is delivered (a future's own state ends earlier, before
    // its finished signal reaches the GUI thread).
    bool busy() const { return running_.has_value(); }

    // Counters for tests and the benchmark.
    quint64 started() const { return started_; }
    quint64 superseded() const { return superseded_; }  // pending requests replaced, never run
    quint64 dropped() const { return dropped_; }        // stale answers not delivered

private:
    void start(Request request) {
        ++started_;
        running_ = std::move(request);
        if (onStart_) onStart_(*running_);
        watcher_.setFuture(QtConcurrent::run([job = job_, r = *running_]() mutable {
            auto call = [&] { return job(r); };
            return catchingErrors(call);
        }));
    }

    void onFinished() {
        const JobOutcome<Result> outcome = watcher_.result();
        const Request done = std::move(*running_);
        running_.reset();
        if (pending_) {
            // The newest request starts first; the overtaken answer is shown meanwhile or dropped.
            Request next = std::move(*pending_);
            pending_.reset();
            start(std::move(next));
            if (stale_ == Stale::Drop) {
                ++dropped_;
                return;
            }
        }
        deliver_(done, outcome);  // last: it may make a new request
    }

    Job job_;
    Deliver deliver_;
    OnStart onStart_;
    Stale stale_;
    QFutureWatcher<JobOutcome<Result>> watcher_;
    std::optional<Request> running_;
    std::optional<Request> pending_;
    quint64 started_ = 0, superseded_ = 0, dropped_ = 0;
};

}  // namespace refpose::ui
