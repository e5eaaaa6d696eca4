#include "TrainingPanel.h"

#include "TrainingPlots.h"
#include "TrainingRunLog.h"
#include "TrainingRunHistory.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>

namespace refpose::ui {
namespace {

// Paper defaults (section 5): Adam, learning rate 1e-3, batch 32, ResNet-50, 256-pixel crops.
constexpr double kDefaultLr = 1e-3;
constexpr int kDefaultBatch = 32;
constexpr int kDefaultEpochs = 50;
constexpr int kDefaultPatience = 10;
constexpr int kDefaultInput = 256;
// The QSettings group holding the form's last values.
const QString kFormGroup = QStringLiteral("training/form");
// The QSettings key prefix (+ architecture) of the measured training speed, images per second.
const QString kRateGroup = QStringLiteral("training/images_per_s/");
// Lines of the status message shown under the buttons (the whole message is in its tooltip).
constexpr int kStatusLines = 3;
// The metric columns of the history table, in the paper's order.
const QStringList kMetricColumns = {QStringLiteral("OKS@50"), QStringLiteral("OKS@75"), QStringLiteral("PCKh@50"),
                                    QStringLiteral("PDJ@20"), QStringLiteral("PCPm@50")};

QString duration(qint64 seconds) {
    if (seconds < 0) return QStringLiteral("-");
    return QStringLiteral("%1:%2:%3")
        .arg(seconds / 3600)
        .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QString defaultRunFolder() {
    const QString base = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    return QDir(base).filePath(QStringLiteral("runs/") +
                               QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
}

// A form row whose label and field both carry the tooltip that explains the term. A field
// without its own row layout (row null) goes in alone.
void addExplainedRow(QFormLayout* form, const QString& label, QHBoxLayout* row, QWidget* field, const QString& tip) {
    auto* name = new QLabel(label);
    name->setToolTip(tip);
    field->setToolTip(tip);
    if (row)
        form->addRow(name, row);
    else
        form->addRow(name, field);
}

QLineEdit* pathEdit(QWidget* parent, QHBoxLayout*& row, const QString& filter, bool folder) {
    auto* edit = new QLineEdit(parent);
    auto* browse = new QPushButton(QObject::tr("Browse…"), parent);
    row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, parent, [=] {
        const QString p =
            folder ? QFileDialog::getExistingDirectory(parent, QObject::tr("Choose a folder"), edit->text())
                   : QFileDialog::getOpenFileName(parent, QObject::tr("Choose a file"), edit->text(), filter);
        if (!p.isEmpty()) edit->setText(p);
    });
    return edit;
}

}  // namespace

TrainingPanel::TrainingPanel(QWidget* parent)
    : QWidget(parent), run_(new TrainingRun(this)), plots_(new TrainingPlots(this)) {
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->addWidget(buildForm());
    leftLayout->addWidget(buildControls());
    history_ = new QTableWidget(0, 3 + int(kMetricColumns.size()), this);
    QStringList headers = {tr("Run"), tr("Architecture"), tr("Result")};
    headers += kMetricColumns;
    history_->setHorizontalHeaderLabels(headers);
    history_->setSelectionBehavior(QAbstractItemView::SelectRows);
    history_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    history_->horizontalHeader()->setStretchLastSection(true);
    history_->setToolTip(tr("Double-click a run to see its plots again and to use its model"));
    open_ = new QPushButton(tr("Open run"), this);
    open_->setObjectName(QStringLiteral("openRun"));
    open_->setToolTip(history_->toolTip());
    auto* historyTitle = new QHBoxLayout;
    historyTitle->addWidget(new QLabel(tr("Runs"), this), 1);
    historyTitle->addWidget(open_);
    leftLayout->addLayout(historyTitle);
    leftLayout->addWidget(history_, 1);
    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(plots_);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(splitter);
    confirm_ = [this](const QString& title, const QString& text) {
        return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No) ==
               QMessageBox::Yes;
    };
    connect(run_, &TrainingRun::trainerEvent, this, &TrainingPanel::onTrainerEvent);
    connect(run_, &TrainingRun::stateChanged, this, &TrainingPanel::onState);
    connect(run_, &TrainingRun::failed, this, [this](const QString& m) { setStatus(tr("Failed: %1").arg(m)); });
    connect(history_, &QTableWidget::itemSelectionChanged, this, [this] { onState(run_->state()); });
    connect(history_, &QTableWidget::cellDoubleClicked, this, [this](int row) { openHistoryRow(row); });
    connect(open_, &QPushButton::clicked, this, &TrainingPanel::openSelectedRun);
    connect(runFolder_, &QLineEdit::textChanged, this, [this] {
        openedRun_.clear();
        onState(run_->state());  // its model or none
    });
    restoreForm();
    rememberFormChanges();
    refreshHistory();
    onState(TrainingRun::State::Idle);
}

// The form's fields live in QSettings under kFormGroup, so a restart shows the last settings.
void TrainingPanel::restoreForm() {
    QSettings settings;
    settings.beginGroup(kFormGroup);
    const auto text = [&](QLineEdit* edit, const char* key) {
        if (settings.contains(QLatin1String(key))) edit->setText(settings.value(QLatin1String(key)).toString());
    };
    const auto number = [&](auto* spin, const char* key) {
        if (settings.contains(QLatin1String(key))) spin->setValue(settings.value(QLatin1String(key)).toDouble());
    };
    const auto choice = [&](QComboBox* box, const char* key) {
        const int index = box->findData(settings.value(QLatin1String(key)));
        if (index >= 0) box->setCurrentIndex(index);
    };
    text(dataset_, "dataset");
    text(runFolder_, "run_folder");
    text(taskModel_, "task_model");
    choice(architecture_, "architecture");
    choice(depth_, "resnet_depth");
    number(inputSize_, "input_size");
    number(lr_, "lr");
    number(batch_, "batch_size");
    number(epochs_, "epochs");
    number(patience_, "patience");
    augment_->setChecked(settings.value(QStringLiteral("augment"), augment_->isChecked()).toBool());
}

void TrainingPanel::saveForm() const {
    QSettings settings;
    settings.beginGroup(kFormGroup);
    settings.setValue(QStringLiteral("dataset"), dataset_->text());
    settings.setValue(QStringLiteral("run_folder"), runFolder_->text());
    settings.setValue(QStringLiteral("task_model"), taskModel_->text());
    settings.setValue(QStringLiteral("architecture"), architecture_->currentData());
    settings.setValue(QStringLiteral("resnet_depth"), depth_->currentData());
    settings.setValue(QStringLiteral("input_size"), inputSize_->value());
    settings.setValue(QStringLiteral("lr"), lr_->value());
    settings.setValue(QStringLiteral("batch_size"), batch_->value());
    settings.setValue(QStringLiteral("epochs"), epochs_->value());
    settings.setValue(QStringLiteral("patience"), patience_->value());
    settings.setValue(QStringLiteral("augment"), augment_->isChecked());
}

// Figures in a COCO keypoints file (its annotations): the trainer's samples per pass. -1 when unreadable.
int TrainingPanel::countSamples(const QString& cocoFile) {
    QFile in(cocoFile);
    if (cocoFile.isEmpty() || !in.open(QIODevice::ReadOnly)) return -1;
    const QJsonValue annotations = QJsonDocument::fromJson(in.readAll()).object().value(QStringLiteral("annotations"));
    return annotations.isArray() ? int(annotations.toArray().size()) : -1;
}

QString TrainingPanel::estimateText() const { return estimate_->text(); }

void TrainingPanel::updateEstimate() {
    const QString method = architecture_->currentData().toString();
    const double rate = QSettings().value(kRateGroup + method, 0.0).toDouble();
    if (samples_ <= 0)
        estimate_->setText(tr("Time estimate: choose the training images first."));
    else if (rate <= 0)
        estimate_->setText(tr("Time estimate: shown while a run goes, after its first steps."));
    else
        estimate_->setText(tr("Time estimate: about %1 for %2 passes over %3 figures (at %4 images/s, "
                              "measured in the last run of this method; an estimate).")
                               .arg(duration(qint64(double(epochs_->value()) * samples_ / rate)))
                               .arg(epochs_->value())
                               .arg(samples_)
                               .arg(rate, 0, 'f', 1));
}

// The training speed of a finished run, remembered per method for the next estimate. The first
// step is left out: it includes loading the images and starting the loader.
void TrainingPanel::recordSpeed() {
    if (speedSteps_ <= 0) return;
    QSettings().setValue(kRateGroup + config().value(QStringLiteral("architecture")).toString(),
                         speedSum_ / double(speedSteps_));
    updateEstimate();
}

void TrainingPanel::rememberFormChanges() {
    connect(dataset_, &QLineEdit::textChanged, this, [this](const QString& file) {
        samples_ = countSamples(file);
        updateEstimate();
    });
    connect(epochs_, &QSpinBox::valueChanged, this, &TrainingPanel::updateEstimate);
    connect(architecture_, &QComboBox::currentIndexChanged, this, &TrainingPanel::updateEstimate);
    samples_ = countSamples(dataset_->text());
    updateEstimate();
    const auto save = [this] { saveForm(); };
    for (QLineEdit* edit : {dataset_, runFolder_, taskModel_}) connect(edit, &QLineEdit::textChanged, this, save);
    for (QComboBox* box : {architecture_, depth_}) connect(box, &QComboBox::currentIndexChanged, this, save);
    for (QSpinBox* spin : {inputSize_, batch_, epochs_, patience_}) connect(spin, &QSpinBox::valueChanged, this, save);
    connect(lr_, &QDoubleSpinBox::valueChanged, this, save);
    connect(augment_, &QCheckBox::toggled, this, save);
}

QWidget* TrainingPanel::buildForm() {
    auto* box = new QWidget(this);
    auto* form = new QFormLayout(box);
    QHBoxLayout* row = nullptr;
    dataset_ = pathEdit(this, row, tr("COCO keypoints (*.json)"), false);
    addExplainedRow(form, tr("Training images"), row, dataset_,
                    tr("The annotator's COCO keypoints file: the drawings and the joints placed on them"));
    runFolder_ = pathEdit(this, row, {}, true);
    runFolder_->setText(defaultRunFolder());
    addExplainedRow(
        form, tr("Run folder"), row, runFolder_,
        tr("Where this training keeps its progress (checkpoint.pt, events.jsonl) and its model (model.refpose)"));
    architecture_ = new QComboBox(this);
    architecture_->addItem(tr("Feature matching (paper's best)"), QStringLiteral("matching"));
    architecture_->addItem(tr("Fine-tune MoveNet itself (how RefPose's default model was made)"),
                           QStringLiteral("task-finetune"));
    architecture_->addItem(tr("Feature concatenation"), QStringLiteral("concat"));
    architecture_->addItem(tr("Task features only (frozen MoveNet + new head)"), QStringLiteral("task-only"));
    architecture_->addItem(tr("Domain features only (ResNet)"), QStringLiteral("domain-only"));
    const QStringList methodTips = {
        tr("Learns drawing features that imitate MoveNet's photo features, then reads poses from both "
           "(Chen & Zwicker 2022's best; needs the MoveNet model only while training)"),
        tr("Adjusts every weight of MoveNet, the photo pose model, to your drawings"),
        tr("Reads poses from MoveNet's photo features and new drawing features side by side"),
        tr("Keeps MoveNet as it is and trains only a new pose reader on its features"),
        tr("Trains a new network from scratch on your drawings alone (needs many images)")};
    for (int i = 0; i < methodTips.size(); ++i) architecture_->setItemData(i, methodTips[i], Qt::ToolTipRole);
    QHBoxLayout* methodRow = nullptr;
    addExplainedRow(form, tr("Method"), methodRow, architecture_,
                    tr("How the pose model is built (the architecture); hover over a choice for what it does"));
    taskModel_ = pathEdit(this, row, tr("MoveNet model (*.json)"), false);
    addExplainedRow(
        form, tr("MoveNet model"), row, taskModel_,
        tr("The photo pose model (model.json) that the matching, concatenation, task and fine-tune methods build on"));
    depth_ = new QComboBox(this);
    for (int d : {50, 34, 18}) depth_->addItem(QStringLiteral("ResNet-%1").arg(d), d);
    QHBoxLayout* depthRow = nullptr;
    addExplainedRow(
        form, tr("Drawing network size"), depthRow, depth_,
        tr("Layers of the new drawing-feature network (ResNet backbone): more learns more but trains slower"));
    inputSize_ = new QSpinBox(this);
    inputSize_->setRange(64, 512);
    inputSize_->setSingleStep(32);
    inputSize_->setValue(kDefaultInput);
    QHBoxLayout* inputRow = nullptr;
    addExplainedRow(
        form, tr("Crop size (pixels)"), inputRow, inputSize_,
        tr("Each figure is cut out and scaled to this square (input size); larger sees more detail but is slower"));
    lr_ = new QDoubleSpinBox(this);
    lr_->setDecimals(5);
    lr_->setRange(1e-5, 1.0);
    lr_->setSingleStep(1e-4);
    lr_->setValue(kDefaultLr);
    QHBoxLayout* lrRow = nullptr;
    addExplainedRow(
        form, tr("Learning speed"), lrRow, lr_,
        tr("How far each step moves the weights (learning rate). Too high and training jumps about; too low "
           "and it barely moves. 0.001 is the paper's value"));
    batch_ = new QSpinBox(this);
    batch_->setRange(1, 512);
    batch_->setValue(kDefaultBatch);
    QHBoxLayout* batchRow = nullptr;
    addExplainedRow(form, tr("Images per step"), batchRow, batch_,
                    tr("Images looked at together before each adjustment (batch size); larger needs more memory"));
    epochs_ = new QSpinBox(this);
    epochs_->setRange(1, 100000);
    epochs_->setValue(kDefaultEpochs);
    QHBoxLayout* epochsRow = nullptr;
    addExplainedRow(form, tr("Passes over the images"), epochsRow, epochs_,
                    tr("How many times training goes through every image (epochs); the time estimate grows with it"));
    patience_ = new QSpinBox(this);
    patience_->setRange(0, 1000);
    patience_->setValue(kDefaultPatience);
    patience_->setSpecialValueText(tr("off"));
    QHBoxLayout* patienceRow = nullptr;
    addExplainedRow(form, tr("Stop when no better after"), patienceRow, patience_,
                    tr("Ends the run early after this many checks on the validation images without a better score "
                       "(early-stop patience); the best model is kept"));
    patience_->setSuffix(tr(" checks"));
    augment_ = new QCheckBox(tr("Vary the images (rotate, flip, scale, colour)"), this);
    augment_->setToolTip(
        tr("Shows the network randomly turned, mirrored, resized and recoloured copies "
           "(augmentation), so it learns poses rather than memorising the images"));
    augment_->setChecked(true);
    form->addRow(QString(), augment_);
    estimate_ = new QLabel(this);
    estimate_->setWordWrap(true);
    estimate_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    estimate_->setToolTip(
        tr("Training time is estimated from the speed (images per second) measured in the last "
           "run of the same method on this computer; checks on the validation images add to it"));
    form->addRow(estimate_);
    return box;
}

QWidget* TrainingPanel::buildControls() {
    auto* box = new QWidget(this);
    auto* v = new QVBoxLayout(box);
    auto* buttons = new QHBoxLayout;
    start_ = new QPushButton(tr("Start"), this);
    resume_ = new QPushButton(tr("Resume"), this);
    stop_ = new QPushButton(tr("Stop early"), this);
    stop_->setToolTip(tr("Finish now and keep the best model so far"));
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setToolTip(tr("Kill the run and delete the files it wrote (asks first; other files in the folder stay)"));
    use_ = new QPushButton(tr("Use this model"), this);
    use_->setObjectName(QStringLiteral("useModel"));
    for (auto* b : {start_, resume_, stop_, cancel_, use_}) buttons->addWidget(b);
    v->addLayout(buttons);
    logScale_ = new QCheckBox(tr("Log-scale losses"), this);
    v->addWidget(logScale_);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("trainingStatus"));
    // A long message (a trainer error, a model path) wraps within the form's width and shows at
    // most kStatusLines lines; the rest is in the tooltip. It never widens or lengthens the form.
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    status_->setFixedHeight(status_->fontMetrics().lineSpacing() * kStatusLines);
    status_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    eta_ = new QLabel(this);
    patienceLabel_ = new QLabel(this);
    for (auto* l : {status_, eta_, patienceLabel_}) v->addWidget(l);
    connect(start_, &QPushButton::clicked, this, &TrainingPanel::startRun);
    connect(resume_, &QPushButton::clicked, this, &TrainingPanel::resumeRun);
    connect(stop_, &QPushButton::clicked, this, &TrainingPanel::stopEarly);
    connect(cancel_, &QPushButton::clicked, this, &TrainingPanel::cancelRun);
    connect(use_, &QPushButton::clicked, this, &TrainingPanel::useModel);
    connect(logScale_, &QCheckBox::toggled, plots_, &TrainingPlots::setLogScale);
    return box;
}

