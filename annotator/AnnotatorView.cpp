#include "AnnotatorView.h"

#include "AnnotationCanvas.h"
#include "AnnotationDocument.h"
#include "AnnotatorStyle.h"
#include "DatasetInterchange.h"
#include "HelpOverlay.h"
#include "ImageListModel.h"
#include "ImageStateFilter.h"
#include "ValidationReportDialog.h"

#include "dataset/AddImport.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QToolBar>
#include <QVBoxLayout>

namespace refpose::annotator {
namespace {
// Where the folder opened last is remembered, to reopen it at the next start.
constexpr char kLastFolderKey[] = "annotator/lastFolder";
constexpr char kLastAnnotationsKey[] = "annotator/lastAnnotations";
}  // namespace

AnnotatorView::AnnotatorView(QWidget* parent)
    : QWidget(parent),
      doc_(new AnnotationDocument(this)),
      model_(new ImageListModel(doc_, this)),
      filter_(new ImageStateFilter(this)),
      canvas_(new AnnotationCanvas(doc_, this)),
      preAnnotator_(new PreAnnotator(doc_, this)) {
    filter_->setSourceModel(model_);
    confirm_ = [this](const QString& title, const QString& question) {
        return QMessageBox::question(this, title, question, QMessageBox::Yes | QMessageBox::No, QMessageBox::No) ==
               QMessageBox::Yes;
    };
    buildActions();
    buildLayout();
    help_ = new HelpOverlay(actions_, this);
    connect(doc_, &AnnotationDocument::imageChanged, this, [this](int row) {
        if (row == currentRow()) refreshPoints();
    });
    connect(doc_, &AnnotationDocument::saveFailed, this,
            [this](const QString& m) { setStatus(tr("Not saved: %1").arg(m), true); });
    connect(canvas_, &AnnotationCanvas::guideChanged, this, &AnnotatorView::refreshPoints);
    connect(canvas_, &AnnotationCanvas::selectionChanged, this, &AnnotatorView::refreshPoints);
    connect(preAnnotator_, &PreAnnotator::progress, this, [this](int done, int total) {
        progress_->setRange(0, total);
        progress_->setValue(done);
    });
    connect(preAnnotator_, &PreAnnotator::finished, this, [this](int applied, const QStringList& errors) {
        progress_->hide();
        cancel_->hide();
        if (errors.isEmpty())
            setStatus(tr("Pre-annotated %1 images; check the points ringed in red.").arg(applied));
        else
            setStatus(tr("Pre-annotated %1 images; %2 failed: %3").arg(applied).arg(errors.size()).arg(errors.first()),
                      true);
    });
}

AnnotatorView::~AnnotatorView() = default;

QAction* AnnotatorView::addAnnotatorAction(const QString& text, const QList<QKeySequence>& keys,
                                           std::function<void()> run) {
    auto* a = new QAction(text, this);
    a->setShortcuts(keys);
    // Works whether the annotator is a tab of the main window or a window of its own.
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(a, &QAction::triggered, this, [run = std::move(run)] { run(); });
    addAction(a);
    actions_ << a;
    return a;
}

void AnnotatorView::buildActions() {
    using K = QKeySequence;
    toolbarActions_ << addAnnotatorAction(tr("&Open folder..."), {K::Open}, [this] { chooseFolder(); });
    addAnnotatorAction(tr("Import AnimeDrawingsDataset JSON..."), {}, [this] { chooseImportAdd(); });
    addAnnotatorAction(tr("Import COCO keypoints..."), {}, [this] { chooseImportCoco(); });
    toolbarActions_ << addAnnotatorAction(tr("&Export COCO keypoints..."), {K(tr("Ctrl+E"))},
                                          [this] { chooseExport(); });
    // The group's actions act on the shown image's own history only.
    QAction* undo = doc_->undoGroup()->createUndoAction(this, tr("Undo"));
    undo->setShortcuts(K::Undo);
    QAction* redo = doc_->undoGroup()->createRedoAction(this, tr("Redo"));
    redo->setShortcuts({K(tr("Ctrl+Shift+Z")), K(tr("Ctrl+Y"))});
    for (QAction* a : {undo, redo}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
        actions_ << a;
        toolbarActions_ << a;
    }
    addAnnotatorAction(tr("Previous image"), {K(Qt::Key_PageUp), K(tr("Alt+Left"))}, [this] { step(-1); });
    addAnnotatorAction(tr("Next image"), {K(Qt::Key_PageDown), K(tr("Alt+Right"))}, [this] { step(+1); });
    toolbarActions_ << addAnnotatorAction(tr("Mark done, next image"), {K(tr("Ctrl+Return")), K(tr("Ctrl+D"))},
                                          [this] { setCurrentState(ImageState::Done, true); });
    toolbarActions_ << addAnnotatorAction(tr("Skip image"), {K(tr("Ctrl+K"))},
                                          [this] { setCurrentState(ImageState::Skipped, true); });
    addAnnotatorAction(tr("Next point"), {K(Qt::Key_N)}, [this] { canvas_->stepGuide(+1); });
    addAnnotatorAction(tr("Previous point"), {K(tr("Shift+N"))}, [this] { canvas_->stepGuide(-1); });
    addAnnotatorAction(tr("Selected point visible (2)"), {K(Qt::Key_2)},
                       [this] { canvas_->setSelectedVisibility(Visibility::Visible); });
    addAnnotatorAction(tr("Selected point occluded (1)"), {K(Qt::Key_1)},
                       [this] { canvas_->setSelectedVisibility(Visibility::Occluded); });
    addAnnotatorAction(tr("Selected point absent (0)"), {K(Qt::Key_0), K(Qt::Key_Delete)},
                       [this] { canvas_->setSelectedVisibility(Visibility::Unlabelled); });
    toolbarActions_ << addAnnotatorAction(tr("Box from points"), {K(Qt::Key_B)}, [this] { canvas_->boxFromPoints(); });
    toolbarActions_ << addAnnotatorAction(tr("Swap left and right"), {K(Qt::Key_F)},
                                          [this] { canvas_->swapLeftRight(); });
    addAnnotatorAction(tr("Fit to window"), {K(Qt::Key_Home), K(tr("Ctrl+0"))}, [this] { canvas_->fitToWindow(); });
    addAnnotatorAction(tr("Zoom in"), {K(Qt::Key_Plus), K(Qt::Key_Equal)},
                       [this] { canvas_->zoomAround(1.25, canvas_->viewport()->rect().center()); });
    addAnnotatorAction(tr("Zoom out"), {K(Qt::Key_Minus)},
                       [this] { canvas_->zoomAround(0.8, canvas_->viewport()->rect().center()); });
    toolbarActions_ << addAnnotatorAction(tr("Pre-annotate this image"), {K(Qt::Key_P)},
                                          [this] { preAnnotateCurrent(); });
    toolbarActions_ << addAnnotatorAction(tr("Pre-annotate all images not started"), {K(tr("Shift+P"))},
                                          [this] { preAnnotateNotStarted(); });
    QAction* help =
        addAnnotatorAction(tr("Help: shortcuts"), {K(Qt::Key_F1), K(Qt::Key_Question)}, [this] { toggleHelp(); });
    // Help must answer wherever the focus is in the window (the tab bar, a menu bar); a hidden
    // annotator (another tab shown) never answers, since Qt skips invisible widgets' shortcuts.
    help->setShortcutContext(Qt::WindowShortcut);
    toolbarActions_ << help;
}

void AnnotatorView::buildLayout() {
    filterBox_ = new QComboBox(this);
    filterBox_->addItem(tr("All images"), -1);
    for (ImageState s : kAllImageStates) filterBox_->addItem(stateLabel(s), int(s));
    connect(filterBox_, &QComboBox::currentIndexChanged, this, [this](int i) {
        const int s = filterBox_->itemData(i).toInt();
        filter_->setState(s < 0 ? std::nullopt : std::optional<ImageState>(ImageState(s)));
    });
    list_ = new QListView(this);
    list_->setModel(filter_);
    connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& i) {
        if (i.isValid()) showImage(filter_->mapToSource(i).row());
    });
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(filterBox_);
    leftLayout->addWidget(list_);

    points_ = new QListWidget(this);
    points_->setMinimumWidth(pointListWidth());
    points_->setWordWrap(true);  // the "Check: ..." line can name many points
    connect(points_, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        const auto k = std::size_t(points_->row(item));
        canvas_->selectPoint(k);
        canvas_->setGuidePoint(k);
    });

    auto* splitter = new QSplitter(this);
    workPage_ = splitter;
    splitter->addWidget(left);
    splitter->addWidget(canvas_);
    splitter->addWidget(points_);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({220, 900, 240});

    toolbar_ = new QToolBar(this);
    toolbar_->addActions(toolbarActions_);

    status_ = new QLabel(this);
    progress_ = new QProgressBar(this);
    progress_->hide();
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->hide();
    connect(cancel_, &QPushButton::clicked, this, &AnnotatorView::cancelPreAnnotation);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(status_, 1);
    bottom->addWidget(progress_);
    bottom->addWidget(cancel_);

    emptyPage_ = buildEmptyPage();
    pages_ = new QStackedWidget(this);
    pages_->addWidget(emptyPage_);
    pages_->addWidget(workPage_);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar_);
    layout->addWidget(pages_, 1);
    layout->addLayout(bottom);
}

