#include "library/LibraryStore.h"

#include "library/LibrarySchema.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <unistd.h>

#include <cmath>
#include <cstring>

namespace refpose {
namespace {

// Blob layouts (native little-endian floats): box = 4 floats; keypoints = 25 x (x, y, score, v).
constexpr std::size_t kKeypointFields = 4;

template <typename T>
void bindFloats(SQLite::Statement& s, int index, const T& floats) {
    s.bind(index, static_cast<const void*>(floats.data()), int(floats.size() * sizeof(float)));
}

std::array<float, 4> boxBlob(const Box& b) { return {b.x, b.y, b.w, b.h}; }

std::array<float, kNumKeypoints * kKeypointFields> keypointBlob(const Pose& p) {
    std::array<float, kNumKeypoints * kKeypointFields> out{};
    for (std::size_t i = 0; i < kNumKeypoints; ++i) {
        const Keypoint& k = p.kp[i];
        out[i * 4] = k.x;
        out[i * 4 + 1] = k.y;
        out[i * 4 + 2] = k.score;
        out[i * 4 + 3] = float(k.v);
    }
    return out;
}

// Reads a float blob of exactly `count` values; throws LibraryError on a size mismatch.
void readFloats(const SQLite::Column& c, float* out, std::size_t count, const std::string& what) {
    if (std::size_t(c.getBytes()) != count * sizeof(float))
        throw LibraryError("library: corrupt " + what + " blob (" + std::to_string(c.getBytes()) + " bytes)");
    std::memcpy(out, c.getBlob(), count * sizeof(float));
}

Pose readPose(const SQLite::Column& box, const SQLite::Column& keypoints) {
    Pose p;
    std::array<float, 4> b{};
    readFloats(box, b.data(), 4, "box");
    p.box = {b[0], b[1], b[2], b[3]};
    std::array<float, kNumKeypoints * kKeypointFields> k{};
    readFloats(keypoints, k.data(), k.size(), "keypoints");
    for (std::size_t i = 0; i < kNumKeypoints; ++i) {
        const float v = k[i * 4 + 3];
        // Checked before the cast: a float out of int's range makes the cast undefined.
        if (!(v == 0.f || v == 1.f || v == 2.f))
            throw LibraryError("library: corrupt keypoints blob (visibility " + std::to_string(v) + ")");
        p.kp[i] = {k[i * 4], k[i * 4 + 1], k[i * 4 + 2], static_cast<Visibility>(int(v))};
    }
    return p;
}

ImageRecord readImage(SQLite::Statement& s) {
    ImageRecord r;
    r.id = s.getColumn(0).getInt64();
    r.path = s.getColumn(1).getString();
    r.size = s.getColumn(2).getInt64();
    r.mtime = s.getColumn(3).getInt64();
    r.contentHash = static_cast<std::uint64_t>(s.getColumn(4).getInt64());
    r.width = s.getColumn(5).getInt();
    r.height = s.getColumn(6).getInt();
    r.modelId = s.getColumn(7).getString();
    r.status = static_cast<ImageStatus>(s.getColumn(8).getInt());
    r.error = s.getColumn(9).getString();
    return r;
}

// SQLite's exceptions name no file: the public reads run through here so that a foreign or
// damaged file (a missing column, a page quick_check did not read) surfaces as LibraryError
// naming it.
template <typename Read>
auto namingFile(const std::filesystem::path& file, Read&& read) -> decltype(read()) {
    try {
        return read();
    } catch (const SQLite::Exception& e) {
        throw LibraryError(file.string() + ": " + e.what() + " (check it with refpose-cli check-library)");
    } catch (const LibraryError& e) {
        throw LibraryError(file.string() + ": " + e.what());
    }
}

constexpr const char* kImageColumns = "id, path, size, mtime, hash, width, height, model_id, status, error";

// Upper bound of the paths under `folder` in BINARY collation: '/' + 1 == '0'.
std::pair<std::string, std::string> pathRange(const std::filesystem::path& folder) {
    std::string prefix = folder.lexically_normal().string();
    while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
    return {prefix + "/", prefix + "0"};
}

// Lines of integrity problems reported at most (a badly damaged file has thousands).
constexpr int kMaxReportedProblems = 100;

// Whether the library can be written: the file (when it exists) and its folder.
bool writable(const std::filesystem::path& file) {
    const auto folder = std::filesystem::absolute(file).parent_path();
    if (!std::filesystem::exists(folder)) return true;  // SQLite says it cannot create the file
    if (::access(folder.c_str(), W_OK) != 0) return false;
    return !std::filesystem::exists(file) || ::access(file.c_str(), W_OK) == 0;
}

}  // namespace

struct LibraryStore::Impl {
    std::filesystem::path file;
    bool readOnly = false;
    std::unique_ptr<SQLite::Database> db;
    int transactionDepth = 0;
    bool rollbackOnly = false;

