#include "TrainingRunLog.h"

#include "TestPaths.h"

#include <gtest/gtest.h>

#include <QJsonDocument>

#include <fstream>

using namespace refpose;
using namespace refpose::ui;

namespace {

QJsonObject step(int s) { return {{"event", "step"}, {"step", s}, {"loss", 1.0 / s}}; }
QJsonObject epoch(int e, int s) { return {{"event", "epoch"}, {"epoch", e}, {"step", s}, {"metrics", QJsonObject{}}}; }
QJsonObject start(bool resumed, int firstStep) {
    return {{"event", "start"}, {"resumed", resumed}, {"first_step", firstStep}};
}

QList<int> stepsOf(const QList<QJsonObject>& events, const char* kind) {
    QList<int> steps;
    for (const auto& e : events)
        if (e["event"].toString() == QLatin1String(kind)) steps << e["step"].toInt();
    return steps;
}

}  // namespace

// A session killed at step 7 had saved its checkpoint at step 4: the resumed session redoes 5-7,
// so the killed session's 5-7 are dropped and the plots hold each step once.
TEST(TrainingRunLog, AResumeDropsTheStepsItRedoes) {
    const QList<QJsonObject> log = {start(false, 0), step(1), step(2),     epoch(1, 2), step(3), step(4),
                                    epoch(2, 4),     step(5), step(6),     epoch(3, 6), step(7), start(true, 4),
                                    step(5),         step(6), epoch(3, 6), step(7),     step(8)};
    const auto kept = TrainingRunLog::replay(log);
    EXPECT_EQ(stepsOf(kept, "step"), (QList<int>{1, 2, 3, 4, 5, 6, 7, 8}));
    EXPECT_EQ(stepsOf(kept, "epoch"), (QList<int>{2, 4, 6}));
}

TEST(TrainingRunLog, ReadsTheFoldersLogSkippingACutLine) {
    const auto dir = test::freshTempDir();
    {
        std::ofstream out(dir / "events.jsonl");
        for (const auto& e : {start(false, 0), step(1), step(2)})
            out << QJsonDocument(e).toJson(QJsonDocument::Compact).toStdString() << '\n';
        out << "{\"event\":\"step\",\"st";  // the trainer killed mid-line
    }
    const auto events = TrainingRunLog::read(QString::fromStdString(dir.string()));
    EXPECT_EQ(stepsOf(events, "step"), (QList<int>{1, 2}));
}

// A run without a log (from before it, or run from the command line) still has its summary.
TEST(TrainingRunLog, FallsBackToTheSummaryThenToNothing) {
    const auto dir = test::freshTempDir();
    const QString folder = QString::fromStdString(dir.string());
    EXPECT_TRUE(TrainingRunLog::read(folder).isEmpty());
    EXPECT_TRUE(TrainingRunLog::read(QStringLiteral("/nonexistent/run")).isEmpty());
    std::ofstream(dir / "summary.json") << R"({"event":"finished","best_epoch":5,"best_metrics":{"OKS@50":0.5}})";
    const auto events = TrainingRunLog::read(folder);
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0]["best_epoch"].toInt(), 5);
}