QWidget* AnnotatorView::buildEmptyPage() {
    auto* page = new QWidget(this);
    auto* text = new QLabel(tr("<h3>No folder open</h3>"
                               "<p>Open a folder of images to label their 17 COCO keypoints. The labels are kept in "
                               "<i>annotations.json</i> beside the images and saved at every change.</p>"
                               "<p>Click to place the named point, drag to adjust, P lets the pose model guess first, "
                               "Ctrl+Enter marks an image done. F1 lists every key.</p>"),
                            page);
    text->setWordWrap(true);
    // A centred word-wrapped label gets its height at another width and clips: fix both.
    text->setFixedWidth(520);
    text->setMinimumHeight(text->heightForWidth(520));
    auto* open = new QPushButton(tr("Open folder..."), page);
    open->setObjectName(QStringLiteral("openFolderButton"));
    connect(open, &QPushButton::clicked, this, &AnnotatorView::chooseFolder);
    auto* layout = new QVBoxLayout(page);
    layout->addStretch(1);
    layout->addWidget(text, 0, Qt::AlignHCenter);
    layout->addWidget(open, 0, Qt::AlignHCenter);
    layout->addStretch(2);
    return page;
}

void AnnotatorView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (shownOnce_) return;
    shownOnce_ = true;
    if (!doc_->isOpen()) reopenLastFolder();
}

