#pragma once
// Runs pose searches off the GUI thread through the latest-wins runner: at most one search in
// flight; while it runs, a newer request replaces the pending one, so dragging a joint never
// builds a queue and the last pose is always searched. An overtaken search's results are still
// shown while the newer one runs, so the grid follows the drag (docs/adr/0400).

#include "LatestWinsRunner.h"
#include "SearchTypes.h"

#include <QObject>

#include <memory>

namespace refpose::ui {

class SearchScheduler : public QObject {
    Q_OBJECT
public:
    explicit SearchScheduler(QObject* parent = nullptr);

    void setLibrary(std::shared_ptr<const PoseLibrary> library);
    // Searches `query` now, or as soon as the search in flight ends (replacing any pending one).
    void request(const PoseQuery& query);
    bool busy() const { return runner_.busy(); }

    // Counters for tests and the benchmark.
    quint64 started() const { return runner_.started(); }
    quint64 superseded() const { return runner_.superseded(); }

Q_SIGNALS:
    void resultsReady(const refpose::ui::SearchOutcome& outcome);
    void busyChanged(bool busy);

private:
    // What the worker needs: the library it searches is shared with it, so it outlives the window.
    struct Request {
        std::shared_ptr<const PoseLibrary> library;
        PoseQuery query;
    };
    void deliver(const SearchOutcome& outcome);

    std::shared_ptr<const PoseLibrary> library_;
    LatestWinsRunner<Request, QueryResult> runner_;
};

// Runs one query on the calling thread (the worker's body; also used by tests); throws what the
// library throws.
QueryResult runQuery(const PoseLibrary& library, const PoseQuery& query);

// Browsing without a query: the library's first `count` entries in the order they were indexed,
// with thumbnails; no distances (NaN). Runs on the calling thread (a worker's body).
QueryResult browseLibrary(const PoseLibrary& library, std::size_t count);

}  // namespace refpose::ui
