#include "library/PoseLibrary.h"

#include "dataset/CocoDataset.h"
#include "library/LibrarySchema.h"
#include "retrieval/PoseIndex.h"

#include <mutex>

namespace refpose {
namespace {

// Rebuild the index's projection once the library changed by this share since the last
// rebuild (new poses use the old projection meanwhile: bounds stay exact, only looser).
constexpr double kRebuildShare = 0.1;
// Below this many poses the exact index answers in milliseconds: no FAISS structure is built
// (it would only slow down opening the library).
constexpr std::size_t kApproximateFromPoses = 300'000;

// The first problem, and how many more (quick_check may list a hundred lines).
std::string describeProblems(const std::vector<std::string>& problems) {
    std::string text = problems.front();
    if (problems.size() > 1) text += "; and " + std::to_string(problems.size() - 1) + " more";
    return text;
}

IndexBuildOptions buildOptionsFor(std::size_t poses) {
    IndexBuildOptions o;
    o.buildApproximate = poses >= kApproximateFromPoses;
    return o;
}

}  // namespace

struct PoseLibrary::Impl {
    std::filesystem::path file;
    // Two connections: the writer (indexing, imports) and a reader for searches and views,
    // so a search never waits for an indexing transaction (WAL readers see the last commit).
    std::unique_ptr<LibraryStore> writer, reader;
    mutable std::mutex writeMutex, readMutex;
    PoseIndex index;
    std::mutex rebuildMutex;
    std::size_t sizeAtRebuild = 0;
    std::size_t changesSinceRebuild = 0;
    std::int64_t damagedRows = 0;

    // An entry, or nothing when its row is damaged (that row fails, not the search). The
    // caller holds readMutex.
    std::optional<LibraryEntry> readEntry(std::int64_t poseId) const {
        try {
            return reader->entry(poseId);
        } catch (const LibraryError&) {
            return std::nullopt;
        }
    }