bool AnnotatorView::reopenLastFolder() {
    const QSettings settings;
    const QString folder = settings.value(QLatin1String(kLastFolderKey)).toString();
    if (folder.isEmpty() || !QFileInfo(folder).isDir()) return false;
    const QString labels = settings.value(QLatin1String(kLastAnnotationsKey)).toString();
    return openFolder(folder, QFileInfo::exists(labels) ? labels : QString());
}

bool AnnotatorView::openFolder(const QString& folder, const QString& annotationsFile, QString* error) {
    QString why;
    // The running batch's rows belong to the open folder.
    if (preAnnotator_->isRunning()) why = tr("pre-annotation is running on %1; cancel it first").arg(doc_->folder());
    if (!why.isEmpty() ||
        !doc_->open(folder, annotationsFile.isEmpty() ? QString::fromLatin1(kDefaultAnnotationsFile) : annotationsFile,
                    &why)) {
        if (error) *error = why;
        setStatus(why, true);
        return false;
    }
    pages_->setCurrentWidget(workPage_);
    QSettings settings;
    settings.setValue(QLatin1String(kLastFolderKey), doc_->folder());
    settings.setValue(QLatin1String(kLastAnnotationsKey), doc_->annotationsPath());
    showImage(doc_->imageCount() > 0 ? 0 : -1);
    const QStringList recovered = doc_->recoveredFiles();
    setStatus(recovered.isEmpty()
                  ? tr("Opened %1 (%2 images)").arg(doc_->annotationsPath()).arg(doc_->imageCount())
                  : tr("Recovered unsaved edits of %1 images: %2").arg(recovered.size()).arg(recovered.join(", ")));
    return true;
}

void AnnotatorView::showImage(int row) {
    if (row >= 0) doc_->setActiveRow(row);
    canvas_->setImage(row);
    const QModelIndex i = filter_->mapFromSource(model_->index(row));
    if (i.isValid() && list_->currentIndex() != i) list_->setCurrentIndex(i);
    refreshPoints();
    canvas_->setFocus();
}

int AnnotatorView::currentRow() const { return canvas_->row(); }

