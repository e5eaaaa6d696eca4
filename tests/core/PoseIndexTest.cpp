#include "SearchTestPoses.h"
#include "retrieval/PoseIndex.h"

#include <gtest/gtest.h>

#include <thread>

namespace refpose {
namespace {

using test::randomPose;

// A library of random poses where some joints are missing or weak, so that entries fall in
// several joint-mask groups (the cases the index must handle exactly).
std::vector<PoseDescriptor> randomLibrary(std::size_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> joint(0, int(kNumKeypoints) - 1), dropCount(0, 3);
    std::vector<PoseDescriptor> out;
    for (std::size_t i = 0; i < n; ++i) {
        Pose p = randomPose(rng);
        if (i % 3 == 0)
            for (int d = dropCount(rng); d > 0; --d) p.kp[std::size_t(joint(rng))].score = 0.f;
        out.push_back(describePose(p));
    }
    return out;
}

void fill(PoseIndex& index, const std::vector<PoseDescriptor>& lib, std::int64_t firstId = 1) {
    for (std::size_t i = 0; i < lib.size(); ++i) index.add(firstId + std::int64_t(i), lib[i]);
}

void expectSameHits(const std::vector<IndexHit>& a, const std::vector<IndexHit>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].id, b[i].id) << "rank " << i;
        EXPECT_EQ(a[i].distance, b[i].distance) << "rank " << i;
        EXPECT_EQ(a[i].mirrored, b[i].mirrored) << "rank " << i;
    }
}

// Query variants every exactness test runs: full, no mirror, partial, orientation, large k.
std::vector<SearchOptions> optionVariants() {
    std::vector<SearchOptions> v(6);
    v[1].mirror = false;
    v[2].joints = JointMask{0x1FFFF};  // the 17 COCO joints only
    v[3].joints = (JointMask{1} << idx(Kp::LeftShoulder)) | (JointMask{1} << idx(Kp::RightShoulder)) |
                  (JointMask{1} << idx(Kp::LeftElbow)) | (JointMask{1} << idx(Kp::LeftWrist)) |
                  (JointMask{1} << idx(Kp::LeftHip)) | (JointMask{1} << idx(Kp::RightHip));
    v[4].orientation = true;
    v[5].k = 50;
    return v;
}

TEST(PoseIndex, ExactSearchEqualsBruteForceOnRandomPoses) {
    PoseIndex index;
    fill(index, randomLibrary(3000, 1));
    index.rebuild();
    ASSERT_EQ(index.stats().projectionDims, kDefaultProjectionDims);
    const auto queries = randomLibrary(25, 2);
    for (const SearchOptions& o : optionVariants())
        for (const PoseDescriptor& q : queries) {
            const auto exact = index.search(q, o);
            ASSERT_EQ(exact.size(), o.k);
            expectSameHits(exact, index.searchBruteForce(q, o));
        }
}

TEST(PoseIndex, ExactSearchEqualsBruteForceOnAddPoses) {
    const auto poses = test::addPoses();
    if (poses.empty()) REFPOSE_SKIP_FOR_MISSING("../shared/add/data.json is absent (data beside the project)");
    PoseIndex index;
    std::mt19937 rng(3);
    for (std::size_t i = 0; i < poses.size(); ++i) {
        index.add(std::int64_t(i), describePose(poses[i]));
        // Mirrored and rotated copies: the nearest neighbours are then non-trivial ties.
        index.add(std::int64_t(i + poses.size()),
                  describePose(test::similarity(mirrored(poses[i], 0.f), 0.7f, 1.3f, 5, 5)));
    }
    index.rebuild();
    for (const SearchOptions& o : optionVariants())
        for (std::size_t i = 0; i < poses.size(); i += 97) {
            const PoseDescriptor q = describePose(poses[i]);
            const auto hits = index.search(q, o);
            expectSameHits(hits, index.searchBruteForce(q, o));
        }
    // The pose itself comes first at distance 0, its mirrored copy too when mirror is on.
    const auto hits = index.search(describePose(poses[5]), SearchOptions{});
    ASSERT_GE(hits.size(), 2u);
    EXPECT_EQ(hits[0].id, 5);
    EXPECT_NEAR(hits[0].distance, 0.f, 1e-5f);
    EXPECT_EQ(hits[1].id, std::int64_t(5 + poses.size()));
    EXPECT_TRUE(hits[1].mirrored);
    EXPECT_NEAR(hits[1].distance, 0.f, 1e-3f);
}

