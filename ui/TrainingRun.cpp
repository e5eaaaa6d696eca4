#include "TrainingRun.h"

#include "TrainingRunLog.h"
#include "util/InstallLayout.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace refpose::ui {

TrainingRun::TrainingRun(QObject* parent) : QObject(parent), trainerPath_(defaultTrainerPath()) {
    process_.setProcessChannelMode(QProcess::SeparateChannels);
    connect(&process_, &QProcess::readyReadStandardOutput, this, &TrainingRun::readLines);
    connect(&process_, &QProcess::finished, this, &TrainingRun::onFinished);
    connect(&process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) {
            setState(State::Failed);
            Q_EMIT failed(tr("Cannot start the trainer %1: %2").arg(trainerPath_, process_.errorString()));
        }
    });
}

TrainingRun::~TrainingRun() {
    if (process_.state() != QProcess::NotRunning) {
        process_.kill();
        process_.waitForFinished(3000);
    }
}

QString TrainingRun::defaultTrainerPath() { return QString::fromStdString(trainerProgram().string()); }

void TrainingRun::start(const QString& configFile, const TrainingRunFolder& before) {
    if (process_.state() != QProcess::NotRunning) return;
    folder_ = before;
    pending_.clear();
    lastError_.clear();
    log_.close();
    log_.setFileName(TrainingRunLog::fileIn(runFolder()));
    // Without a log the run still trains; only its plots cannot be shown again later.
    if (!log_.open(QIODevice::WriteOnly | QIODevice::Append)) log_.setFileName(QString());
    setState(State::Running);
    process_.start(trainerPath_, {QStringLiteral("--config"), configFile, QStringLiteral("--stdin-control")});
}

void TrainingRun::requestStop() {
    if (state_ != State::Running) return;
    setState(State::Stopping);
    process_.write("stop\n");
    // The STOP file reaches the trainer too when its stdin is not read (belt and braces).
    QFile stop(QDir(runFolder()).filePath(QStringLiteral("STOP")));
    if (stop.open(QIODevice::WriteOnly)) stop.close();
}

void TrainingRun::cancel() {
    if (state_ != State::Running && state_ != State::Stopping) return;
    setState(State::Cancelled);
    process_.kill();
    process_.waitForFinished(3000);
    log_.close();
    // Never removeRecursively: the folder may be the user's dataset folder or hold an earlier
    // session's checkpoints. Only what this Start wrote goes (see TrainingRunFolder.h).
    const QStringList kept = folder_.discardNewOutputs();
    if (!kept.isEmpty())
        Q_EMIT failed(
            tr("Cancelled, but could not remove %1 from %2").arg(kept.join(QStringLiteral(", ")), runFolder()));
}

void TrainingRun::readLines() {
    pending_ += process_.readAllStandardOutput();
    int newline;
    while ((newline = pending_.indexOf('\n')) >= 0) {
        const QByteArray line = pending_.left(newline);
        pending_.remove(0, newline + 1);
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (!doc.isObject()) continue;
        const QJsonObject e = doc.object();
        if (log_.isOpen()) {
            log_.write(line + '\n');
            log_.flush();  // a later Open or Resume reads it while this run goes on
        }
        if (e.value(QStringLiteral("event")).toString() == QStringLiteral("error"))
            lastError_ = e.value(QStringLiteral("message")).toString();
        Q_EMIT trainerEvent(e);
    }
}

void TrainingRun::onFinished(int exitCode, QProcess::ExitStatus status) {
    readLines();
    log_.close();
    if (state_ == State::Cancelled) return;
    if (status == QProcess::NormalExit && exitCode == 0) {
        setState(State::Finished);
        return;
    }
    setState(State::Failed);
    const QString stderrText = QString::fromUtf8(process_.readAllStandardError()).trimmed();
    Q_EMIT failed(!lastError_.isEmpty()
                      ? lastError_
                      : tr("The trainer stopped unexpectedly (exit code %1). %2").arg(exitCode).arg(stderrText));
}

void TrainingRun::setState(State s) {
    if (s == state_) return;
    state_ = s;
    Q_EMIT stateChanged(s);
}

}  // namespace refpose::ui
