// The background-job primitives (ui/LatestWinsRunner.h, qtcommon/BackgroundJob.h): the newest request
// wins and overtaken answers are dropped (or delivered in order when asked), a job's exception
// arrives as its own message, nothing waits for a job when its owner goes, and a long job's
// progress reaches the GUI thread while its cancel still lets it hand back what it did.
#include "BackgroundJob.h"
#include "LatestWinsRunner.h"
#include "UiTestSupport.h"

#include <QCoreApplication>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace refpose;
using namespace refpose::ui;

namespace {

// A door the first job waits at, so that later requests arrive while it is in flight.
struct Gate {
    std::atomic<bool> open{false};
    void waitOpen() const {
        while (!open.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
};

using Runner = LatestWinsRunner<int, int>;

// Request n answers n * 10; request 1 waits at the gate first.
Runner::Job gatedTimesTen(std::shared_ptr<Gate> gate) {
    return [gate](const int& n) {
        if (n == 1) gate->waitOpen();
        return n * 10;
    };
}

std::vector<int> runBurst(Runner::Stale stale, quint64* superseded, quint64* dropped) {
    auto gate = std::make_shared<Gate>();
    std::vector<int> answers;
    Runner runner(
        gatedTimesTen(gate), [&](const int&, const JobOutcome<int>& o) { answers.push_back(o.value()); }, stale);
    for (int n = 1; n <= 5; ++n) runner.request(n);  // 1 runs; 2, 3, 4 are replaced in turn by 5
    gate->open = true;
    EXPECT_TRUE(refpose::test::waitUntil([&] { return !runner.busy(); }));
    EXPECT_EQ(runner.started(), 2u);
    *superseded = runner.superseded();
    *dropped = runner.dropped();
    return answers;
}

}  // namespace

TEST(LatestWinsRunnerTest, OnlyTheNewestRequestIsAnsweredAndTheOvertakenAnswerIsDropped) {
    refpose::test::ensureApplication();
    quint64 superseded = 0, dropped = 0;
    const std::vector<int> answers = runBurst(Runner::Stale::Drop, &superseded, &dropped);
    EXPECT_EQ(answers, std::vector<int>{50});
    EXPECT_EQ(superseded, 3u);
    EXPECT_EQ(dropped, 1u);
}

TEST(LatestWinsRunnerTest, WithStaleDeliverTheOvertakenAnswerStillArrivesFirst) {
    refpose::test::ensureApplication();
    quint64 superseded = 0, dropped = 0;
    const std::vector<int> answers = runBurst(Runner::Stale::Deliver, &superseded, &dropped);
    EXPECT_EQ(answers, (std::vector<int>{10, 50}));
    EXPECT_EQ(superseded, 3u);
    EXPECT_EQ(dropped, 0u);
}

TEST(LatestWinsRunnerTest, AJobsExceptionArrivesAsItsOwnMessage) {
    refpose::test::ensureApplication();
    std::vector<QString> errors;
    Runner runner(
        [](const int& n) -> int {
            if (n == 1) throw std::runtime_error("library.sqlite: database is locked");
            throw 42;  // not a std::exception
        },
        [&](const int&, const JobOutcome<int>& o) {
            EXPECT_FALSE(o.ok());
            errors.push_back(o.error());
        });
    runner.request(1);
    ASSERT_TRUE(refpose::test::waitUntil([&] { return !runner.busy(); }));
    runner.request(2);
    ASSERT_TRUE(refpose::test::waitUntil([&] { return !runner.busy(); }));
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0], QStringLiteral("library.sqlite: database is locked"));
    EXPECT_EQ(errors[1], QStringLiteral("unknown error (not a std::exception)"));
}

TEST(LatestWinsRunnerTest, DestroyingTheRunnerNeitherWaitsForItsJobNorDeliversItsAnswer) {
    refpose::test::ensureApplication();
    auto gate = std::make_shared<Gate>();
    auto finished = std::make_shared<std::atomic<bool>>(false);
    int delivered = 0;
    auto runner = std::make_unique<Runner>(
        [gate, finished](const int&) {
            gate->waitOpen();
            finished->store(true);
            return 0;
        },
        [&](const int&, const JobOutcome<int>&) { ++delivered; });
    runner->request(1);
    runner.reset();  // would never return if it waited: the gate is still shut
    EXPECT_FALSE(finished->load());
    gate->open = true;
    ASSERT_TRUE(refpose::test::waitUntil([&] { return finished->load(); }));
    QCoreApplication::processEvents();
    EXPECT_EQ(delivered, 0);
}

TEST(BackgroundJobTest, ProgressArrivesAndACancelledJobStillHandsBackWhatItDid) {
    refpose::test::ensureApplication();
    constexpr int kSteps = 2000;  // 2 ms each: far longer than the test waits before cancelling
    QObject context;
    std::vector<JobProgress> seen;
    std::optional<JobOutcome<int>> answer;
    const CancelHandle handle = runWithProgress(
        &context,
        [](const JobContext& job) {
            int done = 0;
            while (done < kSteps && !job.cancelRequested()) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                job.report({++done, kSteps, QStringLiteral("step %1").arg(done)});
            }
            return done;
        },
        [&](const JobOutcome<int>& o) { answer = o; }, [&](const JobProgress& p) { seen.push_back(p); });
    ASSERT_TRUE(refpose::test::waitUntil([&] { return !seen.empty(); }));
    handle.cancel();
    ASSERT_TRUE(refpose::test::waitUntil([&] { return answer.has_value(); }));
    ASSERT_TRUE(answer->ok()) << answer->error().toStdString();
    EXPECT_GE(answer->value(), seen.back().done);
    EXPECT_LT(answer->value(), kSteps);
    EXPECT_EQ(seen.back().total, kSteps);
    EXPECT_EQ(seen.back().text, QStringLiteral("step %1").arg(seen.back().done));
}

TEST(BackgroundJobTest, AnAnswerForADestroyedContextIsDropped) {
    refpose::test::ensureApplication();
    auto gate = std::make_shared<Gate>();
    auto finished = std::make_shared<std::atomic<bool>>(false);
    int delivered = 0;
    auto context = std::make_unique<QObject>();
    runInBackground(
        context.get(),
        [gate, finished] {
            gate->waitOpen();
            finished->store(true);
        },
        [&](const JobOutcome<Done>&) { ++delivered; });
    context.reset();
    gate->open = true;
    ASSERT_TRUE(refpose::test::waitUntil([&] { return finished->load(); }));
    QCoreApplication::processEvents();
    EXPECT_EQ(delivered, 0);
}