TEST(PoseIndex, StaysExactAfterAddsAndRemovesWithoutARebuild) {
    PoseIndex index;
    const auto lib = randomLibrary(1500, 4);
    fill(index, lib);
    index.rebuild();
    for (std::int64_t id = 1; id <= 1500; id += 3) EXPECT_TRUE(index.remove(id));
    EXPECT_FALSE(index.remove(1));
    fill(index, randomLibrary(400, 5), 10000);
    index.add(10000, lib[7]);  // replacing an id keeps one entry
    EXPECT_EQ(index.size(), 1500u - 500u + 400u);
    EXPECT_FALSE(index.contains(1));
    EXPECT_TRUE(index.contains(10000));
    for (const PoseDescriptor& q : randomLibrary(10, 6))
        expectSameHits(index.search(q, {}), index.searchBruteForce(q, {}));
    const auto hits = index.search(lib[7], {});
    EXPECT_TRUE(hits[0].id == 8 || hits[0].id == 10000);
    EXPECT_EQ(hits[0].distance, 0.f);
}

TEST(PoseIndex, EmptyAndUnbuiltIndexesAnswer) {
    PoseIndex index;
    const auto q = randomLibrary(1, 7)[0];
    EXPECT_TRUE(index.search(q, {}).empty());
    fill(index, randomLibrary(20, 8));  // no rebuild: exact scan
    expectSameHits(index.search(q, {}), index.searchBruteForce(q, {}));
    SearchOptions none;
    none.k = 0;
    EXPECT_TRUE(index.search(q, none).empty());
}

TEST(PoseIndex, ClearKeepsTheProjectionAndAnswersExactly) {
    PoseIndex index;
    fill(index, randomLibrary(500, 17));
    index.rebuild();
    index.clear();
    EXPECT_EQ(index.size(), 0u);
    EXPECT_EQ(index.stats().projectionDims, kDefaultProjectionDims);
    const auto lib = randomLibrary(300, 18);
    fill(index, lib);
    for (const PoseDescriptor& q : randomLibrary(5, 19))
        expectSameHits(index.search(q, {}), index.searchBruteForce(q, {}));
}

TEST(PoseIndex, ApproximateSearchReranksCandidatesExactly) {
    PoseIndex index;
    const auto lib = randomLibrary(3000, 9);
    fill(index, lib);
    IndexBuildOptions build;
    build.ivfLists = 16;
    build.ivfProbes = 4;
    index.rebuild(build);
    ASSERT_TRUE(index.stats().approximateReady);
    SearchOptions approx;
    approx.approximate = true;
    SearchOptions everything = approx;
    everything.approximateCandidates = 3000;
    for (const PoseDescriptor& q : randomLibrary(10, 10)) {
        const auto a = index.search(q, approx);
        const auto e = index.search(q, {});
        ASSERT_EQ(a.size(), e.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            // A candidate's distance is its exact one, so it never beats the exact rank i.
            EXPECT_GE(a[i].distance, e[i].distance);
            EXPECT_EQ(a[i].distance, poseDistance(q, lib[std::size_t(a[i].id - 1)], {}).distance);
        }
    }
    // Probing every list with every entry as a candidate is the exact answer.
    IndexBuildOptions all = build;
    all.ivfProbes = 16;
    index.rebuild(all);
    for (const PoseDescriptor& q : randomLibrary(5, 16))
        expectSameHits(index.search(q, everything), index.search(q, {}));
}

TEST(PoseIndex, ConcurrentQueriesAgreeWithASerialRun) {
    PoseIndex index;
    fill(index, randomLibrary(3000, 14));
    index.rebuild();
    const auto queries = randomLibrary(40, 15);
    std::vector<std::vector<IndexHit>> serial;
    for (const auto& q : queries) serial.push_back(index.search(q, {}));
    std::vector<std::thread> threads;
    std::atomic<int> mismatches{0};
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (std::size_t i = std::size_t(t); i < queries.size(); i += 2)
                if (index.search(queries[i], {}) != serial[i]) ++mismatches;
        });
    // A writer adding and removing entries far from every query while the readers search.
    threads.emplace_back([&] {
        // Two joints only: it shares too few pairs with any query to be compared, so it can
        // never enter a result (a full descriptor, once rescaled to size 1, might).
        PoseDescriptor far;
        far.joints = 0b11;
        far.values.fill(0.f);
        far.values[pairIndex(0, 1)] = 1.f;
        for (int i = 0; i < 200; ++i) {
            index.add(100000 + i, far);
            index.remove(100000 + i);
        }
    });
    for (auto& t : threads) t.join();
    EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace refpose
