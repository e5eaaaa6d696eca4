// The search compressor: one search in flight, newer requests replace the pending one, the
// last request is always answered; results come from the real library.
#include "SearchScheduler.h"
#include "TestPaths.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

#include <vector>

using namespace refpose;
using namespace refpose::ui;

namespace {
class SearchSchedulerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        test::ensureApplication();
        lib = new test::FigureLibrary(test::makeFigureLibrary(test::freshTempDir(), 12));
    }
    static void TearDownTestSuite() { delete lib; }
    static PoseQuery queryFor(int figure, std::size_t k = 5) {
        PoseQuery q;
        q.pose = lib->figures.at(std::size_t(figure)).second;
        q.options.k = k;
        return q;
    }
    static test::FigureLibrary* lib;
};
test::FigureLibrary* SearchSchedulerTest::lib = nullptr;
}  // namespace

TEST_F(SearchSchedulerTest, AFigureFindsItselfFirstWithItsThumbnail) {
    const QueryResult r = runQuery(*lib->library, queryFor(3));
    ASSERT_EQ(r.items.size(), 5u);
    EXPECT_EQ(r.items[0].hit.entry.imagePath, lib->figures[3].first.string());
    EXPECT_NEAR(r.items[0].hit.distance, 0.f, 1e-3);
    EXPECT_FALSE(r.items[0].thumbnail.isNull());
    for (std::size_t i = 1; i < r.items.size(); ++i) EXPECT_GE(r.items[i].hit.distance, r.items[i - 1].hit.distance);
}

// Issue 12: a query estimated from a library image does not get that image back as a result,
// and still gets k results.
TEST_F(SearchSchedulerTest, TheQuerysOwnImageIsNotAResult) {
    PoseQuery q = queryFor(3);
    q.sourceImage = lib->figures[3].first.string();
    const QueryResult r = runQuery(*lib->library, q);
    ASSERT_EQ(r.items.size(), 5u);
    for (const auto& item : r.items) EXPECT_NE(item.hit.entry.imagePath, q.sourceImage);
    EXPECT_GT(r.items[0].hit.distance, 1e-3f);
    // Without the source image the same query finds itself first (AFigureFindsItselfFirst...).
    EXPECT_EQ(runQuery(*lib->library, queryFor(3)).items[0].hit.entry.imagePath, q.sourceImage);
}

TEST_F(SearchSchedulerTest, BurstsOfRequestsRunAtMostOneAtATimeAndAnswerTheLast) {
    SearchScheduler scheduler;
    scheduler.setLibrary(lib->library);
    std::vector<QueryResult> results;
    QObject::connect(&scheduler, &SearchScheduler::resultsReady, [&](const SearchOutcome& r) {
        ASSERT_TRUE(r.ok()) << r.error().toStdString();
        results.push_back(r.value());
    });
    constexpr int kRequests = 50;
    for (int i = 0; i < kRequests; ++i) scheduler.request(queryFor(i % 12));
    ASSERT_TRUE(test::waitUntil([&] { return !scheduler.busy(); }));
    // The first starts at once; the other 49 wait in the one pending slot, each replacing the
    // one before (48 replaced); the last runs.
    EXPECT_EQ(scheduler.started(), 2u);
    EXPECT_EQ(scheduler.superseded(), quint64(kRequests - 2));
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results.back().items.at(0).hit.entry.imagePath, lib->figures[(kRequests - 1) % 12].first.string());
}

TEST_F(SearchSchedulerTest, WithoutALibraryTheAnswerIsAnErrorNotACrash) {
    SearchScheduler scheduler;
    std::vector<SearchOutcome> answers;
    QObject::connect(&scheduler, &SearchScheduler::resultsReady, [&](const SearchOutcome& r) { answers.push_back(r); });
    scheduler.request(queryFor(0));
    ASSERT_EQ(answers.size(), 1u);
    ASSERT_FALSE(answers[0].ok());
    EXPECT_EQ(answers[0].error(), QStringLiteral("No library is open yet."));
    EXPECT_FALSE(scheduler.busy());
}

TEST_F(SearchSchedulerTest, PartialQueriesCountOnlyTheChosenJoints) {
    // The left arm of figure 5 grafted onto figure 2: a left-arm query finds figure 5 first.
    PoseQuery q = queryFor(2);
    const Pose& five = lib->figures[5].second;
    for (Kp k : {Kp::LeftElbow, Kp::LeftWrist, Kp::LeftUpperArm, Kp::LeftForearm}) q.pose[k] = five[k];
    q.options.mirror = false;
    JointFlags arm{};
    for (Kp k : {Kp::LeftShoulder, Kp::RightShoulder, Kp::LeftElbow, Kp::LeftWrist, Kp::LeftUpperArm, Kp::LeftForearm})
        arm[idx(k)] = true;
    q.part = arm;
    q.options.joints = toBits(arm);
    const QueryResult r = runQuery(*lib->library, q);
    ASSERT_FALSE(r.items.empty());
    EXPECT_EQ(r.items[0].hit.entry.imagePath, lib->figures[5].first.string());
}
