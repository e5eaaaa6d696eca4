#include "library/LibrarySchema.h"

#include "library/LibraryStore.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <thread>
#include <cctype>
#include <fstream>

namespace refpose::detail {
namespace {

// How long a connection waits for another's lock (e.g. an indexing commit) before failing.
constexpr int kBusyTimeoutMs = 5000;
// Pause between tries of a step SQLite refused as busy without waiting.
constexpr int kBusyRetryMs = 10;

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
    // One statement reads one snapshot: another process may be creating the schema meanwhile,
    // and tables without the application id (read a moment earlier) would look foreign.
    SQLite::Statement s(db,
                        "SELECT (SELECT application_id FROM pragma_application_id), "
                        "(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)");
    s.executeStep();
    const int appId = s.getColumn(0).getInt();
    const int version = s.getColumn(1).getInt();
    const int tables = s.getColumn(2).getInt();
    if (appId == 0 && version == 0 && tables == 0) return;  // an empty database: ours to set up
    if (appId != kLibraryApplicationId)
        throw refused(file, "not a RefPose library (an SQLite database of another application)");
    if (version > kLibrarySchemaVersion)
        throw refused(file, "written by a newer RefPose (library schema " + std::to_string(version) +
                                ", this build reads up to " + std::to_string(kLibrarySchemaVersion) + ")");
}

// The version is read again inside the write transaction: another process may have created
// the schema since the first look (two processes creating one new library at once).
void migrate(SQLite::Database& db) {
    if (db.execAndGet("PRAGMA user_version").getInt() == kLibrarySchemaVersion) return;
    SQLite::Transaction t(db, SQLite::TransactionBehavior::IMMEDIATE);
    int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version == kLibrarySchemaVersion) return;  // the other process finished it
    for (; version < kLibrarySchemaVersion; ++version) db.exec(kMigrations[std::size_t(version)]);
    db.exec("PRAGMA application_id = " + std::to_string(kLibraryApplicationId));
    db.exec("PRAGMA user_version = " + std::to_string(kLibrarySchemaVersion));
    t.commit();
}

// SQLite answers "database is locked" at once, without waiting in its busy handler, where
// waiting could deadlock (seen 1 time in 40 with two connections setting up one new file);
// the whole step is then tried again until the busy timeout has passed.
template <typename Step>
void retryWhileBusy(Step step) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    for (;;) {
        try {
            step();
            return;
        } catch (const SQLite::Exception& e) {
            if ((e.getErrorCode() & 0xFF) != SQLITE_BUSY || std::chrono::steady_clock::now() > deadline) throw;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(kBusyRetryMs));
    }
}

// A read-only connection cannot migrate: an older (or empty) file is refused.
void checkReadableSchema(SQLite::Database& db, const std::filesystem::path& file) {
    const int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version < kLibrarySchemaVersion)
        throw LibraryError(file.string() + ": library schema " + std::to_string(version) + " must be upgraded to " +
                           std::to_string(kLibrarySchemaVersion) + ", which needs write access; open it once writable");
}

// A WAL library needs its -shm file, which a read-only folder cannot hold. When the folder is
// not writable and no -wal file exists, no writer can exist either: the file is opened as
// immutable (no locks, no -shm). Otherwise a plain read-only connection sees the writers'
// commits as usual.
std::unique_ptr<SQLite::Database> openReadOnly(const std::filesystem::path& file) {
    const auto folder = std::filesystem::absolute(file).parent_path();
    const bool walPresent = std::filesystem::exists(file.string() + "-wal");
    if (::access(folder.c_str(), W_OK) != 0 && !walPresent)
        return std::make_unique<SQLite::Database>(fileUri(file, "immutable=1"),
                                                  SQLite::OPEN_READONLY | SQLite::OPEN_URI);
    return std::make_unique<SQLite::Database>(file.string(), SQLite::OPEN_READONLY);
}

// Characters kept as they are in a file: URI path (RFC 3986 unreserved, and '/').
bool keptInUri(unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/'; }

}  // namespace

std::string fileUri(const std::filesystem::path& file, const std::string& query) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string uri = "file:";
    for (unsigned char c : std::filesystem::absolute(file).string()) {
        if (keptInUri(c)) {
            uri += char(c);
        } else {
            uri += '%';
            uri += kHex[c >> 4];
            uri += kHex[c & 15];
        }
    }
    return uri + "?" + query;
}

const std::string& soundPoseBlobsSql() {
    static const std::string sql = "length(box) = " + std::to_string(4 * sizeof(float)) +
                                   " AND length(keypoints) = " + std::to_string(kNumKeypoints * 4 * sizeof(float)) +
                                   " AND length(descriptor) = " + std::to_string(kNumPairs * sizeof(float));
    return sql;
}

LibraryError damagedLibrary(const std::filesystem::path& file, const std::string& detail) {
    return LibraryError(file.string() + ": the library is damaged (" + detail +
                        "); check it with `refpose-cli check-library " + file.string() +
                        "` and rebuild it with `refpose-cli check-library --rebuild " + file.string() + "`");
}

bool isDamageError(const std::exception& e) {
    const auto* sqlite = dynamic_cast<const SQLite::Exception*>(&e);
    if (!sqlite) return false;
    // SQLITE_NOTADB (an unreadable header) is not counted: nothing of such a file can be
    // salvaged, and it may not be a library at all.
    return (sqlite->getErrorCode() & 0xFF) == SQLITE_CORRUPT;
}

std::unique_ptr<SQLite::Database> openLibraryDatabase(const std::filesystem::path& file, bool readOnly) {
    if (readOnly && !std::filesystem::exists(file))
        throw LibraryError(file.string() + ": no such library (a read-only library is never created)");
    checkSqliteMagic(file);
    std::unique_ptr<SQLite::Database> db;
    try {
        db = readOnly ? openReadOnly(file)
                      : std::make_unique<SQLite::Database>(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db->setBusyTimeout(kBusyTimeoutMs);
        checkOwnership(*db, file);
    } catch (const SQLite::Exception& e) {
        if (isDamageError(e)) throw damagedLibrary(file, e.what());
        throw refused(file, std::string("cannot be read as a RefPose library (") + e.what() + ")");
    }
    try {
        db->exec("PRAGMA foreign_keys = ON");
        if (readOnly) {
            checkReadableSchema(*db, file);
            return db;
        }
        retryWhileBusy([&] {
            // Write-ahead log: readers never block the indexer's commits, and a crash keeps the
            // last committed transaction.
            db->exec("PRAGMA journal_mode = WAL");
            db->exec("PRAGMA synchronous = NORMAL");
            migrate(*db);
        });
    } catch (const SQLite::Exception& e) {
        if (isDamageError(e)) throw damagedLibrary(file, e.what());
        throw LibraryError(file.string() + ": cannot prepare the library (" + e.what() + ")");
    }
    return db;
}

}  // namespace refpose::detail