void TrainingPanel::setDataset(const QString& f) { dataset_->setText(f); }
void TrainingPanel::setRunFolder(const QString& f) { runFolder_->setText(f); }
void TrainingPanel::setTaskModel(const QString& f) { taskModel_->setText(f); }

QJsonObject TrainingPanel::config() const {
    QJsonObject c{{QStringLiteral("mode"), QStringLiteral("pose")},
                  {QStringLiteral("dataset"), dataset_->text()},
                  {QStringLiteral("out_dir"), runFolder_->text()},
                  {QStringLiteral("architecture"), architecture_->currentData().toString()},
                  {QStringLiteral("task_model"), taskModel_->text()},
                  {QStringLiteral("resnet_depth"), depth_->currentData().toInt()},
                  {QStringLiteral("input_size"), inputSize_->value()},
                  {QStringLiteral("heatmap_size"), inputSize_->value() / 4},
                  {QStringLiteral("lr"), lr_->value()},
                  {QStringLiteral("batch_size"), batch_->value()},
                  {QStringLiteral("epochs"), epochs_->value()},
                  {QStringLiteral("patience"), patience_->value()},
                  {QStringLiteral("augment"), QJsonObject{{QStringLiteral("enabled"), augment_->isChecked()}}}};
    for (auto it = extra_.begin(); it != extra_.end(); ++it) c.insert(it.key(), it.value());
    return c;
}

