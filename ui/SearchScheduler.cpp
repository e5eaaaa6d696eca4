#include "SearchScheduler.h"

#include <QElapsedTimer>
#include <QImageReader>

#include <limits>

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
    if (size.isValid())
        reader.setScaledSize(size.scaled(kFallbackThumbnailSide, kFallbackThumbnailSide, Qt::KeepAspectRatio));
    return reader.read();
}
}  // namespace

QueryResult runQuery(const PoseLibrary& library, const PoseQuery& query) {
    QueryResult result;
    result.query = query;
    QElapsedTimer timer;
    timer.start();
    // One more hit than asked for, in case the query's own image is among them.
    SearchOptions options = query.options;
    if (!query.sourceImage.empty()) ++options.k;
    for (SearchHit& hit : library.search(query.pose, options)) {
        if (!query.sourceImage.empty() && hit.entry.imagePath == query.sourceImage) continue;
        if (result.items.size() == query.options.k) break;
        ResultItem item{std::move(hit), {}};
        item.thumbnail = thumbnailOf(library, item.hit);
        result.items.push_back(std::move(item));
    }
    result.milliseconds = double(timer.nsecsElapsed()) / 1e6;
    return result;
}

QueryResult browseLibrary(const PoseLibrary& library, std::size_t count) {
    QueryResult result;
    QElapsedTimer timer;
    timer.start();
    for (LibraryEntry& e : library.entries(0, std::int64_t(count))) {
        ResultItem item{SearchHit{std::move(e), std::numeric_limits<float>::quiet_NaN(), false}, {}};
        item.thumbnail = thumbnailOf(library, item.hit);
        result.items.push_back(std::move(item));
    }
    result.milliseconds = double(timer.nsecsElapsed()) / 1e6;
    return result;
}

SearchScheduler::SearchScheduler(QObject* parent)
    : QObject(parent),
      runner_([](const Request& r) { return runQuery(*r.library, r.query); },
              [this](const Request&, const SearchOutcome& outcome) { deliver(outcome); },
              LatestWinsRunner<Request, QueryResult>::Stale::Deliver) {
    qRegisterMetaType<SearchOutcome>();
}

void SearchScheduler::setLibrary(std::shared_ptr<const PoseLibrary> library) { library_ = std::move(library); }

void SearchScheduler::request(const PoseQuery& query) {
    if (!library_) {
        Q_EMIT resultsReady(SearchOutcome::failure(tr("No library is open yet.")));
        return;
    }
    const bool wasBusy = runner_.busy();
    runner_.request({library_, query});
    if (!wasBusy) Q_EMIT busyChanged(true);
}

void SearchScheduler::deliver(const SearchOutcome& outcome) {
    Q_EMIT resultsReady(outcome);
    if (!runner_.busy()) Q_EMIT busyChanged(false);
}

}  // namespace refpose::ui