void AnnotatorView::step(int delta) {
    // Steps through the filtered list, so "next" skips images the filter hides.
    const QModelIndex cur = filter_->mapFromSource(model_->index(currentRow()));
    const int next = (cur.isValid() ? cur.row() : -1) + delta;
    if (next < 0 || next >= filter_->rowCount()) return;
    showImage(filter_->mapToSource(filter_->index(next, 0)).row());
}

void AnnotatorView::setCurrentState(ImageState state, bool advance) {
    const int row = currentRow();
    if (row < 0) return;
    if (state == ImageState::Done && !confirmUncheckedPoints({row}, tr("mark this image done"))) return;
    ImageEdit e = doc_->edit(row);
    e.state = state;
    doc_->pushEdit(row, e, tr("Mark %1 %2").arg(QString::fromStdString(doc_->image(row).fileName), stateLabel(state)));
    if (advance) step(+1);
}

QString AnnotatorView::pointLine(std::size_t keypoint, const Keypoint& k, bool guided) const {
    QString state = !k.labelled() ? tr("not placed") : k.v == Visibility::Visible ? tr("visible") : tr("occluded");
    if (isLowConfidence(k)) state += tr(", low confidence %1").arg(double(k.score), 0, 'f', 2);
    return QStringLiteral("%1%2: %3").arg(guided ? QStringLiteral("\u25B6 ") : QString(), displayName(keypoint), state);
}

int AnnotatorView::pointListWidth() const {
    // Wide enough for the longest line any point can have, so none is cut off.
    const QFontMetrics metrics(font());
    int widest = 0;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i)
        widest =
            std::max(widest, metrics.horizontalAdvance(pointLine(i, Keypoint{0, 0, 0.f, Visibility::Occluded}, true)));
    constexpr int kPaddingPx = 16;  // item margins and the list's frame
    return widest + kPaddingPx + style()->pixelMetric(QStyle::PM_ScrollBarExtent);
}

void AnnotatorView::refreshPoints() {
    const int row = currentRow();
    const Pose pose = row >= 0 ? doc_->edit(row).pose : Pose{};
    points_->clear();
    QStringList flagged;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        const Keypoint& k = pose.kp[i];
        if (isLowConfidence(k)) flagged << displayName(i);
        auto* item = new QListWidgetItem(pointLine(i, k, canvas_->guidePoint() == i), points_);
        item->setForeground(isLowConfidence(k) ? QColor(220, 30, 30) : keypointColour(i));
        if (canvas_->selectedPoint() == i) item->setBackground(QColor(80, 80, 80));
    }
    if (!flagged.isEmpty()) {
        auto* item = new QListWidgetItem(tr("Check: %1").arg(flagged.join(", ")), points_);
        item->setForeground(QColor(220, 30, 30));
        item->setFlags(Qt::ItemIsEnabled);
    }
}

void AnnotatorView::setStatus(const QString& text, bool isError) {
    status_->setText(text);
    status_->setStyleSheet(isError ? QStringLiteral("color: #d33;") : QString());
    Q_EMIT statusChanged(text);
}

QString AnnotatorView::statusText() const { return status_->text(); }

void AnnotatorView::preAnnotateCurrent() {
    if (currentRow() < 0) return;
    if (preAnnotator_->run({currentRow()}, false)) setStatus(tr("Estimating the pose..."));
}

void AnnotatorView::preAnnotateNotStarted() {
    QList<int> rows;
    for (int r = 0; r < doc_->imageCount(); ++r)
        if (doc_->edit(r).state == ImageState::NotStarted) rows << r;
    if (rows.isEmpty() || !preAnnotator_->run(rows, true)) return;
    progress_->setRange(0, int(rows.size()));
    progress_->setValue(0);
    progress_->show();
    cancel_->show();
    setStatus(tr("Pre-annotating %1 images...").arg(rows.size()));
}

void AnnotatorView::cancelPreAnnotation() { preAnnotator_->cancel(); }

void AnnotatorView::toggleHelp() {
    help_->setVisible(!help_->isVisible());
    help_->raise();
}