QString TrainingPanel::statusText() const { return status_->toolTip(); }

void TrainingPanel::setStatus(const QString& text) {
    // A zero-width space after each path separator lets a long path wrap there instead of
    // widening the form; the tooltip (and statusText()) keep the exact text.
    QString shown = text;
    shown.replace(QLatin1Char('/'), QStringLiteral("/\u200B"));
    status_->setText(shown);
    status_->setToolTip(text);
}
QString TrainingPanel::etaText() const { return eta_->text(); }

void TrainingPanel::startRun() { launch(true); }
void TrainingPanel::resumeRun() { launch(false); }

void TrainingPanel::launch(bool fresh) {
    const QString folder = runFolder_->text();
    openedRun_.clear();  // the plots show this run from now on
    if (dataset_->text().isEmpty() || !QFileInfo::exists(dataset_->text())) {
        setStatus(tr("Choose a dataset: a COCO keypoints file from the annotator."));
        return;
    }
    QDir dir(folder);
    // Before anything is written: Cancel removes only what this Start adds to the folder.
    const TrainingRunFolder before = TrainingRunFolder::take(folder);
    if (fresh && dir.exists(QStringLiteral("checkpoint.pt"))) {
        setStatus(tr("The run folder holds a run already: resume it or choose another folder."));
        return;
    }
    if (!dir.mkpath(QStringLiteral("."))) {
        setStatus(tr("Cannot create the run folder %1").arg(folder));
        return;
    }
    const QString configFile = dir.filePath(QStringLiteral("run.json"));
    if (fresh || !QFileInfo::exists(configFile)) {
        QSaveFile out(configFile);
        if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(config()).toJson()) < 0 || !out.commit()) {
            setStatus(tr("Cannot write %1: %2").arg(configFile, out.errorString()));
            return;
        }
    }
    plots_->clear();
    lastMetrics_ = {};
    firstStep_ = -1;
    speedSum_ = 0;
    speedSteps_ = 0;
    started_ = QDateTime::currentDateTime().toString(Qt::ISODate);
    clock_.start();
    run_->start(configFile, before);
}

