#include "TrainingRunFolder.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace refpose::ui {
namespace {

// The files a pose or tagger run writes (training/TrainConfig.h, Trainer.cpp, TaggerTrainer.cpp)
// and the config and event log the panel writes (TrainingRunLog.h); STOP is the graceful-stop
// request file.
const QStringList kRunFiles = {QStringLiteral("run.json"),     QStringLiteral("checkpoint.pt"),
                               QStringLiteral("best.pt"),      QStringLiteral("model.refpose"),
                               QStringLiteral("summary.json"), QStringLiteral("tagger.pt"),
                               QStringLiteral("events.jsonl"), QStringLiteral("STOP")};

// writeFileAtomically's temporary: "." + target name + "." + six mkstemp characters.
bool isTemporaryOfRunFile(const QString& name) {
    static const QRegularExpression pattern(QStringLiteral("^\\.(.+)\\.[A-Za-z0-9]{6}$"));
    const auto m = pattern.match(name);
    return m.hasMatch() && kRunFiles.contains(m.captured(1));
}

QStringList runOutputsIn(const QString& folder) {
    QStringList found;
    const QDir dir(folder);
    if (!dir.exists()) return found;
    for (const QString& name : dir.entryList(QDir::Files | QDir::Hidden | QDir::System))
        if (TrainingRunFolder::isRunOutputName(name)) found << name;
    return found;
}

}  // namespace

bool TrainingRunFolder::isRunOutputName(const QString& fileName) {
    return kRunFiles.contains(fileName) || isTemporaryOfRunFile(fileName);
}

TrainingRunFolder TrainingRunFolder::take(const QString& folder) {
    TrainingRunFolder f;
    f.folder_ = folder;
    f.existedBefore_ = QDir(folder).exists();
    for (const QString& name : runOutputsIn(folder)) f.outputsBefore_.insert(name);
    return f;
}

QStringList TrainingRunFolder::newOutputs() const {
    QStringList fresh;
    if (folder_.isEmpty()) return fresh;
    for (const QString& name : runOutputsIn(folder_))
        if (!outputsBefore_.contains(name)) fresh << name;
    return fresh;
}

QStringList TrainingRunFolder::discardNewOutputs() const {
    QStringList failed;
    const QDir dir(folder_);
    for (const QString& name : newOutputs())
        if (!QFile::remove(dir.filePath(name))) failed << name;
    // rmdir removes only an empty folder: anything the user put there meanwhile keeps it.
    if (createdByThisRun() && dir.exists() &&
        dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
        QDir().rmdir(folder_);
    return failed;
}

}  // namespace refpose::ui
