#pragma once
// Libraries to damage on purpose (header-only: the support library does not link core).
// Pose-only entries fill whole b-tree pages (a row is about 1.7 kB: no overflow pages), so any
// page in the middle of the file is one SQLite's quick check reads.

#include "SearchTestPoses.h"
#include "library/LibraryStore.h"
#include "retrieval/PoseDescriptor.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace refpose::test {

inline constexpr int kSqlitePageSize = 4096;  // SQLite's default

// Entry `i`: a seeded random pose, imported without an image.
inline PoseRecord poseOnlyEntry(int i) {
    std::mt19937 rng(std::uint32_t(1000 + i));
    PoseRecord r;
    r.sourceId = "test:" + std::to_string(i);
    r.pose = randomPose(rng);
    r.descriptor = describePose(r.pose);
    r.modelId = "import";
    return r;
}

// A closed library `dir`/lib.db of `entries` pose-only entries and the folder `dir`/pictures.
inline std::filesystem::path makePoseOnlyLibrary(const std::filesystem::path& dir, int entries) {
    const std::filesystem::path file = dir / "lib.db";
    LibraryStore store(file);
    store.addFolder(dir / "pictures");
    LibraryStore::Transaction t(store);
    for (int i = 0; i < entries; ++i) store.addPoseOnly(poseOnlyEntry(i));
    t.commit();
    return file;
}

// Overwrites one whole page in the middle of the file with random bytes (seeded).
inline void corruptMiddlePage(const std::filesystem::path& file, std::uint32_t seed) {
    const auto size = std::filesystem::file_size(file);
    const std::uintmax_t offset = size / 2 / kSqlitePageSize * kSqlitePageSize;
    std::mt19937 rng(seed);
    std::string noise(kSqlitePageSize, '\0');
    for (char& c : noise) c = char(rng());
    std::fstream f(file, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(std::streamoff(offset));
    f.write(noise.data(), std::streamsize(noise.size()));
}

}  // namespace refpose::test