void TrainingPanel::stopEarly() { run_->requestStop(); }

void TrainingPanel::cancelRun() {
    if (run_->state() != TrainingRun::State::Running && run_->state() != TrainingRun::State::Stopping) return;
    if (!confirm_(tr("Cancel the training run?"), cancelQuestion())) return;
    run_->cancel();  // a no-op when the run ended while the question was open
}

QString TrainingPanel::cancelQuestion() const {
    const QStringList files = run_->filesCancelRemoves();
    const QString removed = files.isEmpty()
                                ? tr("It has written no files yet.")
                                : tr("This deletes what it wrote so far: %1.").arg(files.join(QStringLiteral(", ")));
    return tr("Cancel stops the run in %1 and discards it. %2\n\nEverything else in the folder stays, including "
              "checkpoints and models from before this Start. To keep this run's best model, use Stop early instead.")
        .arg(QDir::toNativeSeparators(run_->runFolder()), removed);
}

// The selected past run's model, else the model of the run folder in the form.
// The model of the run on show: an opened past run, else the selected history row, else the
// form's run folder.
QString TrainingPanel::modelToUse() const {
    if (!openedRun_.isEmpty()) return QDir(openedRun_).filePath(QStringLiteral("model.refpose"));
    const auto rows = history_->selectionModel()->selectedRows();
    if (!rows.isEmpty()) return TrainingRunHistory::load().value(rows.first().row()).modelFile();
    return QDir(runFolder_->text()).filePath(QStringLiteral("model.refpose"));
}

