#pragma once
// One refpose-train child process and its JSON-lines progress, as Qt signals. The GUI never
// waits on it: QProcess delivers output on the event loop.
//   stop early: a "stop" line on stdin plus the run's STOP file; the trainer finishes the step,
//               saves a checkpoint and exports the best model ("finished", reason "stopped").
//   log:        every event line is appended to the run folder's events.jsonl (TrainingRunLog.h),
//               so a past or resumed run can be plotted again.
//   cancel:     kill the process and remove only the files this Start created in the run folder
//               (TrainingRunFolder.h: never the user's files, never an earlier session's checkpoint;
//               the folder itself only when this Start created it and it is left empty).

#include "TrainingRunFolder.h"

#include <QFile>
#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QString>

namespace refpose::ui {

class TrainingRun : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Running, Stopping, Finished, Cancelled, Failed };
    Q_ENUM(State)

    explicit TrainingRun(QObject* parent = nullptr);
    ~TrainingRun() override;

    // refpose-train beside the program, else in the build tree (util/InstallLayout.h).
    static QString defaultTrainerPath();

    // Starts (or resumes: the trainer resumes from the run folder's checkpoint) a run. before is
    // the run folder as it was before the caller wrote the config into it: Cancel keeps what it held.
    void start(const QString& configFile, const TrainingRunFolder& before);
    void requestStop();
    void cancel();

    State state() const { return state_; }
    QString runFolder() const { return folder_.folder(); }
    // The run's files that cancel() would remove now (names inside runFolder()).
    QStringList filesCancelRemoves() const { return folder_.newOutputs(); }

Q_SIGNALS:
    void stateChanged(refpose::ui::TrainingRun::State state);
    void trainerEvent(const QJsonObject& event);  // every JSON line (start, step, epoch, checkpoint, ...)
    void failed(const QString& message);

private:
    void readLines();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void setState(State s);

    QString trainerPath_;
    TrainingRunFolder folder_;
    QProcess process_;
    QByteArray pending_;
    QString lastError_;
    QFile log_;  // the run folder's events.jsonl (TrainingRunLog.h), appended line by line
    State state_ = State::Idle;
};

}  // namespace refpose::ui
