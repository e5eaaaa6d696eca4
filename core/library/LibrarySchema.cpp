#include "library/LibrarySchema.h"

#include "library/LibraryStore.h"

#include <SQLiteCpp/Transaction.h>

#include <array>
#include <fstream>

namespace refpose::detail {
namespace {

// Every SQLite file starts with these 16 bytes.
constexpr char kSqliteMagic[] = "SQLite format 3";

// Migration i brings user_version i to i + 1. Append only; never edit a shipped step.
constexpr std::array<const char*, 1> kMigrations = {
    R"sql(
    CREATE TABLE folders(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
    CREATE TABLE images(
        id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,
        mtime INTEGER NOT NULL, hash INTEGER NOT NULL, width INTEGER NOT NULL,
        height INTEGER NOT NULL, model_id TEXT NOT NULL, status INTEGER NOT NULL,
        error TEXT NOT NULL DEFAULT '');
    -- AUTOINCREMENT: a pose id is never reused, so views may cache by id.
    CREATE TABLE poses(
        id INTEGER PRIMARY KEY AUTOINCREMENT, image_id INTEGER REFERENCES images(id) ON DELETE CASCADE,
        source_id TEXT, box BLOB NOT NULL, keypoints BLOB NOT NULL, descriptor BLOB NOT NULL,
        joints INTEGER NOT NULL, orientation REAL, model_id TEXT NOT NULL);
    CREATE INDEX poses_image ON poses(image_id);
    CREATE INDEX poses_source ON poses(source_id);
    CREATE TABLE thumbnails(
        image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
        jpeg BLOB NOT NULL);
    )sql",
};
static_assert(kMigrations.size() == kLibrarySchemaVersion);

LibraryError refused(const std::filesystem::path& file, const std::string& why) {
    return LibraryError(file.string() + ": " + why + "; the file was left untouched");
}

// A non-empty file that is not SQLite at all is refused before SQLite opens it.
void checkSqliteMagic(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec) || std::filesystem::file_size(file, ec) == 0) return;
    std::ifstream in(file, std::ios::binary);
    char head[sizeof kSqliteMagic] = {};
    in.read(head, sizeof head);
    if (!in || std::string_view(head, sizeof head) != std::string_view(kSqliteMagic, sizeof kSqliteMagic))
        throw refused(file, "not a RefPose library (not an SQLite database)");
}

void checkOwnership(SQLite::Database& db, const std::filesystem::path& file) {
    const int appId = db.execAndGet("PRAGMA application_id").getInt();
    const int version = db.execAndGet("PRAGMA user_version").getInt();
    const int tables = db.execAndGet("SELECT count(*) FROM sqlite_master").getInt();
    if (appId == 0 && version == 0 && tables == 0) return;  // an empty database: ours to set up
    if (appId != kLibraryApplicationId)
        throw refused(file, "not a RefPose library (an SQLite database of another application)");
    if (version > kLibrarySchemaVersion)
        throw refused(file, "written by a newer RefPose (library schema " + std::to_string(version) +
                                ", this build reads up to " + std::to_string(kLibrarySchemaVersion) + ")");
}

void migrate(SQLite::Database& db) {
    int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version == kLibrarySchemaVersion) return;
    SQLite::Transaction t(db);
    for (; version < kLibrarySchemaVersion; ++version) db.exec(kMigrations[std::size_t(version)]);
    db.exec("PRAGMA application_id = " + std::to_string(kLibraryApplicationId));
    db.exec("PRAGMA user_version = " + std::to_string(kLibrarySchemaVersion));
    t.commit();
}

}  // namespace

std::unique_ptr<SQLite::Database> openLibraryDatabase(const std::filesystem::path& file) {
    checkSqliteMagic(file);
    std::unique_ptr<SQLite::Database> db;
    try {
        db = std::make_unique<SQLite::Database>(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db->setBusyTimeout(5000);
        checkOwnership(*db, file);
    } catch (const SQLite::Exception& e) {
        throw refused(file, std::string("cannot be read as a RefPose library (") + e.what() + ")");
    }
    try {
        // Write-ahead log: readers never block the indexer's commits, and a crash keeps the
        // last committed transaction.
        db->exec("PRAGMA journal_mode = WAL");
        db->exec("PRAGMA synchronous = NORMAL");
        db->exec("PRAGMA foreign_keys = ON");
        migrate(*db);
    } catch (const SQLite::Exception& e) {
        throw LibraryError(file.string() + ": cannot prepare the library (" + e.what() + ")");
    }
    return db;
}

}  // namespace refpose::detail
