#include "ImageFiles.h"
#include "SearchTestPoses.h"
#include "library/LibraryStore.h"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <fstream>

namespace refpose {
namespace {

// Opening `file` must fail with a LibraryError naming it and `reason`, leaving its bytes alone.
void expectRefused(const std::filesystem::path& file, const std::string& reason) {
    const std::string before = test::readFileText(file);
    try {
        LibraryStore store(file);
        FAIL() << file << " was accepted";
    } catch (const LibraryError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(file.string()), std::string::npos) << what;
        EXPECT_NE(what.find(reason), std::string::npos) << what;
    }
    EXPECT_EQ(test::readFileText(file), before);
}

LibraryStore::ImageResult sampleImage(const std::string& path, std::uint32_t seed) {
    std::mt19937 rng(seed);
    LibraryStore::ImageResult r;
    r.image = {0, path, 1234, 5678, 0xFEDCBA9876543210ull, 640, 480, "model-a", ImageStatus::Indexed, ""};
    PoseRecord pose;
    pose.pose = test::randomPose(rng);
    pose.pose.kp[3].score = 0.37f;
    pose.pose.kp[4].v = Visibility::Occluded;
    pose.descriptor = describePose(pose.pose);
    pose.modelId = "model-a";
    r.pose = pose;
    r.thumbnail = {1, 2, 3, 4, 5};
    return r;
}

TEST(LibraryStore, PersistsImagesPosesThumbnailsAndPoseOnlyEntries) {
    const auto dir = test::freshTempDir();
    const auto file = dir / "lib.db";
    const auto img = sampleImage("/pictures/a.png", 1);
    std::int64_t imagePose = 0, poseOnly = 0;
    PoseRecord imported;
    {
        LibraryStore store(file);
        EXPECT_EQ(store.schemaVersion(), kLibrarySchemaVersion);
        store.addFolder("/pictures");
        imagePose = *store.putImage(img);
        LibraryStore::ImageResult failed;
        failed.image = {0, "/pictures/broken.jpg", 10, 20, 0, 0, 0, "model-a", ImageStatus::Failed, "not an image"};
        EXPECT_FALSE(store.putImage(failed));
        std::mt19937 rng(2);
        imported.sourceId = "add:data/images/1.jpg#7";
        imported.pose = test::randomPose(rng);
        imported.descriptor = describePose(imported.pose);
        imported.modelId = "import";
        poseOnly = store.addPoseOnly(imported);
    }
    LibraryStore store(file);
    EXPECT_EQ(store.folders(), std::vector<std::filesystem::path>{"/pictures"});
    const auto rec = store.image("/pictures/a.png");
    ASSERT_TRUE(rec);
    EXPECT_EQ(rec->size, 1234);
    EXPECT_EQ(rec->mtime, 5678);
    EXPECT_EQ(rec->contentHash, 0xFEDCBA9876543210ull);
    EXPECT_EQ(rec->width, 640);
    EXPECT_EQ(rec->modelId, "model-a");
    const auto e = store.entry(imagePose);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->imagePath, "/pictures/a.png");
    EXPECT_EQ(e->pose, img.pose->pose);
    EXPECT_EQ(e->imageWidth, 640);
    EXPECT_EQ(store.thumbnail(imagePose), img.thumbnail);
    const auto p = store.entry(poseOnly);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->sourceId, imported.sourceId);
    EXPECT_TRUE(p->imagePath.empty());
    EXPECT_FALSE(p->imageId);
    EXPECT_TRUE(store.thumbnail(poseOnly).empty());
    int seen = 0;
    store.forEachDescriptor([&](std::int64_t id, const PoseDescriptor& d) {
        const PoseDescriptor& want = id == imagePose ? img.pose->descriptor : imported.descriptor;
        EXPECT_EQ(d.values, want.values);
        EXPECT_EQ(d.joints, want.joints);
        EXPECT_EQ(d.orientation, want.orientation);
        ++seen;
    });
    EXPECT_EQ(seen, 2);
    const LibraryCounts c = store.counts();
    EXPECT_EQ(c.images, 1);
    EXPECT_EQ(c.failures, 1);
    EXPECT_EQ(c.poses, 2);
    EXPECT_EQ(c.poseOnly, 1);
    ASSERT_EQ(store.failures().size(), 1u);
    EXPECT_EQ(store.failures()[0].reason, "not an image");
}

TEST(LibraryStore, ReplacingAnImageReplacesItsPoseAndRemovalCascades) {
    const auto dir = test::freshTempDir();
    LibraryStore store(dir / "lib.db");
    const auto first = *store.putImage(sampleImage("/p/x.png", 1));
    const auto second = *store.putImage(sampleImage("/p/x.png", 2));
    EXPECT_NE(first, second);
    EXPECT_FALSE(store.entry(first));
    EXPECT_EQ(store.counts().poses, 1);
    store.putImage(sampleImage("/p/sub/y.png", 3));
    store.putImage(sampleImage("/p2/z.png", 4));
    EXPECT_EQ(store.imagesUnder("/p").size(), 2u);  // not /p2
    const auto removed = store.removeImages({store.image("/p/x.png")->id});
    EXPECT_EQ(removed, std::vector<std::int64_t>{second});
    EXPECT_EQ(store.counts().poses, 2);
    EXPECT_TRUE(store.thumbnail(second).empty());
}

TEST(LibraryStore, RollsBackAnUncommittedTransaction) {
    const auto dir = test::freshTempDir();
    LibraryStore store(dir / "lib.db");
    {
        LibraryStore::Transaction t(store);
        store.putImage(sampleImage("/p/a.png", 1));
        // no commit: as if the process died here
    }
    EXPECT_EQ(store.counts().images, 0);
}

TEST(LibraryStore, RefusesATextFile) {
    const auto dir = test::freshTempDir();
    std::ofstream(dir / "notes.db") << "my shopping list\n";
    expectRefused(dir / "notes.db", "not an SQLite database");
}

TEST(LibraryStore, RefusesAnotherApplicationsDatabase) {
    const auto dir = test::freshTempDir();
    {
        SQLite::Database other((dir / "other.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        other.exec("CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES('Ada')");
    }
    expectRefused(dir / "other.db", "another application");
}

TEST(LibraryStore, RefusesACorruptFileWithAnSqliteHeader) {
    const auto dir = test::freshTempDir();
    std::string bytes = "SQLite format 3";
    bytes.push_back('\0');
    bytes += std::string(4000, '\x7f');
    std::ofstream(dir / "corrupt.db", std::ios::binary) << bytes;
    expectRefused(dir / "corrupt.db", "cannot be read");
}

TEST(LibraryStore, RefusesALibraryFromANewerVersion) {
    const auto dir = test::freshTempDir();
    { LibraryStore store(dir / "lib.db"); }
    {
        SQLite::Database db((dir / "lib.db").string(), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA user_version = 99");
    }
    expectRefused(dir / "lib.db", "newer");
}

}  // namespace
}  // namespace refpose
