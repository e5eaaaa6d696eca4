#include "TrainingRunHistory.h"

#include <QDir>

#include <algorithm>
#include <QJsonDocument>
#include <QSettings>

namespace refpose::ui {
namespace {

const QString kGroup = QStringLiteral("training/runs");

}  // namespace

QString TrainingRunRecord::modelFile() const { return QDir(folder).filePath(QStringLiteral("model.refpose")); }

QList<TrainingRunRecord> TrainingRunHistory::load() {
    QSettings settings;
    QList<TrainingRunRecord> runs;
    const int n = settings.beginReadArray(kGroup);
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        TrainingRunRecord r;
        r.folder = settings.value(QStringLiteral("folder")).toString();
        r.architecture = settings.value(QStringLiteral("architecture")).toString();
        r.dataset = settings.value(QStringLiteral("dataset")).toString();
        r.started = settings.value(QStringLiteral("started")).toString();
        r.result = settings.value(QStringLiteral("result")).toString();
        r.metrics = QJsonDocument::fromJson(settings.value(QStringLiteral("metrics")).toByteArray()).object();
        runs.append(r);
    }
    settings.endArray();
    return runs;
}

void TrainingRunHistory::save(const TrainingRunRecord& record) {
    QList<TrainingRunRecord> runs = load();
    runs.erase(std::remove_if(runs.begin(), runs.end(), [&](const auto& r) { return r.folder == record.folder; }),
               runs.end());
    runs.prepend(record);
    while (runs.size() > kMaxRuns) runs.removeLast();
    QSettings settings;
    settings.beginWriteArray(kGroup, int(runs.size()));
    for (int i = 0; i < runs.size(); ++i) {
        settings.setArrayIndex(i);
        const auto& r = runs[i];
        settings.setValue(QStringLiteral("folder"), r.folder);
        settings.setValue(QStringLiteral("architecture"), r.architecture);
        settings.setValue(QStringLiteral("dataset"), r.dataset);
        settings.setValue(QStringLiteral("started"), r.started);
        settings.setValue(QStringLiteral("result"), r.result);
        settings.setValue(QStringLiteral("metrics"), QJsonDocument(r.metrics).toJson(QJsonDocument::Compact));
    }
    settings.endArray();
}

}  // namespace refpose::ui
