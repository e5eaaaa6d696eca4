#include "ColourPoses.h"
#include "library/LibraryIndexer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace refpose {
namespace {

using test::ColourPoseEstimator;
using test::writeImage;

// A folder of 8 images (2 in a sub-folder, one with an upper-case extension), a text file
// and a file named .jpg that is not an image.
std::filesystem::path makeFolder() {
    const auto dir = test::freshTempDir() / "pictures";
    for (int i = 0; i < 6; ++i) writeImage(dir / ("img" + std::to_string(i) + ".png"), 10 * i, 100, 200);
    writeImage(dir / "sub" / "deep.png", 1, 2, 3);
    writeImage(dir / "sub" / "UPPER.PNG", 4, 5, 6);
    std::ofstream(dir / "readme.txt") << "not an image";
    std::ofstream(dir / "fake.jpg") << "not a jpeg either";
    return dir;
}

struct Fixture : ::testing::Test {
    std::filesystem::path folder = makeFolder();
    std::filesystem::path dbFile = folder.parent_path() / "lib.db";
    LibraryStore store{dbFile};
    ColourPoseEstimator estimator;

    IndexReport run(IndexOptions o = {}, int jobs = 2, int batch = 3) {
        o.jobs = jobs;
        o.batchSize = batch;
        return LibraryIndexer(store, estimator).index({folder}, o);
    }
};

using LibraryIndexer_ = Fixture;

TEST_F(LibraryIndexer_, IndexesImagesAndReportsUnreadableFiles) {
    std::vector<IndexProgress> progress;
    IndexOptions o;
    o.onProgress = [&](const IndexProgress& p) { progress.push_back(p); };
    const IndexReport r = run(o);
    EXPECT_EQ(r.found, 9);
    EXPECT_EQ(r.skipped, 1);  // readme.txt
    EXPECT_EQ(r.estimated, 8);
    EXPECT_EQ(r.failed, 1);
    ASSERT_EQ(r.failures.size(), 1u);
    EXPECT_NE(r.failures[0].path.find("fake.jpg"), std::string::npos);
    EXPECT_FALSE(r.failures[0].reason.empty());
    EXPECT_EQ(estimator.calls(), 8);
    EXPECT_EQ(store.counts().images, 8);
    EXPECT_EQ(store.counts().poses, 8);
    EXPECT_EQ(store.failures().size(), 1u);  // stored for the GUI
    ASSERT_FALSE(progress.empty());
    EXPECT_EQ(progress.back().done, 9);
    EXPECT_EQ(progress.back().total, 9);
    EXPECT_GT(progress.back().rate, 0);
    const auto rec = store.image((folder / "img3.png").string());
    ASSERT_TRUE(rec);
    EXPECT_EQ(rec->width, 64);
    EXPECT_EQ(rec->height, 48);
    EXPECT_EQ(rec->modelId, "fake-1");
    EXPECT_EQ(store.folders().size(), 1u);
}

TEST_F(LibraryIndexer_, RescanEstimatesOnlyChangedFiles) {
    run();
    estimator.resetCalls();
    IndexReport r = run();
    EXPECT_EQ(estimator.calls(), 0);
    EXPECT_EQ(r.unchanged, 8);  // fake.jpg failed: it is tried again (and fails before estimation)
    EXPECT_EQ(r.failed, 1);

    // New content: re-estimated. Same content with a new mtime: only touched.
    const auto changed = folder / "img1.png";
    writeImage(changed, 99, 99, 99);
    std::filesystem::last_write_time(changed, std::filesystem::last_write_time(changed) + std::chrono::seconds(5));
    const auto touched = folder / "img2.png";
    std::filesystem::last_write_time(touched, std::filesystem::last_write_time(touched) + std::chrono::seconds(5));
    r = run();
    EXPECT_EQ(estimator.calls(), 1);
    EXPECT_EQ(r.estimated, 1);
    EXPECT_EQ(r.unchanged, 7);
    estimator.resetCalls();
    run();
    EXPECT_EQ(estimator.calls(), 0);  // the touched file's new mtime was recorded
    EXPECT_EQ(store.counts().poses, 8);
}

TEST_F(LibraryIndexer_, DropsDeletedFiles) {
    run();
    std::filesystem::remove(folder / "img0.png");
    std::filesystem::remove_all(folder / "sub");
    const IndexReport r = run();
    EXPECT_EQ(r.removed, 2 + 1);
    EXPECT_FALSE(store.image((folder / "img0.png").string()));
    EXPECT_EQ(store.counts().images, 5);
    EXPECT_EQ(store.counts().poses, 5);
}

TEST_F(LibraryIndexer_, ReestimatesWhenTheModelChanges) {
    run();
    ColourPoseEstimator newer("fake-2");
    IndexOptions o;
    o.jobs = 1;
    LibraryIndexer(store, newer).index({folder}, o);
    EXPECT_EQ(newer.calls(), 8);
    EXPECT_EQ(store.image((folder / "img3.png").string())->modelId, "fake-2");
    EXPECT_EQ(store.counts().poses, 8);
}

TEST_F(LibraryIndexer_, CancelKeepsCommittedWorkAndTheNextRunResumes) {
    std::atomic<bool> cancel{false};
    IndexOptions o;
    o.cancel = &cancel;
    o.onProgress = [&](const IndexProgress& p) {
        if (p.estimated >= 1) cancel = true;  // stop after the first committed batch
    };
    // One worker, one image per batch: at most the queued batches finish after the cancel.
    const IndexReport first = run(o, 1, 1);
    EXPECT_TRUE(first.cancelled);
    const std::int64_t kept = store.counts().images + store.counts().failures;
    EXPECT_GT(kept, 0);
    EXPECT_LT(kept, 9);
    const std::int64_t keptImages = store.counts().images;  // failures are tried again
    const int callsBefore = estimator.calls();
    const IndexReport second = run();
    EXPECT_FALSE(second.cancelled);
    EXPECT_EQ(second.unchanged, keptImages);
    EXPECT_EQ(store.counts().images, 8);
    // Files committed by the first run were not estimated again (the fake .jpg never reaches it).
    EXPECT_EQ(estimator.calls(), 8);
    EXPECT_LE(callsBefore, 8);
}

// An estimator whose first batch fails (a passing error: out of memory, a driver reset).
class FlakyEstimator : public ColourPoseEstimator {
public:
    std::vector<PoseEstimate> estimateBatch(std::span<const cv::Mat> images) override {
        if (!failedOnce_.exchange(true)) throw std::runtime_error("device lost");
        return ColourPoseEstimator::estimateBatch(images);
    }

private:
    std::atomic<bool> failedOnce_{false};
};

TEST_F(LibraryIndexer_, AFailedImageIsTriedAgainOnTheNextRun) {
    FlakyEstimator flaky;
    IndexOptions o;
    o.jobs = 1;
    o.batchSize = 3;
    const IndexReport first = LibraryIndexer(store, flaky).index({folder}, o);
    // Files go in path order: the first batch is fake.jpg (not an image), img0 and img1.
    EXPECT_EQ(first.failed, 3);
    ASSERT_EQ(first.failures.size(), 3u);
    EXPECT_NE(first.failures[1].reason.find("device lost"), std::string::npos) << first.failures[1].reason;
    EXPECT_EQ(store.counts().images, 6);
    // Nothing changed on disk (same sizes and mtimes): the failed images are estimated again.
    const IndexReport second = LibraryIndexer(store, flaky).index({folder}, o);
    EXPECT_EQ(second.estimated, 2);
    EXPECT_EQ(second.failed, 1);  // fake.jpg is still not an image
    EXPECT_EQ(second.unchanged, 6);
    EXPECT_EQ(store.counts().images, 8);
    EXPECT_EQ(store.counts().failures, 1);
}

TEST_F(LibraryIndexer_, AMissingFolderKeepsItsRecords) {
    run();
    std::filesystem::rename(folder, folder.string() + "-unplugged");
    const IndexReport r = run();
    EXPECT_EQ(r.removed, 0);
    EXPECT_EQ(store.counts().images, 8);
    ASSERT_FALSE(r.failures.empty());
    EXPECT_NE(r.failures[0].path.find("not a folder"), std::string::npos);
}

TEST(LibraryIndexerFiles, RecognisesImageExtensions) {
    for (const char* f : {"a.jpg", "a.JPEG", "b.png", "c.webp", "d.bmp", "e.tif", "f.TIFF"})
        EXPECT_TRUE(isIndexableImage(f)) << f;
    for (const char* f : {"a.txt", "b.gif", "c", "d.png.bak", "e.json"}) EXPECT_FALSE(isIndexableImage(f)) << f;
}

}  // namespace
}  // namespace refpose