void TrainingPanel::useModel() {
    const QString model = modelToUse();
    if (QFileInfo::exists(model))
        Q_EMIT modelChosen(model);
    else
        setStatus(tr("No exported model at %1 yet").arg(model));
}

void TrainingPanel::openSelectedRun() {
    const auto rows = history_->selectionModel()->selectedRows();
    if (!rows.isEmpty()) openHistoryRow(rows.first().row());
}

// The run on row `row` of the history table (a double-click opens the row clicked, whatever the
// selection).
void TrainingPanel::openHistoryRow(int row) {
    const auto runs = TrainingRunHistory::load();
    if (row >= 0 && row < runs.size()) openRun(runs[row].folder);
}

void TrainingPanel::openRun(const QString& folder) {
    if (run_->state() == TrainingRun::State::Running || run_->state() == TrainingRun::State::Stopping) return;
    const QList<QJsonObject> events = TrainingRunLog::read(folder);
    openedRun_ = folder;
    plots_->clear();
    patienceLabel_->clear();
    showSavedProgress(events);
    const bool hasModel = QFileInfo::exists(QDir(folder).filePath(QStringLiteral("model.refpose")));
    if (events.isEmpty())
        setStatus(tr("No saved progress in %1").arg(QDir::toNativeSeparators(folder)));
    else
        setStatus(tr("Showing the run in %1. %2")
                      .arg(QDir::toNativeSeparators(folder),
                           hasModel ? tr("Use this model loads its model.") : tr("It has no exported model.")));
    onState(run_->state());
}

