#pragma once
// The history of training runs (QSettings): each run's folder, architecture, dataset, result
// and final metric table, newest first.

#include <QJsonObject>
#include <QList>
#include <QString>

namespace refpose::ui {

struct TrainingRunRecord {
    QString folder, architecture, dataset, started, result;
    QJsonObject metrics;  // the best validation's metrics
    QString modelFile() const;
};

class TrainingRunHistory {
public:
    static QList<TrainingRunRecord> load();
    // Adds or replaces (same folder) a record, keeping at most kMaxRuns.
    static void save(const TrainingRunRecord& record);

    // Runs kept in the history.
    static constexpr int kMaxRuns = 50;
};

}  // namespace refpose::ui