    void noteChanges(std::size_t n) {
        std::lock_guard lock(rebuildMutex);
        changesSinceRebuild += n;
        if (double(changesSinceRebuild) > kRebuildShare * double(std::max<std::size_t>(sizeAtRebuild, 1))) {
            index.rebuild(buildOptionsFor(index.size()));
            sizeAtRebuild = index.size();
            changesSinceRebuild = 0;
        }
    }
};

PoseLibrary::PoseLibrary() : impl_(std::make_unique<Impl>()) {}
PoseLibrary::~PoseLibrary() = default;

std::unique_ptr<PoseLibrary> PoseLibrary::open(const std::filesystem::path& file, LibraryAccess access) {
    std::unique_ptr<PoseLibrary> lib(new PoseLibrary());
    Impl& m = *lib->impl_;
    m.file = file;
    m.writer = std::make_unique<LibraryStore>(file, access);
    // A damaged file is refused before anything reads (or writes) through its b-trees.
    if (const auto problems = m.writer->checkIntegrity(IntegrityDepth::Quick); !problems.empty())
        throw detail::damagedLibrary(file, describeProblems(problems));
    m.reader = std::make_unique<LibraryStore>(file, m.writer->readOnly() ? LibraryAccess::ReadOnly : access);
    m.damagedRows = m.writer->forEachDescriptor([&](std::int64_t id, const PoseDescriptor& d) { m.index.add(id, d); });
    m.index.rebuild(buildOptionsFor(m.index.size()));
    m.sizeAtRebuild = m.index.size();
    return lib;
}

const std::filesystem::path& PoseLibrary::file() const { return impl_->file; }

bool PoseLibrary::readOnly() const { return impl_->writer->readOnly(); }

std::int64_t PoseLibrary::damagedRows() const { return impl_->damagedRows; }

std::vector<SearchHit> PoseLibrary::search(const Pose& query, const SearchOptions& options,
                                           const DescriptorOptions& descriptorOptions) const {
    const auto hits = impl_->index.search(describePose(query, descriptorOptions), options);
    std::vector<SearchHit> out;
    std::lock_guard lock(impl_->readMutex);
    for (const IndexHit& h : hits)
        if (auto e = impl_->readEntry(h.id)) out.push_back({std::move(*e), h.distance, h.mirrored});
    return out;
}

std::vector<std::uint8_t> PoseLibrary::thumbnail(std::int64_t poseId) const {
    std::lock_guard lock(impl_->readMutex);
    return impl_->reader->thumbnail(poseId);
}

std::optional<LibraryEntry> PoseLibrary::entry(std::int64_t poseId) const {
    std::lock_guard lock(impl_->readMutex);
    return impl_->readEntry(poseId);
}

std::vector<LibraryEntry> PoseLibrary::entries(std::int64_t offset, std::int64_t limit) const {
    std::lock_guard lock(impl_->readMutex);
    std::vector<LibraryEntry> out;
    for (const std::int64_t id : impl_->reader->poseIds(offset, limit))
        if (auto e = impl_->readEntry(id)) out.push_back(std::move(*e));
    return out;
}

LibraryCounts PoseLibrary::counts() const {
    std::lock_guard lock(impl_->readMutex);
    return impl_->reader->counts();
}

std::vector<IndexFailure> PoseLibrary::failures() const {
    std::lock_guard lock(impl_->readMutex);
    return impl_->reader->failures();
}

std::vector<std::filesystem::path> PoseLibrary::folders() const {
    std::lock_guard lock(impl_->readMutex);
    return impl_->reader->folders();
}

void PoseLibrary::addFolder(const std::filesystem::path& folder) {
    std::lock_guard lock(impl_->writeMutex);
    impl_->writer->addFolder(std::filesystem::absolute(folder).lexically_normal());
}

void PoseLibrary::removeFolder(const std::filesystem::path& folder) {
    std::lock_guard lock(impl_->writeMutex);
    const auto abs = std::filesystem::absolute(folder).lexically_normal();
    std::vector<std::int64_t> imageIds;
    for (const ImageRecord& r : impl_->writer->imagesUnder(abs)) imageIds.push_back(r.id);
    LibraryStore::Transaction t(*impl_->writer);
    const auto removed = impl_->writer->removeImages(imageIds);
    impl_->writer->removeFolder(abs);
    t.commit();
    for (std::int64_t id : removed) impl_->index.remove(id);
    impl_->noteChanges(removed.size());
}

IndexReport PoseLibrary::index(PoseEstimator& estimator, const IndexOptions& options,
                               const std::vector<std::filesystem::path>& onlyFolders) {
    std::lock_guard lock(impl_->writeMutex);
    if (readOnly())
        throw LibraryError(impl_->file.string() +
                           ": the library is read-only (its file or folder is not writable), "
                           "so it cannot be indexed; copy it to a writable folder to index");
    IndexOptions o = options;
    std::size_t changes = 0;
    o.onPoseAdded = [&](std::int64_t id, const PoseDescriptor& d) {
        impl_->index.add(id, d);
        ++changes;
        if (options.onPoseAdded) options.onPoseAdded(id, d);
    };
    o.onPoseRemoved = [&](std::int64_t id) {
        impl_->index.remove(id);
        ++changes;
        if (options.onPoseRemoved) options.onPoseRemoved(id);
    };
    LibraryIndexer indexer(*impl_->writer, estimator);
    const auto folders = onlyFolders.empty() ? impl_->writer->folders() : onlyFolders;
    IndexReport report = indexer.index(folders, o);
    impl_->noteChanges(changes);
    return report;
}

std::size_t PoseLibrary::importPoses(const CocoDataset& dataset, const std::string& sourceName) {
    std::lock_guard lock(impl_->writeMutex);
    const std::string prefix = sourceName + ":";
    std::vector<std::pair<std::int64_t, PoseDescriptor>> added;
    std::vector<std::int64_t> removed;
    {
        LibraryStore::Transaction t(*impl_->writer);
        removed = impl_->writer->removePoseOnly(prefix);
        for (const CocoAnnotation& a : dataset.annotations) {
            const CocoImage* image = dataset.findImage(a.imageId);
            PoseRecord r;
            r.sourceId = prefix + (image ? image->fileName : std::to_string(a.imageId)) + "#" + std::to_string(a.id);
            r.pose = a.pose;
            r.descriptor = describePose(a.pose);
            r.modelId = "import";
            added.emplace_back(impl_->writer->addPoseOnly(r), r.descriptor);
        }
        t.commit();
    }
    for (std::int64_t id : removed) impl_->index.remove(id);
    for (const auto& [id, d] : added) impl_->index.add(id, d);
    impl_->noteChanges(removed.size() + added.size());
    return added.size();
}

}  // namespace refpose