// Puts a run's saved events on the plots. A summary (a run without a log) becomes one point:
// the best validation.
void TrainingPanel::showSavedProgress(const QList<QJsonObject>& events) {
    const bool summaryOnly =
        events.size() == 1 && events.first().value(QStringLiteral("event")).toString() == QStringLiteral("finished");
    if (summaryOnly) {
        const QJsonObject& s = events.first();
        plots_->addEpoch({{QStringLiteral("epoch"), s.value(QStringLiteral("best_epoch"))},
                          {QStringLiteral("metrics"), s.value(QStringLiteral("best_metrics"))},
                          {QStringLiteral("is_best"), true}});
        return;
    }
    for (const QJsonObject& e : events) {
        const QString kind = e.value(QStringLiteral("event")).toString();
        if (kind == QStringLiteral("step"))
            plots_->addStep(e);
        else if (kind == QStringLiteral("epoch"))
            plots_->addEpoch(e);
    }
}

void TrainingPanel::onTrainerEvent(const QJsonObject& e) {
    const QString kind = e.value(QStringLiteral("event")).toString();
    if (kind == QStringLiteral("start")) {
        totalSteps_ = e.value(QStringLiteral("total_steps")).toInteger();
        // A resumed run's plots start with the earlier sessions' points, read back from the log
        // (TrainingRun appended this start event to it already, so undone steps are dropped).
        if (e.value(QStringLiteral("resumed")).toBool()) {
            plots_->clear();
            showSavedProgress(TrainingRunLog::read(run_->runFolder()));
        }
        setStatus(tr("Running on %1%2")
                      .arg(e.value(QStringLiteral("device")).toString(),
                           e.value(QStringLiteral("resumed")).toBool()
                               ? tr(" (resumed at step %1)").arg(e.value(QStringLiteral("first_step")).toInteger())
                               : QString()));
    } else if (kind == QStringLiteral("step")) {
        plots_->addStep(e);
        if (firstStep_ >= 0) {  // not the run's first step (see recordSpeed)
            speedSum_ += e.value(QStringLiteral("images_per_s")).toDouble();
            ++speedSteps_;
        }
        updateEta(e);
    } else if (kind == QStringLiteral("epoch")) {
        plots_->addEpoch(e);
        if (e.contains(QStringLiteral("patience_left")))
            patienceLabel_->setText(tr("Early stop: %1 validation(s) left without improvement")
                                        .arg(e.value(QStringLiteral("patience_left")).toInt()));
        if (e.value(QStringLiteral("is_best")).toBool()) lastMetrics_ = e.value(QStringLiteral("metrics")).toObject();
    } else if (kind == QStringLiteral("finished")) {
        lastMetrics_ = e.value(QStringLiteral("best_metrics")).toObject();
        const QString reason = e.value(QStringLiteral("reason")).toString();
        setStatus(tr("Finished (%1); model: %2").arg(reason, e.value(QStringLiteral("model")).toString()));
        recordRun(reason);
        recordSpeed();
    } else if (kind == QStringLiteral("error")) {
        setStatus(tr("Failed: %1").arg(e.value(QStringLiteral("message")).toString()));
    }
}

