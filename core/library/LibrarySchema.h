#pragma once
// Opening a library file safely: refuse what is not ours before writing a byte, then bring
// the schema to kLibrarySchemaVersion (docs/adr/0200-library-store.md). Private to library/.

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>

namespace refpose::detail {

// SQLite's application_id of RefPose libraries ("RPLB").
inline constexpr int kLibraryApplicationId = 0x52504C42;

// Opens (creating when absent) and migrates; throws LibraryError naming the file.
std::unique_ptr<SQLite::Database> openLibraryDatabase(const std::filesystem::path& file);

}  // namespace refpose::detail
