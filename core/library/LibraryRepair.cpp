#include "library/LibraryRepair.h"

#include "library/LibrarySchema.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <functional>
#include <optional>

namespace refpose {
namespace {

namespace fs = std::filesystem;

// How far past a damaged stretch the salvage looks for readable rows: 2^40 rowids, far above
// any library's, reached in 40 doubling probes.
constexpr std::int64_t kFurthestProbe = std::int64_t(1) << 40;

// Tables in copy order: images before the rows that refer to them.
constexpr const char* kTables[] = {"folders", "images", "poses", "thumbnails"};

// The first readable rowid of old.<table> at or after `from`, probing ever further (1, 2, 4...
// rowids on) while the b-tree there cannot be read; none when nothing readable follows.
std::optional<std::int64_t> nextReadableRowid(SQLite::Database& db, const std::string& table, std::int64_t from) {
    for (std::int64_t step = 1; step <= kFurthestProbe; step *= 2) {
        try {
            SQLite::Statement s(db, "SELECT rowid FROM old." + table + " WHERE rowid >= ? ORDER BY rowid LIMIT 1");
            s.bind(1, from + step - 1);
            if (!s.executeStep()) return std::nullopt;
            return s.getColumn(0).getInt64();
        } catch (const SQLite::Exception&) {
            // still inside the damage: look further on
        }
    }
    return std::nullopt;
}

// Calls `visit` with every rowid of old.<table> that can be read, in order, stepping over
// stretches SQLite reports damaged. Returns how many stretches it stepped over.
std::int64_t forEachReadableRowid(SQLite::Database& db, const std::string& table,
                                  const std::function<void(std::int64_t)>& visit) {
    std::int64_t after = 0;      // our tables' rowids start at 1
    std::int64_t probeFrom = 1;  // grows after every failure, so the salvage always ends
    std::int64_t stretches = 0;
    for (;;) {
        try {
            SQLite::Statement s(db, "SELECT rowid FROM old." + table + " WHERE rowid > ? ORDER BY rowid");
            s.bind(1, after);
            while (s.executeStep()) {
                after = s.getColumn(0).getInt64();
                visit(after);
            }
            return stretches;
        } catch (const SQLite::Exception&) {
            ++stretches;
            const auto next = nextReadableRowid(db, table, std::max(probeFrom, after + 1));
            if (!next) return stretches;
            after = *next - 1;
            probeFrom = *next + 1;  // should the scan fail again at once, probe past it
        }
    }
}

// Copies one row; a row whose content cannot be read (or breaks a filter) is left out.
bool copyRow(SQLite::Statement& insert, std::int64_t rowid) {
    try {
        insert.reset();
        insert.bind(1, rowid);
        return insert.exec() == 1;
    } catch (const SQLite::Exception&) {
        return false;
    }
}

std::string insertSql(const std::string& table) {
    std::string sql = "INSERT OR IGNORE INTO main." + table + " SELECT * FROM old." + table + " WHERE rowid = ?";
    if (table == "poses") sql += " AND " + detail::soundPoseBlobsSql();
    return sql;
}

// Refuses what is not a RefPose library at this build's schema, before anything is written.
void requireLibraryFile(const fs::path& file) {
    try {
        SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
        const int appId = db.execAndGet("PRAGMA application_id").getInt();
        const int version = db.execAndGet("PRAGMA user_version").getInt();
        if (appId != detail::kLibraryApplicationId)
            throw LibraryError(file.string() + ": not a RefPose library; nothing was rebuilt");
        if (version != kLibrarySchemaVersion)
            throw LibraryError(file.string() + ": library schema " + std::to_string(version) +
                               " (this build rebuilds " + std::to_string(kLibrarySchemaVersion) +
                               "); nothing was rebuilt");
    } catch (const SQLite::Exception& e) {
        throw LibraryError(file.string() + ": cannot be read as an SQLite file (" + e.what() +
                           "); nothing was rebuilt");
    }
}

void removeWithCompanions(const fs::path& file) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(file.string() + suffix);
}

// "<file>.damaged", or .damaged.N when that exists already.
fs::path damagedCopyName(const fs::path& file) {
    fs::path name = file.string() + ".damaged";
    for (int n = 1; fs::exists(name); ++n) name = file.string() + ".damaged." + std::to_string(n);
    return name;
}

// Copies the readable, sound rows of `from` into the fresh library `to`; fills the report's
// stretch and left-out counts.
void salvageRows(const fs::path& from, const fs::path& to, RebuildReport& report) {
    SQLite::Database db(to.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_URI);
    // The new file is rebuilt from scratch should this process die: no need to sync each row.
    db.exec("PRAGMA synchronous = OFF");
    SQLite::Statement attach(db, "ATTACH DATABASE ? AS old");
    attach.bind(1, detail::fileUri(from, "mode=ro"));
    attach.exec();
    for (const char* table : kTables) {
        std::int64_t read = 0, copied = 0;
        try {
            SQLite::Statement insert(db, insertSql(table));
            report.unreadableStretches += forEachReadableRowid(db, table, [&](std::int64_t rowid) {
                ++read;
                copied += copyRow(insert, rowid) ? 1 : 0;
            });
        } catch (const SQLite::Exception&) {
            ++report.unreadableStretches;  // the table itself cannot be read (its schema row is damaged)
        }
        report.rowsLeftOut += read - copied;
    }
    // Rows whose partner was lost: a pose of a lost image, an indexed image without its pose
    // (the next index run estimates it again), a thumbnail of a lost image.
    report.rowsLeftOut +=
        db.exec("DELETE FROM poses WHERE image_id IS NOT NULL AND image_id NOT IN (SELECT id FROM images)");
    report.rowsLeftOut += db.exec("DELETE FROM images WHERE status = " + std::to_string(int(ImageStatus::Indexed)) +
                                  " AND id NOT IN (SELECT image_id FROM poses WHERE image_id IS NOT NULL)");
    db.exec("DELETE FROM thumbnails WHERE image_id NOT IN (SELECT id FROM images)");
    // Pose ids are never reused (views cache by id): keep the old sequence when it is readable.
    try {
        db.exec(
            "UPDATE main.sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM old.sqlite_sequence "
            "WHERE name = 'poses'), 0)) WHERE name = 'poses'");
    } catch (const SQLite::Exception&) {
        // the old sequence is damaged: the copied ids still set a floor
    }
    db.exec("DETACH DATABASE old");
}

}  // namespace

