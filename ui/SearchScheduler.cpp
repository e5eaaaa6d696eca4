#include "SearchScheduler.h"

#include <QElapsedTimer>
#include <QImageReader>
#include <QtConcurrent>

#include <exception>

namespace refpose::ui {

namespace {
constexpr int kFallbackThumbnailSide = 256;  // when the store has no thumbnail for an image

QImage thumbnailOf(const PoseLibrary& library, const SearchHit& hit) {
    if (hit.entry.imagePath.empty()) return {};
    const auto bytes = library.thumbnail(hit.entry.poseId);
    if (!bytes.empty()) {
        QImage img;
        if (img.loadFromData(bytes.data(), int(bytes.size()))) return img;
    }
    QImageReader reader(QString::fromStdString(hit.entry.imagePath));
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (size.isValid()) reader.setScaledSize(size.scaled(kFallbackThumbnailSide, kFallbackThumbnailSide, Qt::KeepAspectRatio));
    return reader.read();
}
}  // namespace

QueryResult runQuery(const PoseLibrary& library, const PoseQuery& query) {
    QueryResult result;
    result.query = query;
    QElapsedTimer timer;
    timer.start();
    try {
        for (SearchHit& hit : library.search(query.pose, query.options)) {
            ResultItem item{std::move(hit), {}};
            item.thumbnail = thumbnailOf(library, item.hit);
            result.items.push_back(std::move(item));
        }
    } catch (const std::exception& e) {
        result.error = QString::fromUtf8(e.what());
    }
    result.milliseconds = double(timer.nsecsElapsed()) / 1e6;
    return result;
}

SearchScheduler::SearchScheduler(QObject* parent) : QObject(parent) {
    qRegisterMetaType<QueryResult>();
    connect(&watcher_, &QFutureWatcher<QueryResult>::finished, this, &SearchScheduler::onFinished);
}

SearchScheduler::~SearchScheduler() { watcher_.waitForFinished(); }

void SearchScheduler::setLibrary(std::shared_ptr<const PoseLibrary> library) { library_ = std::move(library); }

void SearchScheduler::request(const PoseQuery& query) {
    if (inFlight_) {
        if (pending_) ++superseded_;
        pending_ = query;
        return;
    }
    start(query);
}

void SearchScheduler::start(const PoseQuery& query) {
    auto library = library_;
    if (!library) {
        QueryResult empty;
        empty.query = query;
        empty.error = tr("No library is open yet.");
        const bool wasBusy = inFlight_;
        inFlight_ = false;
        Q_EMIT resultsReady(empty);
        if (wasBusy) Q_EMIT busyChanged(false);
        return;
    }
    const bool wasBusy = inFlight_;
    inFlight_ = true;
    ++started_;
    watcher_.setFuture(QtConcurrent::run([library, query] { return runQuery(*library, query); }));
    if (!wasBusy) Q_EMIT busyChanged(true);
}

void SearchScheduler::onFinished() {
    QueryResult result = watcher_.result();
    if (pending_) {
        // Start the newest pose first, then show this (already stale) answer meanwhile.
        PoseQuery next = std::move(*pending_);
        pending_.reset();
        start(next);  // still in flight: no busyChanged
        Q_EMIT resultsReady(result);
        return;
    }
    inFlight_ = false;
    Q_EMIT resultsReady(result);
    Q_EMIT busyChanged(false);
}

}  // namespace refpose::ui
