#pragma once
// Runs pose searches off the GUI thread as a signal compressor (Krita's KisSignalCompressor
// idea): at most one search in flight; while it runs, a newer request replaces the pending one,
// so dragging a joint never builds a queue and the last pose is always searched.

#include "SearchTypes.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>
#include <optional>

namespace refpose::ui {

class SearchScheduler : public QObject {
    Q_OBJECT
public:
    explicit SearchScheduler(QObject* parent = nullptr);
    ~SearchScheduler() override;

    void setLibrary(std::shared_ptr<const PoseLibrary> library);
    // Searches `query` now, or as soon as the search in flight ends (replacing any pending one).
    void request(const PoseQuery& query);
    bool busy() const { return inFlight_; }

    // Counters for tests and the benchmark.
    quint64 started() const { return started_; }
    quint64 superseded() const { return superseded_; }

Q_SIGNALS:
    void resultsReady(const refpose::ui::QueryResult& result);
    void busyChanged(bool busy);

private:
    void start(const PoseQuery& query);
    void onFinished();

    std::shared_ptr<const PoseLibrary> library_;
    QFutureWatcher<QueryResult> watcher_;
    std::optional<PoseQuery> pending_;
    bool inFlight_ = false;
    quint64 started_ = 0, superseded_ = 0;
};

// Runs one query on the calling thread (the worker's body; also used by tests).
QueryResult runQuery(const PoseLibrary& library, const PoseQuery& query);

}  // namespace refpose::ui
