#include "TrainingRunLog.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace refpose::ui {
namespace {

QString kind(const QJsonObject& e) { return e.value(QStringLiteral("event")).toString(); }

// Events that describe training progress at a step, which a resume from an earlier step undoes.
bool isProgressAt(const QJsonObject& e, qint64 step) {
    const QString k = kind(e);
    const bool progress =
        k == QStringLiteral("step") || k == QStringLiteral("epoch") || k == QStringLiteral("checkpoint");
    return progress && e.value(QStringLiteral("step")).toInteger() > step;
}

QJsonObject readObject(const QString& file) {
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(in.readAll()).object();
}

}  // namespace

QString TrainingRunLog::fileIn(const QString& runFolder) { return QDir(runFolder).filePath(QLatin1String(kFileName)); }

QList<QJsonObject> TrainingRunLog::read(const QString& runFolder) {
    QFile in(fileIn(runFolder));
    if (!in.open(QIODevice::ReadOnly)) {
        const QJsonObject summary = readObject(QDir(runFolder).filePath(QStringLiteral("summary.json")));
        return summary.isEmpty() ? QList<QJsonObject>{} : QList<QJsonObject>{summary};
    }
    QList<QJsonObject> events;
    while (!in.atEnd()) {
        const QJsonDocument doc = QJsonDocument::fromJson(in.readLine());
        if (doc.isObject()) events << doc.object();
    }
    return replay(events);
}

QList<QJsonObject> TrainingRunLog::replay(const QList<QJsonObject>& events) {
    QList<QJsonObject> kept;
    for (const QJsonObject& e : events) {
        if (kind(e) == QStringLiteral("start") && e.value(QStringLiteral("resumed")).toBool()) {
            const qint64 from = e.value(QStringLiteral("first_step")).toInteger();
            kept.removeIf([from](const QJsonObject& earlier) { return isProgressAt(earlier, from); });
        }
        kept << e;
    }
    return kept;
}

}  // namespace refpose::ui
