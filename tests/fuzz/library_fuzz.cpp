// Pose libraries (LibraryStore): a damaged or foreign SQLite file opened read-only, checked as
// PoseLibrary::open checks it (SQLite's quick_check; a damaged file is refused with a way to
// repair it), then every read the app makes at open and while browsing.
#include "FuzzSupport.h"

#include "library/LibraryStore.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path file = refpose::fuzz::writeInput("library.refpose-library", data, size);
    try {
        refpose::LibraryStore store(file, refpose::LibraryAccess::ReadOnly);
        if (!store.checkIntegrity(refpose::IntegrityDepth::Quick).empty()) return 0;
        (void)store.counts();
        (void)store.folders();
        (void)store.images();
        (void)store.failures();
        std::vector<std::int64_t> ids;
        store.forEachDescriptor([&](std::int64_t id, const refpose::PoseDescriptor&) { ids.push_back(id); });
        for (const std::int64_t id : ids) {
            (void)store.entry(id);
            (void)store.thumbnail(id);
        }
    } catch (const refpose::LibraryError& e) {
        refpose::fuzz::requireNamesFile(e, file);
    }
    return 0;
}