    void requireWritable() const {
        if (readOnly)
            throw LibraryError(file.string() +
                               ": the library is open read-only (its file or folder is not writable, "
                               "or it was opened for reading only); nothing was changed");
    }

    std::int64_t insertPose(const PoseRecord& r, std::optional<std::int64_t> imageId) {
        SQLite::Statement s(
            *db,
            "INSERT INTO poses(image_id, source_id, box, keypoints, descriptor, joints, orientation, model_id) "
            "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
        if (imageId)
            s.bind(1, *imageId);
        else
            s.bind(1);
        if (imageId)
            s.bind(2);
        else
            s.bind(2, r.sourceId);
        bindFloats(s, 3, boxBlob(r.pose.box));
        bindFloats(s, 4, keypointBlob(r.pose));
        bindFloats(s, 5, r.descriptor.values);
        s.bind(6, std::int64_t(r.descriptor.joints));
        if (r.descriptor.orientation)
            s.bind(7, double(*r.descriptor.orientation));
        else
            s.bind(7);
        s.bind(8, r.modelId);
        s.exec();
        return db->getLastInsertRowid();
    }

    std::vector<std::int64_t> ids(const std::string& sql, const std::function<void(SQLite::Statement&)>& bind) const {
        SQLite::Statement s(*db, sql);
        bind(s);
        std::vector<std::int64_t> out;
        while (s.executeStep()) out.push_back(s.getColumn(0).getInt64());
        return out;
    }
};

LibraryStore::LibraryStore(const std::filesystem::path& file, LibraryAccess access) : impl_(std::make_unique<Impl>()) {
    impl_->file = file;
    impl_->readOnly = access == LibraryAccess::ReadOnly || !writable(file);
    impl_->db = detail::openLibraryDatabase(file, impl_->readOnly);
}

LibraryStore::~LibraryStore() = default;

const std::filesystem::path& LibraryStore::file() const { return impl_->file; }

int LibraryStore::schemaVersion() const { return impl_->db->execAndGet("PRAGMA user_version").getInt(); }

bool LibraryStore::readOnly() const { return impl_->readOnly; }

std::vector<std::string> LibraryStore::checkIntegrity(IntegrityDepth depth) const {
    std::vector<std::string> problems;
    try {
        SQLite::Statement s(*impl_->db, depth == IntegrityDepth::Quick
                                            ? "PRAGMA quick_check(" + std::to_string(kMaxReportedProblems) + ")"
                                            : "PRAGMA integrity_check(" + std::to_string(kMaxReportedProblems) + ")");
        while (s.executeStep())
            if (const std::string line = s.getColumn(0).getString(); line != "ok") problems.push_back(line);
        if (depth == IntegrityDepth::Full) {
            SQLite::Statement rows(*impl_->db, std::string("SELECT id FROM poses WHERE NOT (") +
                                                   detail::soundPoseBlobsSql() + ") LIMIT " +
                                                   std::to_string(kMaxReportedProblems));
            while (rows.executeStep())
                problems.push_back("pose " + std::to_string(rows.getColumn(0).getInt64()) +
                                   ": a blob of the wrong size");
        }
    } catch (const std::exception& e) {
        problems.push_back(e.what());
    }
    return problems;
}

void LibraryStore::addFolder(const std::filesystem::path& folder) {
    impl_->requireWritable();
    SQLite::Statement s(*impl_->db, "INSERT OR IGNORE INTO folders(path) VALUES(?)");
    s.bind(1, folder.lexically_normal().string());
    s.exec();
}

void LibraryStore::removeFolder(const std::filesystem::path& folder) {
    Transaction t(*this);
    std::vector<std::int64_t> imageIds;
    for (const ImageRecord& r : imagesUnder(folder)) imageIds.push_back(r.id);
    removeImages(imageIds);
    SQLite::Statement s(*impl_->db, "DELETE FROM folders WHERE path = ?");
    s.bind(1, folder.lexically_normal().string());
    s.exec();
    t.commit();
}

std::vector<std::filesystem::path> LibraryStore::folders() const {
    return namingFile(impl_->file, [&] {
        SQLite::Statement s(*impl_->db, "SELECT path FROM folders ORDER BY path");
        std::vector<std::filesystem::path> out;
        while (s.executeStep()) out.emplace_back(s.getColumn(0).getString());
        return out;
    });
}

std::optional<ImageRecord> LibraryStore::image(const std::string& path) const {
    return namingFile(impl_->file, [&]() -> std::optional<ImageRecord> {
        SQLite::Statement s(*impl_->db, std::string("SELECT ") + kImageColumns + " FROM images WHERE path = ?");
        s.bind(1, path);
        if (!s.executeStep()) return std::nullopt;
        return readImage(s);
    });
}

std::vector<ImageRecord> LibraryStore::images() const {
    return namingFile(impl_->file, [&] {
        SQLite::Statement s(*impl_->db, std::string("SELECT ") + kImageColumns + " FROM images ORDER BY path");
        std::vector<ImageRecord> out;
        while (s.executeStep()) out.push_back(readImage(s));
        return out;
    });
}

std::vector<ImageRecord> LibraryStore::imagesUnder(const std::filesystem::path& folder) const {
    return namingFile(impl_->file, [&] {
        SQLite::Statement s(*impl_->db, std::string("SELECT ") + kImageColumns +
                                            " FROM images WHERE path >= ? AND path < ? ORDER BY path");
        const auto [low, high] = pathRange(folder);
        s.bind(1, low);
        s.bind(2, high);
        std::vector<ImageRecord> out;
        while (s.executeStep()) out.push_back(readImage(s));
        return out;
    });
}

std::optional<std::int64_t> LibraryStore::putImage(const ImageResult& result) {
    Transaction t(*this);
    const ImageRecord& r = result.image;
    SQLite::Statement up(
        *impl_->db,
        "INSERT INTO images(path, size, mtime, hash, width, height, model_id, status, error) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(path) DO UPDATE SET size = ?2, mtime = ?3, "
        "hash = ?4, width = ?5, height = ?6, model_id = ?7, status = ?8, error = ?9 RETURNING id");
    up.bind(1, r.path);
    up.bind(2, r.size);
    up.bind(3, r.mtime);
    up.bind(4, static_cast<std::int64_t>(r.contentHash));
    up.bind(5, r.width);
    up.bind(6, r.height);
    up.bind(7, r.modelId);
    up.bind(8, int(r.status));
    up.bind(9, r.error);
    if (!up.executeStep()) throw LibraryError(impl_->file.string() + ": cannot store " + r.path);
    const std::int64_t imageId = up.getColumn(0).getInt64();
    up.reset();
    SQLite::Statement delPoses(*impl_->db, "DELETE FROM poses WHERE image_id = ?");
    delPoses.bind(1, imageId);
    delPoses.exec();
    SQLite::Statement delThumb(*impl_->db, "DELETE FROM thumbnails WHERE image_id = ?");
    delThumb.bind(1, imageId);
    delThumb.exec();
    std::optional<std::int64_t> poseId;
    if (r.status == ImageStatus::Indexed && result.pose) poseId = impl_->insertPose(*result.pose, imageId);
    if (!result.thumbnail.empty()) {
        SQLite::Statement th(*impl_->db, "INSERT INTO thumbnails(image_id, jpeg) VALUES(?, ?)");
        th.bind(1, imageId);
        th.bind(2, static_cast<const void*>(result.thumbnail.data()), int(result.thumbnail.size()));
        th.exec();
    }
    t.commit();
    return poseId;
}

std::vector<std::int64_t> LibraryStore::posesOfImage(std::int64_t imageId) const {
    return namingFile(impl_->file, [&] {
        return impl_->ids("SELECT id FROM poses WHERE image_id = ?", [&](SQLite::Statement& s) { s.bind(1, imageId); });
    });
}

std::vector<std::int64_t> LibraryStore::poseIds(std::int64_t offset, std::int64_t limit) const {
    return namingFile(impl_->file, [&] {
        return impl_->ids("SELECT id FROM poses ORDER BY id LIMIT ? OFFSET ?", [&](SQLite::Statement& s) {
            s.bind(1, limit);
            s.bind(2, offset);
        });
    });
}

void LibraryStore::touchImage(std::int64_t imageId, std::int64_t size, std::int64_t mtime) {
    impl_->requireWritable();
    SQLite::Statement s(*impl_->db, "UPDATE images SET size = ?, mtime = ? WHERE id = ?");
    s.bind(1, size);
    s.bind(2, mtime);
    s.bind(3, imageId);
    s.exec();
}

std::vector<std::int64_t> LibraryStore::removeImages(const std::vector<std::int64_t>& imageIds) {
    Transaction t(*this);
    std::vector<std::int64_t> removed;
    SQLite::Statement del(*impl_->db, "DELETE FROM images WHERE id = ?");
    for (std::int64_t id : imageIds) {
        const auto poses = posesOfImage(id);
        removed.insert(removed.end(), poses.begin(), poses.end());
        del.bind(1, id);
        del.exec();
        del.reset();
    }
    t.commit();
    return removed;
}

std::int64_t LibraryStore::addPoseOnly(const PoseRecord& pose) {
    impl_->requireWritable();
    return impl_->insertPose(pose, std::nullopt);
}

std::vector<std::int64_t> LibraryStore::removePoseOnly(const std::string& sourcePrefix) {
    Transaction t(*this);
    // substr compares bytes of the prefix exactly (LIKE would treat % and _ as wildcards).
    const std::string match = "image_id IS NULL AND substr(source_id, 1, length(?1)) = ?1";
    auto removed =
        impl_->ids("SELECT id FROM poses WHERE " + match, [&](SQLite::Statement& s) { s.bind(1, sourcePrefix); });
    SQLite::Statement del(*impl_->db, "DELETE FROM poses WHERE " + match);
    del.bind(1, sourcePrefix);
    del.exec();
    t.commit();
    return removed;
}

std::int64_t LibraryStore::forEachDescriptor(const std::function<void(std::int64_t, const PoseDescriptor&)>& f) const {
    return namingFile(impl_->file, [&] {
        SQLite::Statement s(*impl_->db, std::string("SELECT id, descriptor, joints, orientation, ") +
                                            detail::soundPoseBlobsSql() + " FROM poses");
        PoseDescriptor d;
        std::int64_t leftOut = 0;
        while (s.executeStep()) {
            if (s.getColumn(4).getInt() == 0) {
                ++leftOut;
                continue;
            }
            readFloats(s.getColumn(1), d.values.data(), kNumPairs, "descriptor");
            d.joints = static_cast<JointMask>(s.getColumn(2).getInt64());
            d.orientation.reset();
            if (!s.getColumn(3).isNull()) d.orientation = float(s.getColumn(3).getDouble());
            f(s.getColumn(0).getInt64(), d);
        }
        return leftOut;
    });
}

std::optional<LibraryEntry> LibraryStore::entry(std::int64_t poseId) const {
    return namingFile(impl_->file, [&]() -> std::optional<LibraryEntry> {
        SQLite::Statement s(
            *impl_->db,
            "SELECT p.id, p.image_id, coalesce(i.path, ''), coalesce(p.source_id, ''), p.box, p.keypoints, "
            "coalesce(i.width, 0), coalesce(i.height, 0) FROM poses p LEFT JOIN images i ON i.id = p.image_id "
            "WHERE p.id = ?");
        s.bind(1, poseId);
        if (!s.executeStep()) return std::nullopt;
        LibraryEntry e;
        e.poseId = s.getColumn(0).getInt64();
        if (!s.getColumn(1).isNull()) e.imageId = s.getColumn(1).getInt64();
        e.imagePath = s.getColumn(2).getString();
        e.sourceId = s.getColumn(3).getString();
        e.pose = readPose(s.getColumn(4), s.getColumn(5));
        e.imageWidth = s.getColumn(6).getInt();
        e.imageHeight = s.getColumn(7).getInt();
        return e;
    });
}

std::vector<std::uint8_t> LibraryStore::thumbnail(std::int64_t poseId) const {
    return namingFile(impl_->file, [&]() -> std::vector<std::uint8_t> {
        SQLite::Statement s(*impl_->db,
                            "SELECT t.jpeg FROM poses p JOIN thumbnails t ON t.image_id = p.image_id WHERE p.id = ?");
        s.bind(1, poseId);
        if (!s.executeStep()) return {};
        const SQLite::Column c = s.getColumn(0);
        const auto* bytes = static_cast<const std::uint8_t*>(c.getBlob());
        return {bytes, bytes + c.getBytes()};
    });
}

std::vector<IndexFailure> LibraryStore::failures() const {
    return namingFile(impl_->file, [&] {
        SQLite::Statement s(*impl_->db, "SELECT path, error FROM images WHERE status = ? ORDER BY path");
        s.bind(1, int(ImageStatus::Failed));
        std::vector<IndexFailure> out;
        while (s.executeStep()) out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString()});
        return out;
    });
}

