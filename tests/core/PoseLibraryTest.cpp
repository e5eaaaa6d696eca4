#include "ColourPoses.h"
#include "dataset/CocoDataset.h"
#include "library/PoseLibrary.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace refpose {
namespace {

using test::ColourPoseEstimator;
using test::writeImage;

// The pose the fake estimator gives an image of colour (b, g, r).
Pose fakePoseOf(int b, int g, int r) {
    ColourPoseEstimator e;
    return e.estimate(cv::Mat(4, 4, CV_8UC3, cv::Scalar(b, g, r))).pose;
}

TEST(PoseLibrary, FindsAnIndexedImageFirstAtDistanceZero) {
    const auto dir = test::freshTempDir();
    for (int i = 0; i < 12; ++i) writeImage(dir / "art" / ("p" + std::to_string(i) + ".png"), i, 2 * i, 50);
    ColourPoseEstimator estimator;
    auto lib = PoseLibrary::open(dir / "lib.db");
    lib->addFolder(dir / "art");
    const IndexReport r = lib->index(estimator);
    EXPECT_EQ(r.estimated, 12);
    const auto hits = lib->search(fakePoseOf(7, 14, 50), {.k = 3});
    ASSERT_EQ(hits.size(), 3u);
    EXPECT_EQ(std::filesystem::path(hits[0].entry.imagePath).filename(), "p7.png");
    EXPECT_NEAR(hits[0].distance, 0.f, 1e-5f);
    EXPECT_LT(hits[0].distance, hits[1].distance);
    EXPECT_FALSE(lib->thumbnail(hits[0].entry.poseId).empty());
    // Its mirror image finds it too, flagged as mirrored.
    const auto mirroredHits = lib->search(mirrored(fakePoseOf(7, 14, 50), 10.f), {.k = 1});
    ASSERT_EQ(mirroredHits.size(), 1u);
    EXPECT_EQ(mirroredHits[0].entry.poseId, hits[0].entry.poseId);
    EXPECT_TRUE(mirroredHits[0].mirrored);

    // Persistent: a reopened library answers the same without re-indexing.
    lib.reset();
    auto again = PoseLibrary::open(dir / "lib.db");
    EXPECT_EQ(again->counts().images, 12);
    EXPECT_EQ(again->search(fakePoseOf(7, 14, 50), {.k = 1})[0].entry.poseId, hits[0].entry.poseId);
    again->removeFolder(dir / "art");
    EXPECT_EQ(again->counts().poses, 0);
    EXPECT_TRUE(again->search(fakePoseOf(7, 14, 50)).empty());
}

TEST(PoseLibrary, ImportsPoseOnlyEntriesAndReplacesThemOnReimport) {
    const auto dir = test::freshTempDir();
    std::mt19937 rng(5);
    CocoDataset d;
    d.categories.push_back(defaultPersonCategory());
    for (int i = 1; i <= 20; ++i) {
        d.images.push_back({i, "img" + std::to_string(i) + ".jpg", 400, 400, {}});
        CocoAnnotation a;
        a.id = 100 + i;
        a.imageId = i;
        a.pose = test::randomPose(rng);
        d.annotations.push_back(a);
    }
    auto lib = PoseLibrary::open(dir / "lib.db");
    EXPECT_EQ(lib->importPoses(d, "mine"), 20u);
    EXPECT_EQ(lib->importPoses(d, "mine"), 20u);  // replaces, does not duplicate
    EXPECT_EQ(lib->counts().poseOnly, 20);
    const auto hits = lib->search(d.annotations[4].pose, {.k = 2});
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].entry.sourceId, "mine:img5.jpg#105");
    EXPECT_NEAR(hits[0].distance, 0.f, 1e-5f);
    EXPECT_TRUE(hits[0].entry.imagePath.empty());
    EXPECT_TRUE(lib->thumbnail(hits[0].entry.poseId).empty());
}

// Browsing without a query: entries in the order they were added, a page at a time.
TEST(PoseLibrary, EntriesPageThroughTheLibraryInTheOrderAdded) {
    const auto dir = test::freshTempDir();
    std::mt19937 rng(6);
    CocoDataset d;
    d.categories.push_back(defaultPersonCategory());
    for (int i = 1; i <= 12; ++i) {
        d.images.push_back({i, "p" + std::to_string(i) + ".jpg", 400, 400, {}});
        CocoAnnotation a;
        a.id = i;
        a.imageId = i;
        a.pose = test::randomPose(rng);
        d.annotations.push_back(a);
    }
    auto lib = PoseLibrary::open(dir / "lib.db");
    ASSERT_EQ(lib->importPoses(d, "set"), 12u);
    const auto first = lib->entries(0, 5), rest = lib->entries(5, 100);
    ASSERT_EQ(first.size(), 5u);
    ASSERT_EQ(rest.size(), 7u);
    EXPECT_EQ(first[0].sourceId, "set:p1.jpg#1");
    EXPECT_EQ(first[4].sourceId, "set:p5.jpg#5");
    EXPECT_EQ(rest[6].sourceId, "set:p12.jpg#12");
    EXPECT_EQ(rest[0].pose, d.annotations[5].pose);
    EXPECT_TRUE(lib->entries(12, 5).empty());
}

TEST(PoseLibrary, SearchesWhileIndexing) {
    const auto dir = test::freshTempDir();
    for (int i = 0; i < 40; ++i) writeImage(dir / "art" / ("p" + std::to_string(i) + ".png"), i, 3, 9);
    ColourPoseEstimator estimator;
    auto lib = PoseLibrary::open(dir / "lib.db");
    lib->addFolder(dir / "art");
    std::atomic<bool> done{false};
    std::atomic<int> searches{0};
    std::thread searcher([&] {
        while (!done) {
            for (const SearchHit& h : lib->search(fakePoseOf(0, 3, 9), {.k = 5})) EXPECT_GE(h.distance, 0.f);
            ++searches;
        }
    });
    IndexOptions o;
    o.jobs = 2;
    o.batchSize = 2;
    lib->index(estimator, o);
    done = true;
    searcher.join();
    EXPECT_GT(searches.load(), 0);
    EXPECT_EQ(lib->search(fakePoseOf(0, 3, 9), {.k = 1})[0].distance, 0.f);
}

TEST(PoseLibrary, OpenRefusesAForeignFile) {
    const auto dir = test::freshTempDir();
    std::ofstream(dir / "x.db") << "hello";
    EXPECT_THROW(PoseLibrary::open(dir / "x.db"), LibraryError);
}

}  // namespace
}  // namespace refpose
