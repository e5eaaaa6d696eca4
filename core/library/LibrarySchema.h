#pragma once
// Opening a library file safely: refuse what is not ours before writing a byte, then bring
// the schema to kLibrarySchemaVersion (docs/adr/0200-library-store.md). Private to library/.

#include <SQLiteCpp/Database.h>

#include <exception>
#include <filesystem>
#include <memory>
#include <string>

namespace refpose {
class LibraryError;
}

namespace refpose::detail {

// SQLite's application_id of RefPose libraries ("RPLB").
inline constexpr int kLibraryApplicationId = 0x52504C42;

// Read-write: opens (creating when absent) and migrates inside one write transaction, so
// two processes creating the same new library do not both create its tables.
// Read-only: the file must exist at the current schema; nothing is written (no journal-mode
// change, no migration). Throws LibraryError naming the file.
std::unique_ptr<SQLite::Database> openLibraryDatabase(const std::filesystem::path& file, bool readOnly);

// "<file>: the library is damaged (<detail>); ..." with how to check and rebuild it.
LibraryError damagedLibrary(const std::filesystem::path& file, const std::string& detail);

// A "file:" URI of `file` (percent-encoded) with `query`, e.g. "mode=ro".
std::string fileUri(const std::filesystem::path& file, const std::string& query);

// SQL that is true for a poses row whose blobs have the sizes the store reads (box: 4 floats,
// keypoints: 25 x 4 floats, descriptor: kNumPairs floats).
const std::string& soundPoseBlobsSql();

// Whether SQLite reported a damaged file (SQLITE_CORRUPT).
bool isDamageError(const std::exception& e);

}  // namespace refpose::detail