LibraryCounts LibraryStore::counts() const {
    return namingFile(impl_->file, [&] {
        SQLite::Database& db = *impl_->db;
        LibraryCounts c;
        c.folders = db.execAndGet("SELECT count(*) FROM folders").getInt64();
        c.images = db.execAndGet("SELECT count(*) FROM images WHERE status = 0").getInt64();
        c.failures = db.execAndGet("SELECT count(*) FROM images WHERE status = 1").getInt64();
        c.poses = db.execAndGet("SELECT count(*) FROM poses").getInt64();
        c.poseOnly = db.execAndGet("SELECT count(*) FROM poses WHERE image_id IS NULL").getInt64();
        return c;
    });
}

LibraryStore::Transaction::Transaction(LibraryStore& store) : store_(store) {
    store_.impl_->requireWritable();
    if (store_.impl_->transactionDepth == 0) {
        store_.impl_->db->exec("BEGIN IMMEDIATE");
        store_.impl_->rollbackOnly = false;
    }
    ++store_.impl_->transactionDepth;
}

LibraryStore::Transaction::~Transaction() {
    Impl& m = *store_.impl_;
    if (!done_) m.rollbackOnly = true;
    if (--m.transactionDepth > 0 || (done_ && !m.rollbackOnly)) return;
    try {
        m.db->exec("ROLLBACK");
    } catch (const SQLite::Exception&) {
        // A destructor must not throw; SQLite has already rolled back what it could not commit.
    }
}

void LibraryStore::Transaction::commit() {
    Impl& m = *store_.impl_;
    if (m.transactionDepth > 1) {
        done_ = true;  // the outermost scope commits
        return;
    }
    if (m.rollbackOnly) throw LibraryError(m.file.string() + ": an inner write failed; nothing was committed");
    try {
        m.db->exec("COMMIT");
    } catch (const SQLite::Exception& e) {
        throw LibraryError(m.file.string() + ": cannot commit (" + e.what() + ")");
    }
    done_ = true;
}

}  // namespace refpose
