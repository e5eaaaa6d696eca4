#pragma once
// The training panel: pick the annotator's COCO file, an architecture and hyper-parameters,
// run refpose-train as a child process and watch its losses and validation metrics live.
// "Stop early" finishes the run and keeps its best model; "Cancel" asks first, then kills it and
// removes only the files this Start wrote (TrainingRunFolder.h).
// The form's fields are remembered (QSettings, group training/form) and restored when built.
// A past run in the history opens (double-click or Open) to show its plots again, read from the
// event log the run left in its folder (TrainingRunLog.h); a resumed run's plots start with the
// earlier sessions' points.
// "Use this model" emits modelChosen with the exported model file (the main window loads it).

#include "TrainingRun.h"

#include <QElapsedTimer>
#include <functional>
#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace refpose::ui {

class TrainingPlots;

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget* parent = nullptr);

    void setDataset(const QString& cocoFile);
    void setRunFolder(const QString& folder);
    void setTaskModel(const QString& moveNetJson);
    // Config fields that override the form (advanced settings; also used by tests).
    void setExtraConfig(const QJsonObject& extra) { extra_ = extra; }

    // Asks a yes/no question (title, text); true means yes. The default is a QMessageBox whose
    // default button is No; tests install one that answers without a modal dialog.
    using Confirm = std::function<bool(const QString& title, const QString& text)>;
    void setConfirm(Confirm confirm) { confirm_ = std::move(confirm); }

    // The run config the form describes (refpose-train's JSON).
    QJsonObject config() const;

    TrainingPlots* plots() const { return plots_; }
    TrainingRun* run() const { return run_; }
    QString statusText() const;    // the whole status message (the label may show it cut short)
    QString etaText() const;       // progress and estimated time left; empty when no run is going
    QString estimateText() const;  // the form's estimate of the training time

public Q_SLOTS:
    void startRun();
    void resumeRun();
    void stopEarly();
    void cancelRun();
    void useModel();
    // Shows a past run's plots from its folder's event log (or summary) and offers its model.
    void openRun(const QString& runFolder);
    void openSelectedRun();
    void openHistoryRow(int row);

Q_SIGNALS:
    void modelChosen(const QString& modelFile);

private:
    QWidget* buildForm();
    QWidget* buildControls();
    void launch(bool fresh);
    void onTrainerEvent(const QJsonObject& e);
    void onState(TrainingRun::State s);
    void updateEta(const QJsonObject& step);
    void refreshHistory();
    void recordRun(const QString& result);
    void showSavedProgress(const QList<QJsonObject>& events);
    QString modelToUse() const;
    QString cancelQuestion() const;
    void restoreForm();
    void saveForm() const;
    void rememberFormChanges();
    static int countSamples(const QString& cocoFile);
    void updateEstimate();
    void recordSpeed();
    void setStatus(const QString& text);

    TrainingRun* run_;
    TrainingPlots* plots_;
    QLineEdit *dataset_, *runFolder_, *taskModel_;
    QComboBox *architecture_, *depth_;
    QSpinBox *inputSize_, *batch_, *epochs_, *patience_;
    QDoubleSpinBox* lr_;
    QCheckBox *augment_, *logScale_;
    QPushButton *start_, *resume_, *stop_, *cancel_, *use_, *open_;
    QLabel *status_, *eta_, *patienceLabel_, *estimate_;
    QTableWidget* history_;
    QString openedRun_;  // the past run on the plots (openRun), until a new run or another folder
    QJsonObject extra_;
    Confirm confirm_;
    QJsonObject lastMetrics_;
    QString started_;
    QElapsedTimer clock_;
    long firstStep_ = -1;
    long totalSteps_ = 0;
    int samples_ = -1;     // figures in the dataset, -1 when unreadable
    double speedSum_ = 0;  // images/s of this run's steps after the first
    int speedSteps_ = 0;
};

}  // namespace refpose::ui
