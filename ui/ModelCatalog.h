#pragma once
// The pose models the user can choose between: the built-in ones in the models folder (RefPose
// illustrated, MoveNet Thunder, MoveNet Lightning) and the models of past training runs, each
// with a display name and its validation OKS@50 where one was measured.

#include <QList>
#include <QString>

#include <optional>

namespace refpose::ui {

struct ModelChoice {
    QString name;                 // "RefPose illustrated", "MoveNet Thunder", or a run's folder name
    QString file;                 // the model file PoseEstimator::open takes
    std::optional<double> oks50;  // validation OKS@50: the comparison score (illustrations-dev for built-ins)
    QString metricNote;           // how that score was measured, for the menu's tooltip
    bool builtIn = false;

    // "RefPose illustrated — OKS@50 0.80": the name with its score, as the menu shows it.
    QString label() const;
};

// Where the app starts: the model to open and, when the remembered one could not be used, why.
struct StartModel {
    QString file;
    QString notice;  // empty unless the remembered model was missing
};

class ModelCatalog {
public:
    // The built-in models found in `modelsDir`, scores read from the RefPose model's manifest
    // (which also carries MoveNet Thunder's score on the same images).
    static QList<ModelChoice> builtIns(const QString& modelsDir);
    // The training runs whose exported model still exists, newest first; the score is the run's
    // best validation OKS@50 (history, else the run's summary.json).
    static QList<ModelChoice> trainedModels();
    // Built-ins, then trained models.
    static QList<ModelChoice> all(const QString& modelsDir);

    // The entry for `file` (same file, wherever its path points), else a choice named after the
    // file: a run's folder name for a run's "model.refpose", else the file name without suffix.
    static ModelChoice describe(const QString& file, const QList<ModelChoice>& known);

    // The command line's model when given, else the remembered one when it still exists, else the
    // default (with a notice naming the missing file).
    static StartModel startModel(const QString& defaultFile, const QString& commandLineFile, const QString& remembered);

    static QString defaultModelFile(const QString& modelsDir);
};

}  // namespace refpose::ui