bool AnnotatorView::confirmUncheckedPoints(const QList<int>& rows, const QString& action) {
    int points = 0, images = 0;
    QStringList names;  // of the first image with any, to say where to look
    for (int row : rows) {
        const Pose pose = doc_->edit(row).pose;
        QStringList here;
        for (std::size_t i = 0; i < kNumCocoKeypoints; ++i)
            if (isLowConfidence(pose.kp[i])) here << displayName(i);
        if (here.isEmpty()) continue;
        if (names.isEmpty())
            names << QStringLiteral("%1 (%2)").arg(QString::fromStdString(doc_->image(row).fileName), here.join(", "));
        points += int(here.size());
        ++images;
    }
    if (points == 0) return true;
    const QString question =
        tr("%1 low-confidence points in %2 images are model guesses not checked yet (ringed in red), "
           "first in %3.\n\nCheck them (drag, or key 2 or 1), or %4 anyway?")
            .arg(points)
            .arg(images)
            .arg(names.first(), action);
    return confirm_(tr("Unchecked points"), question);
}

bool AnnotatorView::exportTo(const QString& file, bool onlyDone, bool confirm, QString* error) {
    QList<int> exported;
    for (int row = 0; row < doc_->imageCount(); ++row) {
        const ImageState s = doc_->edit(row).state;
        if (onlyDone ? s == ImageState::Done : s != ImageState::Skipped) exported << row;
    }
    if (!confirmUncheckedPoints(exported, tr("export"))) return false;
    const CocoDataset out = exportDataset(*doc_, file, onlyDone);
    if (confirm) {
        ValidationReportDialog report(out, this);
        connect(&report, &ValidationReportDialog::imageChosen, this, [this](qint64 id) {
            for (int row = 0; row < doc_->imageCount(); ++row)
                if (doc_->image(row).id == id) showImage(row);
        });
        if (report.exec() != QDialog::Accepted) return false;
    }
    QString why;
    if (!writeExport(out, file, &why)) {
        if (error) *error = why;
        setStatus(why, true);
        return false;
    }
    setStatus(tr("Exported %1 images to %2").arg(out.images.size()).arg(file));
    return true;
}

bool AnnotatorView::importAdd(const QString& file, QString* error) {
    return importDatasetFile(
        file, [&] { return readAdd(file.toStdString()); }, error);
}

bool AnnotatorView::importCoco(const QString& file, QString* error) {
    return importDatasetFile(
        file, [&] { return readCoco(file.toStdString()); }, error);
}

bool AnnotatorView::importDatasetFile(const QString& file, const std::function<CocoDataset()>& read, QString* error) {
    try {
        const ImportSummary s = importDataset(*doc_, read(), tr("Import %1").arg(file));
        setStatus(tr("Imported %1 poses; %2 name images absent from the folder").arg(s.applied).arg(s.unmatched));
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        setStatus(QString::fromStdString(e.what()), true);
        return false;
    }
}

void AnnotatorView::chooseFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder of images to label"));
    QString error;
    if (!dir.isEmpty() && !openFolder(dir, {}, &error)) QMessageBox::warning(this, tr("Cannot open the folder"), error);
}

void AnnotatorView::chooseImportAdd() {
    const QString f =
        QFileDialog::getOpenFileName(this, tr("AnimeDrawingsDataset JSON"), doc_->folder(), tr("JSON (*.json)"));
    QString error;
    if (!f.isEmpty() && !importAdd(f, &error)) QMessageBox::warning(this, tr("Import failed"), error);
}

void AnnotatorView::chooseImportCoco() {
    const QString f = QFileDialog::getOpenFileName(this, tr("COCO keypoints"), doc_->folder(), tr("JSON (*.json)"));
    QString error;
    if (!f.isEmpty() && !importCoco(f, &error)) QMessageBox::warning(this, tr("Import failed"), error);
}

void AnnotatorView::chooseExport() {
    const QString f = QFileDialog::getSaveFileName(
        this, tr("Export COCO keypoints"), doc_->folder() + QStringLiteral("/export.json"), tr("JSON (*.json)"));
    QString error;
    if (!f.isEmpty() && !exportTo(f, true, true, &error) && !error.isEmpty())
        QMessageBox::warning(this, tr("Export failed"), error);
}

void AnnotatorView::setEstimatorFactory(EstimatorFactory factory) {
    preAnnotator_->setEstimatorFactory(std::move(factory));
}

void AnnotatorView::setEstimator(std::shared_ptr<PoseEstimator> estimator) {
    preAnnotator_->setEstimatorFactory([estimator = std::move(estimator)] { return estimator; });
}

}  // namespace refpose::annotator
