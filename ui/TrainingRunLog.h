#pragma once
// A run's progress, kept in its run folder so a past or resumed run can be plotted again.
// refpose-train prints its events (start, step, epoch, checkpoint, finished, ...) on stdout only;
// the panel's TrainingRun appends each line to RUN/events.jsonl as it arrives. A resumed session
// starts again from its checkpoint's step, so events of an earlier session past that step (the
// steps a cancelled or killed session did after its last checkpoint) were undone: read() drops
// them. A run folder without a log (a run from before the log, or one run from the command line)
// still has summary.json, the trainer's "finished" event: read() returns that.

#include <QJsonObject>
#include <QList>
#include <QString>

namespace refpose::ui {

class TrainingRunLog {
public:
    static constexpr const char* kFileName = "events.jsonl";
    static QString fileIn(const QString& runFolder);

    // The run's events in order, superseded ones dropped; empty when the folder has neither a
    // log nor a summary. Lines that are not JSON objects (a line cut short by a crash) are skipped.
    static QList<QJsonObject> read(const QString& runFolder);
    // The events that still stand after each "start" with first_step S undid the steps past S.
    static QList<QJsonObject> replay(const QList<QJsonObject>& events);
};

}  // namespace refpose::ui
