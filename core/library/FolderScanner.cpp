#include "library/FolderScanner.h"

#include "library/LibraryIndexer.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <string_view>

namespace refpose {
namespace {

// The extensions the indexer reads (lower case).
constexpr std::array<std::string_view, 7> kImageExtensions = {".jpg", ".jpeg", ".png", ".webp",
                                                              ".bmp", ".tif",  ".tiff"};

}  // namespace

bool isIndexableImage(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return std::find(kImageExtensions.begin(), kImageExtensions.end(), ext) != kImageExtensions.end();
}

namespace detail {

std::filesystem::path normalisedAbsolute(const std::filesystem::path& p) {
    std::error_code ec;
    auto abs = std::filesystem::absolute(p, ec);
    if (ec) abs = p;
    auto out = abs.lexically_normal();
    if (out.has_filename() == false && out.has_parent_path() && out != out.root_path()) out = out.parent_path();
    return out;
}

ScanResult scanFolders(const std::vector<std::filesystem::path>& folders) {
    namespace fs = std::filesystem;
    ScanResult r;
    for (const fs::path& folder : folders) {
        std::error_code ec;
        if (!fs::is_directory(folder, ec)) {
            r.problems.push_back(folder.string() + ": not a folder");
            continue;
        }
        fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
        if (ec) {
            r.problems.push_back(folder.string() + ": " + ec.message());
            continue;
        }
        for (; it != end; it.increment(ec)) {
            if (ec) {
                r.problems.push_back(folder.string() + ": " + ec.message());
                break;
            }
            if (!it->is_regular_file(ec)) continue;
            if (!isIndexableImage(it->path())) {
                ++r.skipped;
                continue;
            }
            ScannedFile f{normalisedAbsolute(it->path()), std::int64_t(it->file_size(ec)), 0};
            const auto t = it->last_write_time(ec);
            f.mtime = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
            r.images.push_back(std::move(f));
        }
    }
    std::sort(r.images.begin(), r.images.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    r.images.erase(
        std::unique(r.images.begin(), r.images.end(), [](const auto& a, const auto& b) { return a.path == b.path; }),
        r.images.end());
    return r;
}

}  // namespace detail
}  // namespace refpose
