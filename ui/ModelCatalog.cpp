#include "ModelCatalog.h"

#include "TrainingRunHistory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace refpose::ui {
namespace {

const QString kOks50 = QStringLiteral("OKS@50");
const QString kRunModelStem = QStringLiteral("model");  // every run exports <run>/model.refpose

QString tr(const char* text) { return QCoreApplication::translate("refpose::ui::ModelCatalog", text); }

QJsonObject readJsonObject(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

std::optional<double> oks50Of(const QJsonObject& metrics) {
    const QJsonValue v = metrics.value(kOks50);
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

// The same file, however its path is written (relative, through a link).
bool sameFile(const QString& a, const QString& b) {
    const QString ca = QFileInfo(a).canonicalFilePath(), cb = QFileInfo(b).canonicalFilePath();
    return ca.isEmpty() || cb.isEmpty() ? QFileInfo(a).absoluteFilePath() == QFileInfo(b).absoluteFilePath() : ca == cb;
}

}  // namespace

QString ModelChoice::label() const {
    if (!oks50) return name;
    return tr("%1 — OKS@50 %2").arg(name, QString::number(*oks50, 'f', 2));
}

QString ModelCatalog::defaultModelFile(const QString& modelsDir) {
    return QDir(modelsDir).filePath(QStringLiteral("refpose-illustrated.refpose"));
}

QList<ModelChoice> ModelCatalog::builtIns(const QString& modelsDir) {
    const QDir dir(modelsDir);
    // The manifest measured both the RefPose model and plain Thunder on illustrations-dev (the
    // images no model trained on): the same images as a training run's default validation set.
    const QJsonObject metrics = readJsonObject(dir.filePath(QStringLiteral("refpose-illustrated.manifest.json")))
                                    .value(QStringLiteral("metrics"))
                                    .toObject();
    const QJsonObject dev = metrics.value(QStringLiteral("illustrations_dev")).toObject();
    const QJsonObject folds = metrics.value(QStringLiteral("heldout_folds_mean_same_recipe")).toObject();
    const QJsonObject thunderDev = metrics.value(QStringLiteral("illustrations_dev_thunder")).toObject();

    ModelChoice refpose{tr("RefPose illustrated"), defaultModelFile(modelsDir), oks50Of(dev), {}, true};
    refpose.metricNote =
        tr("OKS@50 %1 on illustrations-dev, %2 on held-out folds (models/refpose-illustrated.manifest.json)")
            .arg(oks50Of(dev).value_or(0), 0, 'f', 3)
            .arg(oks50Of(folds).value_or(0), 0, 'f', 3);
    ModelChoice thunder{
        tr("MoveNet Thunder"), dir.filePath(QStringLiteral("movenet-thunder.json")), oks50Of(thunderDev), {}, true};
    thunder.metricNote = tr("OKS@50 %1 on illustrations-dev (models/refpose-illustrated.manifest.json)")
                             .arg(oks50Of(thunderDev).value_or(0), 0, 'f', 3);
    ModelChoice lightning{tr("MoveNet Lightning"), dir.filePath(QStringLiteral("movenet-lightning.json")), std::nullopt,
                          tr("Not measured on illustrations"), true};

    QList<ModelChoice> found;
    for (const ModelChoice& c : {refpose, thunder, lightning})
        if (QFileInfo::exists(c.file)) found << c;
    return found;
}

QList<ModelChoice> ModelCatalog::trainedModels() {
    QList<ModelChoice> found;
    for (const TrainingRunRecord& run : TrainingRunHistory::load()) {
        if (!QFileInfo::exists(run.modelFile())) continue;
        ModelChoice c;
        c.name = QFileInfo(run.folder).fileName();
        c.file = run.modelFile();
        c.oks50 = oks50Of(run.metrics);
        if (!c.oks50)
            c.oks50 = oks50Of(readJsonObject(QDir(run.folder).filePath(QStringLiteral("summary.json")))
                                  .value(QStringLiteral("best_metrics"))
                                  .toObject());
        c.metricNote = c.oks50 ? tr("Best validation OKS@50 of the run in %1").arg(QDir::toNativeSeparators(run.folder))
                               : tr("The run in %1 has no validation score").arg(QDir::toNativeSeparators(run.folder));
        found << c;
    }
    return found;
}

QList<ModelChoice> ModelCatalog::all(const QString& modelsDir) { return builtIns(modelsDir) + trainedModels(); }

ModelChoice ModelCatalog::describe(const QString& file, const QList<ModelChoice>& known) {
    for (const ModelChoice& c : known)
        if (sameFile(c.file, file)) return c;
    const QFileInfo info(file);
    ModelChoice c;
    c.file = file;
    // A run's model is always "model.refpose": its folder is what tells runs apart.
    c.name = info.completeBaseName() == kRunModelStem ? info.absoluteDir().dirName() : info.completeBaseName();
    return c;
}

StartModel ModelCatalog::startModel(const QString& defaultFile, const QString& commandLineFile,
                                    const QString& remembered) {
    if (!commandLineFile.isEmpty()) return {commandLineFile, {}};
    if (remembered.isEmpty()) return {defaultFile, {}};
    if (QFileInfo::exists(remembered)) return {remembered, {}};
    return {defaultFile,
            tr("The model chosen last time, %1, is missing: using %2 instead. Choose another in the Model menu.")
                .arg(QDir::toNativeSeparators(remembered),
                     describe(defaultFile, builtIns(QFileInfo(defaultFile).absolutePath())).name)};
}

}  // namespace refpose::ui
