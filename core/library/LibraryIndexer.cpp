#include "library/LibraryIndexer.h"

#include "estimate/PoseEstimator.h"
#include "library/FolderScanner.h"
#include "library/ImageJob.h"
#include "util/FileHash.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace refpose {
namespace {

using Clock = std::chrono::steady_clock;
// Since the estimator calls oneDNN directly, one inference keeps about one core busy: one
// worker per core, at most kMaxAutomaticJobs (bench/RESULTS.md: on 2 cores, 2 workers index
// 16 one-megapixel figures in 1.79 s against 3.40 s for 1 worker, medians of 3).
constexpr int kMaxAutomaticJobs = 8;

int automaticJobs() { return std::clamp(int(std::thread::hardware_concurrency()), 1, kMaxAutomaticJobs); }

// Finished batches allowed to wait for the committing thread, per worker (bounds memory).
constexpr std::size_t kQueuedBatchesPerWorker = 2;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

bool cancelled(const IndexOptions& o) { return o.cancel && o.cancel->load(); }

// Batches of results from the workers to the committing thread; bounded.
class ResultQueue {
public:
    explicit ResultQueue(std::size_t capacity) : capacity_(capacity) {}
    void push(std::vector<LibraryStore::ImageResult> batch) {
        std::unique_lock lock(mutex_);
        notFull_.wait(lock, [&] { return queue_.size() < capacity_; });
        queue_.push_back(std::move(batch));
        notEmpty_.notify_one();
    }
    // False once every producer finished and the queue is empty.
    bool pop(std::vector<LibraryStore::ImageResult>& out) {
        std::unique_lock lock(mutex_);
        notEmpty_.wait(lock, [&] { return !queue_.empty() || producers_ == 0; });
        if (queue_.empty()) return false;
        out = std::move(queue_.front());
        queue_.pop_front();
        notFull_.notify_one();
        return true;
    }
    void setProducers(int n) { producers_ = n; }
    void producerDone() {
        std::lock_guard lock(mutex_);
        --producers_;
        notEmpty_.notify_all();
    }

private:
    std::size_t capacity_;
    std::mutex mutex_;
    std::condition_variable notEmpty_, notFull_;
    std::deque<std::vector<LibraryStore::ImageResult>> queue_;
    int producers_ = 0;
};

// What a scan decided for each found file.
struct Plan {
    std::vector<detail::ScannedFile> toEstimate;
    std::int64_t unchanged = 0;
    std::vector<std::int64_t> deletedImages;
};

}  // namespace

LibraryIndexer::LibraryIndexer(LibraryStore& store, PoseEstimator& estimator) : store_(store), estimator_(estimator) {}

namespace {

// Whether a file whose mtime changed still has the recorded content (unreadable: no).
bool sameContent(const detail::ScannedFile& f, const ImageRecord& r) {
    try {
        return hashFile(f.path) == r.contentHash;
    } catch (const std::exception&) {
        return false;  // re-estimation will record why it cannot be read
    }
}

Plan planRun(LibraryStore& store, const std::vector<std::filesystem::path>& folders, const detail::ScanResult& scan,
             const std::string& modelId) {
    Plan plan;
    std::unordered_map<std::string, ImageRecord> known;
    for (const auto& folder : folders)
        for (ImageRecord& r : store.imagesUnder(folder)) known.emplace(r.path, std::move(r));
    LibraryStore::Transaction t(store);
    for (const detail::ScannedFile& f : scan.images) {
        const auto it = known.find(f.path.string());
        if (it == known.end()) {
            plan.toEstimate.push_back(f);
            continue;
        }
        const ImageRecord r = std::move(it->second);
        known.erase(it);
        const bool sameModel = r.modelId == modelId;
        // A failed image is tried again on every run: the failure may have been passing (a
        // file still being copied, a drive that dropped out, an estimator error).
        const bool indexed = r.status == ImageStatus::Indexed;
        if (sameModel && indexed && r.size == f.size && r.mtime == f.mtime) {
            ++plan.unchanged;
        } else if (sameModel && indexed && r.size == f.size && sameContent(f, r)) {
            store.touchImage(r.id, f.size, f.mtime);  // touched, same content: no re-estimation
            ++plan.unchanged;
        } else {
            plan.toEstimate.push_back(f);
        }
    }
    t.commit();
    for (const auto& [path, r] : known) plan.deletedImages.push_back(r.id);
    return plan;
}

}  // namespace

