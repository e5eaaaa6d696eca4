#pragma once
// The persistent pose library: one SQLite file (docs/adr/0200-library-store.md).
// Tables: folders, images (path, size, mtime, content hash, width, height, model id, status,
// error), poses (box, 25 points with scores, descriptor, model id; image or pose-only source id),
// thumbnails (JPEG blobs). Schema version in PRAGMA user_version, migrated on open; WAL
// journal; every write batch is one transaction, so a process killed mid-indexing leaves the
// last committed state, which the next run resumes. A file that is not a RefPose library
// (not SQLite, another application's database, or a newer schema) is refused with
// LibraryError and never written to. A file that SQLite finds damaged is refused with a
// LibraryError that says how to check and rebuild it (library/LibraryRepair.h). A library
// whose file or folder is not writable opens read-only: reads work, writes throw
// LibraryError. Not thread-safe: PoseLibrary serialises access.

#include "retrieval/PoseDescriptor.h"
#include "schema/Pose.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace refpose {

// A library file that cannot be used: what() names the file and the reason.
class LibraryError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The schema this build writes; older files are migrated, newer ones refused.
inline constexpr int kLibrarySchemaVersion = 1;

// How a library is opened. Automatic: read-write (created when absent), or read-only when
// the file or its folder is not writable. ReadOnly: never written, never created.
enum class LibraryAccess { Automatic, ReadOnly };

// How thoroughly checkIntegrity() looks: Quick is SQLite's quick_check (the b-tree pages, no
// index cross-check; linear in the file's size), Full is integrity_check plus every pose
// row's blob sizes.
enum class IntegrityDepth { Quick, Full };

enum class ImageStatus { Indexed = 0, Failed = 1 };

struct ImageRecord {
    std::int64_t id = 0;
    std::string path;        // absolute
    std::int64_t size = 0;   // bytes
    std::int64_t mtime = 0;  // nanoseconds since the file clock's epoch
    std::uint64_t contentHash = 0;
    int width = 0, height = 0;
    std::string modelId;  // estimator that produced its pose
    ImageStatus status = ImageStatus::Indexed;
    std::string error;  // why it failed (status Failed)
};

struct PoseRecord {
    std::int64_t id = 0;
    std::optional<std::int64_t> imageId;  // none for pose-only entries
    std::string sourceId;                 // pose-only: where it came from, e.g. "add:data/images/1.jpg"
    Pose pose;
    PoseDescriptor descriptor;
    std::string modelId;  // estimator id, or "import" for imported poses
};

// A search result's entry: the pose and where it came from.
struct LibraryEntry {
    std::int64_t poseId = 0;
    std::optional<std::int64_t> imageId;
    std::string imagePath;  // empty for pose-only entries
    std::string sourceId;   // empty for image entries
    Pose pose;
    int imageWidth = 0, imageHeight = 0;
};

struct IndexFailure {
    std::string path;
    std::string reason;
};

struct LibraryCounts {
    std::int64_t folders = 0;
    std::int64_t images = 0;  // indexed images
    std::int64_t poses = 0;   // all poses, pose-only included
    std::int64_t poseOnly = 0;
    std::int64_t failures = 0;
};

class LibraryStore {
public:
    // Opens or creates `file`. Throws LibraryError (foreign/corrupt/newer file, no access).
    explicit LibraryStore(const std::filesystem::path& file, LibraryAccess access = LibraryAccess::Automatic);
    ~LibraryStore();
    LibraryStore(const LibraryStore&) = delete;
    LibraryStore& operator=(const LibraryStore&) = delete;

    const std::filesystem::path& file() const;
    int schemaVersion() const;
    bool readOnly() const;

    // What SQLite (and, at Full depth, the row check) finds wrong; empty when the file is
    // sound. Never throws for damage: an error while checking is itself reported.
    std::vector<std::string> checkIntegrity(IntegrityDepth depth) const;

    // Folders the user added (absolute paths).
    void addFolder(const std::filesystem::path& folder);
    // Removes the folder and every image (and pose, thumbnail) under it.
    void removeFolder(const std::filesystem::path& folder);
    std::vector<std::filesystem::path> folders() const;

    // Images, by path or all (ordered by path).
    std::optional<ImageRecord> image(const std::string& path) const;
    std::vector<ImageRecord> images() const;
    std::vector<ImageRecord> imagesUnder(const std::filesystem::path& folder) const;

    // One image's outcome, written in the current transaction (or its own):
    // an indexed image replaces its old pose and thumbnail; a failed one keeps its reason.
    struct ImageResult {
        ImageRecord image;                    // id ignored; keyed by path
        std::optional<PoseRecord> pose;       // set when status Indexed
        std::vector<std::uint8_t> thumbnail;  // encoded JPEG; may be empty
    };
    // Returns the stored pose id, if any.
    std::optional<std::int64_t> putImage(const ImageResult& result);
    // Pose ids of an image (to drop them from an in-memory index before replacing them).
    std::vector<std::int64_t> posesOfImage(std::int64_t imageId) const;
    // Up to `limit` pose ids in id order (the order they were added), from the `offset`-th on.
    std::vector<std::int64_t> poseIds(std::int64_t offset, std::int64_t limit) const;
    // Updates the size and mtime of an image whose content hash did not change.
    void touchImage(std::int64_t imageId, std::int64_t size, std::int64_t mtime);
    // Removes images (and their poses and thumbnails); returns the pose ids removed.
    std::vector<std::int64_t> removeImages(const std::vector<std::int64_t>& imageIds);

    // Pose-only entries (imported datasets). Returns the new pose id.
    std::int64_t addPoseOnly(const PoseRecord& pose);
    // Removes pose-only entries whose source id starts with `prefix`; returns their ids.
    std::vector<std::int64_t> removePoseOnly(const std::string& sourcePrefix);

    // Every sound pose's id and descriptor (to build the in-memory index). A row whose blobs
    // have the wrong size is left out (one bad row must not make the library unusable);
    // returns how many were left out.
    std::int64_t forEachDescriptor(const std::function<void(std::int64_t, const PoseDescriptor&)>& f) const;
    // Throws LibraryError for a row whose blobs have the wrong size.
    std::optional<LibraryEntry> entry(std::int64_t poseId) const;
    std::vector<std::uint8_t> thumbnail(std::int64_t poseId) const;  // empty when none
    std::vector<IndexFailure> failures() const;
    LibraryCounts counts() const;

    // Groups writes into one transaction (RAII); nested scopes join the outer one.
    class Transaction {
    public:
        explicit Transaction(LibraryStore& store);
        ~Transaction();  // rolls back unless commit() was called
        void commit();

    private:
        LibraryStore& store_;
        bool done_ = false;
    };

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace refpose