void TrainingPanel::updateEta(const QJsonObject& e) {
    const long step = long(e.value(QStringLiteral("step")).toInteger());
    if (firstStep_ < 0) {
        firstStep_ = step;
        clock_.restart();
        return;
    }
    const double perStep = double(clock_.elapsed()) / 1000.0 / double(std::max(1L, step - firstStep_));
    eta_->setText(tr("Step %1 of %2 · %3 images/s · about %4 left (estimate)")
                      .arg(step)
                      .arg(totalSteps_)
                      .arg(e.value(QStringLiteral("images_per_s")).toDouble(), 0, 'f', 1)
                      .arg(duration(qint64(perStep * double(totalSteps_ - step)))));
}

void TrainingPanel::onState(TrainingRun::State s) {
    const bool active = s == TrainingRun::State::Running || s == TrainingRun::State::Stopping;
    start_->setEnabled(!active);
    resume_->setEnabled(!active);
    stop_->setEnabled(s == TrainingRun::State::Running);
    cancel_->setEnabled(active);
    use_->setEnabled(!active && QFileInfo::exists(modelToUse()));
    open_->setEnabled(!active && !history_->selectionModel()->selectedRows().isEmpty());
    for (QWidget* w : std::initializer_list<QWidget*>{dataset_, runFolder_, architecture_, depth_, inputSize_, lr_,
                                                      batch_, epochs_, patience_, augment_})
        w->setEnabled(!active);
    // An estimate of time left means nothing once the run has ended, however it ended.
    if (!active) eta_->clear();
    if (s == TrainingRun::State::Stopping) setStatus(tr("Stopping: finishing the step and exporting the best model…"));
    if (s == TrainingRun::State::Cancelled) setStatus(tr("Cancelled: the files this run wrote were removed"));
}

void TrainingPanel::recordRun(const QString& result) {
    TrainingRunRecord r{runFolder_->text(),
                        config().value(QStringLiteral("architecture")).toString(),
                        dataset_->text(),
                        started_,
                        result,
                        lastMetrics_};
    TrainingRunHistory::save(r);
    refreshHistory();
}

void TrainingPanel::refreshHistory() {
    const auto runs = TrainingRunHistory::load();
    history_->setRowCount(int(runs.size()));
    for (int i = 0; i < runs.size(); ++i) {
        const auto& r = runs[i];
        history_->setItem(i, 0, new QTableWidgetItem(QFileInfo(r.folder).fileName()));
        history_->item(i, 0)->setToolTip(r.folder);
        history_->setItem(i, 1, new QTableWidgetItem(r.architecture));
        history_->setItem(i, 2, new QTableWidgetItem(r.result));
        for (int m = 0; m < kMetricColumns.size(); ++m) {
            const auto v = r.metrics.value(kMetricColumns[m]);
            history_->setItem(
                i, 3 + m,
                new QTableWidgetItem(v.isDouble() ? QString::number(v.toDouble(), 'f', 3) : QStringLiteral("-")));
        }
    }
}

}  // namespace refpose::ui