IndexReport LibraryIndexer::index(const std::vector<std::filesystem::path>& folderArgs, const IndexOptions& options) {
    const auto start = Clock::now();
    std::vector<std::filesystem::path> folders;
    for (const auto& f : folderArgs) folders.push_back(detail::normalisedAbsolute(f));
    IndexReport report;
    const detail::ScanResult scan = detail::scanFolders(folders);
    for (const auto& f : folders)
        if (std::filesystem::is_directory(f)) store_.addFolder(f);
    for (const std::string& p : scan.problems) report.failures.push_back({p, "cannot scan"});
    report.found = std::int64_t(scan.images.size());
    report.skipped = scan.skipped;

    const std::string modelId = estimator_.modelId();
    // Folders that vanished keep their records: a missing drive must not empty the library.
    std::vector<std::filesystem::path> present;
    for (const auto& f : folders)
        if (std::filesystem::is_directory(f)) present.push_back(f);
    Plan plan = planRun(store_, present, scan, modelId);
    for (std::int64_t poseId : store_.removeImages(plan.deletedImages))
        if (options.onPoseRemoved) options.onPoseRemoved(poseId);
    report.removed = std::int64_t(plan.deletedImages.size());
    report.unchanged = plan.unchanged;

    IndexProgress progress;
    progress.total = report.found;
    progress.done = plan.unchanged;
    if (options.onProgress) options.onProgress(progress);

    const int jobs = options.jobs > 0 ? options.jobs : automaticJobs();
    const std::size_t batch = std::size_t(std::max(1, options.batchSize));
    ResultQueue queue(kQueuedBatchesPerWorker * std::size_t(jobs));
    queue.setProducers(jobs);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> abort{false};  // the committing thread failed: workers stop
    const auto& toEstimate = plan.toEstimate;
    const auto estimateStart = Clock::now();
    std::vector<std::thread> workers;
    for (int w = 0; w < jobs; ++w)
        workers.emplace_back([&] {
            while (!cancelled(options) && !abort) {
                const std::size_t begin = next.fetch_add(batch);
                if (begin >= toEstimate.size()) break;
                const std::vector<detail::ScannedFile> files(
                    toEstimate.begin() + std::ptrdiff_t(begin),
                    toEstimate.begin() + std::ptrdiff_t(std::min(toEstimate.size(), begin + batch)));
                queue.push(detail::processBatch(files, estimator_, modelId));
            }
            queue.producerDone();
        });

    std::vector<LibraryStore::ImageResult> results;
    try {
        while (queue.pop(results)) {
            std::vector<std::int64_t> removedPoses;
            std::vector<std::pair<std::int64_t, const PoseDescriptor*>> addedPoses;
            {
                LibraryStore::Transaction t(store_);
                for (const auto& r : results) {
                    if (const auto old = store_.image(r.image.path))
                        for (std::int64_t id : store_.posesOfImage(old->id)) removedPoses.push_back(id);
                    if (const auto poseId = store_.putImage(r)) addedPoses.emplace_back(*poseId, &r.pose->descriptor);
                }
                t.commit();
            }
            for (std::int64_t id : removedPoses)
                if (options.onPoseRemoved) options.onPoseRemoved(id);
            for (const auto& [id, d] : addedPoses)
                if (options.onPoseAdded) options.onPoseAdded(id, *d);
            for (const auto& r : results) {
                ++progress.done;
                ++progress.estimated;
                if (r.image.status == ImageStatus::Failed) {
                    ++progress.failed;
                    report.failures.push_back({r.image.path, r.image.error});
                }
                progress.currentFile = r.image.path;
            }
            const double elapsed = secondsSince(estimateStart);
            progress.rate = elapsed > 0 ? double(progress.estimated) / elapsed : 0;
            const double remaining = double(toEstimate.size()) - double(progress.estimated);
            progress.etaSeconds = progress.rate > 0 ? remaining / progress.rate : 0;
            if (options.onProgress) options.onProgress(progress);
        }
    } catch (...) {
        // Let the workers finish their batch, drop the uncommitted results, then report.
        abort = true;
        while (queue.pop(results)) {
        }
        for (auto& w : workers) w.join();
        throw;
    }
    for (auto& w : workers) w.join();

    report.estimated = progress.estimated - progress.failed;
    report.failed = progress.failed;
    report.cancelled = cancelled(options) && progress.estimated < std::int64_t(toEstimate.size());
    report.seconds = secondsSince(start);
    return report;
}

}  // namespace refpose