LibraryCheck checkLibrary(const fs::path& file) {
    LibraryCheck check;
    try {
        const LibraryStore store(file, LibraryAccess::ReadOnly);
        check.problems = store.checkIntegrity(IntegrityDepth::Full);
        if (check.ok()) check.counts = store.counts();
    } catch (const std::exception& e) {
        check.problems.push_back(e.what());
    }
    return check;
}

RebuildReport rebuildLibrary(const fs::path& file) {
    requireLibraryFile(file);
    RebuildReport report;
    const fs::path rebuilt = file.string() + ".rebuilding";
    removeWithCompanions(rebuilt);  // a leftover of an interrupted rebuild
    try {
        { const LibraryStore create(rebuilt); }  // the current schema, closed before the copy
        salvageRows(file, rebuilt, report);
        // A read-write connection: closing it folds its log back into the file.
        const LibraryStore store(rebuilt);
        if (const auto problems = store.checkIntegrity(IntegrityDepth::Full); !problems.empty())
            throw LibraryError(problems.front());
        report.kept = store.counts();
    } catch (const std::exception& e) {
        removeWithCompanions(rebuilt);
        throw LibraryError(file.string() + ": the rebuilt library could not be written (" + e.what() +
                           "); the library was left as it was");
    }
    // Keep the old file (and its log, which holds its last commits), then put the new one in
    // place. The old -wal must go before the rename: SQLite would replay it onto the new file.
    report.damagedCopy = damagedCopyName(file);
    fs::copy_file(file, report.damagedCopy);
    if (fs::exists(file.string() + "-wal")) fs::copy_file(file.string() + "-wal", report.damagedCopy.string() + "-wal");
    fs::remove(file.string() + "-wal");
    fs::remove(file.string() + "-shm");
    fs::rename(rebuilt, file);
    return report;
}

}  // namespace refpose
