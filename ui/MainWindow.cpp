#include "MainWindow.h"

#include "AnnotatorView.h"
#include "BackgroundJob.h"

#include "EstimationRunner.h"
#include "HelpDialog.h"
#include "LibraryCheckAction.h"
#include "LibraryPanel.h"
#include "MessageBar.h"
#include "Plural.h"
#include "ModelMenu.h"
#include "QueryPanel.h"
#include "ResultsModel.h"
#include "ResultsView.h"
#include "SearchScheduler.h"
#include "SkeletonCanvas.h"
#include "TrainingPanel.h"
#include "WindowPlacement.h"
#include "WorkspaceTabs.h"
#include "WelcomePage.h"
#include "util/InstallLayout.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QListView>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QImageReader>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QUndoGroup>
#include <QVBoxLayout>

#include <algorithm>

namespace refpose::ui {

namespace {
constexpr int kSearchPage = 0;  // pages of the search tab's stack
constexpr int kWelcomePage = 1;
constexpr float kRotateStep = 15.f;           // degrees per keyboard rotation
constexpr float kScaleStep = 1.1f;            // factor per keyboard zoom
constexpr std::size_t kBrowsedEntries = 500;  // View > Browse library: the first this many poses
constexpr float kLowEstimateScore = 0.2f;     // below this mean score the estimate is doubtful
const QString kLibraryFileName = QStringLiteral("library.refpose.sqlite");
}  // namespace

MainWindowOptions MainWindow::defaultOptions() {
    MainWindowOptions o;
    o.libraryFile = defaultLibraryFile();
    return o;
}

QString MainWindow::defaultLibraryFile() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(kLibraryFileName);
}

MainWindow::MainWindow(MainWindowOptions options, QWidget* parent) : QMainWindow(parent), options_(std::move(options)) {
    setWindowTitle(tr("RefPose"));
    setWindowIcon(QIcon(QStringLiteral(":/refpose/refpose.svg")));
    setAcceptDrops(true);
    confirm_ = [this](const QString& title, const QString& question) {
        return QMessageBox::question(this, title, question, QMessageBox::Yes | QMessageBox::No, QMessageBox::No) ==
               QMessageBox::Yes;
    };
    undoGroup_ = new QUndoGroup(this);
    estimation_ = new EstimationRunner(this);
    scheduler_ = new SearchScheduler(this);
    buildWidgets();
    buildActions();
    connect(estimation_, &EstimationRunner::started, this,
            [this](const QString& source) { query_->setImageStatus(tr("Estimating the pose of %1…").arg(source)); });
    connect(estimation_, &EstimationRunner::finished, this, &MainWindow::onEstimated);
    connect(scheduler_, &SearchScheduler::resultsReady, this, &MainWindow::onResults);
    connect(query_, &QueryPanel::queryChanged, this, &MainWindow::requestSearch);
    connect(query_, &QueryPanel::openImageRequested, this, &MainWindow::chooseImage);
    connect(results_, &ResultsView::kChanged, this, &MainWindow::requestSearch);
    connect(results_, &ResultsView::moreLikeThis, query_, &QueryPanel::loadIntoSkeleton);
    connect(results_, &ResultsView::message, messages_, &MessageBar::showInfo);
    connect(library_, &LibraryPanel::message, this,
            [this](const QString& t, bool error) { error ? messages_->showError(t) : messages_->showInfo(t); });
    connect(library_, &LibraryPanel::libraryChanged, this, &MainWindow::onLibraryCounts);
    resize(1400, 900);
    if (options_.restoreSettings) restoreSettings();
    keepOnScreen(this);
    openServices();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildWidgets() {
    query_ = new QueryPanel(undoGroup_, this);
    results_ = new ResultsView(this);
    splitter_ = new QSplitter(Qt::Horizontal, this);
    splitter_->setObjectName(QStringLiteral("searchSplitter"));
    splitter_->addWidget(query_);
    splitter_->addWidget(results_);
    splitter_->setStretchFactor(0, 2);
    splitter_->setStretchFactor(1, 3);

    welcome_ = new WelcomePage(this);
    connect(welcome_, &WelcomePage::addFolderRequested, this, [this] {
        showWelcome(false);
        library_->chooseFolder();
    });
    connect(welcome_, &WelcomePage::openImageRequested, this, [this] {
        showWelcome(false);
        chooseImage();
    });
    connect(welcome_, &WelcomePage::skeletonRequested, this, &MainWindow::showSkeletonSearch);
    connect(welcome_, &WelcomePage::dismissed, this, [this] { showWelcome(false); });
    searchStack_ = new QStackedWidget(this);
    searchStack_->insertWidget(kSearchPage, splitter_);
    searchStack_->insertWidget(kWelcomePage, welcome_);

    tabs_ = new QTabWidget(this);
    tabs_->addTab(searchStack_, tr("Search"));
    annotate_ = makeAnnotateTab(this, options_.modelFile);
    tabs_->addTab(annotate_, tr("Annotate"));
    auto* training = makeTrainTab(this, options_.modelFile);
    connect(training, &TrainingPanel::modelChosen, this, &MainWindow::useTrainedModel);
    tabs_->addTab(scrollable(training), tr("Train"));
    connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::updateShortcuts);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(tabs_, 1);
    setCentralWidget(central);
    messages_ = new MessageBar(central);  // floats over the central widget, outside the layout

    library_ = new LibraryPanel(this);
    auto* dock = new QDockWidget(tr("Library"), this);
    dock->setObjectName(QStringLiteral("libraryDock"));
    dock->setWidget(library_);
    addDockWidget(Qt::RightDockWidgetArea, dock);

    deviceLabel_ = new QLabel(tr("Device: …"), this);
    modelLabel_ = new QLabel(tr("Model: loading…"), this);
    libraryLabel_ = new QLabel(tr("Library: opening…"), this);
    libraryLabel_->setObjectName(QStringLiteral("libraryStatus"));
    searchLabel_ = new QLabel(this);
    statusBar()->addWidget(searchLabel_, 1);
    for (QLabel* l : {libraryLabel_, modelLabel_, deviceLabel_}) statusBar()->addPermanentWidget(l);
}

QAction* MainWindow::makeShortcutAction(const QString& text, const QKeySequence& key, std::function<void()> f) {
    auto* a = new QAction(text, this);
    a->setShortcut(key);
    a->setShortcutContext(Qt::WindowShortcut);
    a->setProperty("searchOnly", true);  // see updateShortcuts()
    connect(a, &QAction::triggered, this, std::move(f));
    addAction(a);
    actions_ << a;
    return a;
}

void MainWindow::buildActions() {
    // Actions that stay on whatever tab is shown (see updateShortcuts()).
    auto global = [](QAction* a) {
        a->setProperty("searchOnly", false);
        return a;
    };
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QMenu* query = menuBar()->addMenu(tr("&Query"));
    QMenu* view = menuBar()->addMenu(tr("&View"));
    modelMenu_ = new ModelMenu(this);
    menuBar()->addMenu(modelMenu_);
    // Rebuilt on each opening: a run may have finished since.
    connect(modelMenu_, &QMenu::aboutToShow, this, &MainWindow::refreshModelMenu);
    connect(modelMenu_, &ModelMenu::chosen, this, &MainWindow::chooseModel);
    QMenu* help = menuBar()->addMenu(tr("&Help"));

    file->addAction(makeShortcutAction(tr("&Open image…"), QKeySequence::Open, [this] { chooseImage(); }));
    file->addAction(makeShortcutAction(tr("&Paste image"), QKeySequence::Paste, [this] { pasteImage(); }));
    file->addSeparator();
    file->addAction(makeShortcutAction(tr("&Add library folder…"), QKeySequence(tr("Ctrl+Shift+O")),
                                       [this] { library_->chooseFolder(); }));
    file->addAction(
        makeShortcutAction(tr("&Re-scan library"), QKeySequence(Qt::Key_F5), [this] { library_->rescan(); }));
    file->addAction(makeShortcutAction(tr("&Cancel indexing"), QKeySequence(tr("Ctrl+Shift+K")),
                                       [this] { library_->cancelIndexing(); }));
    file->addAction(global(makeShortcutAction(tr("C&heck library…"), QKeySequence(), [this] { checkLibrary(); })));
    file->addSeparator();
    file->addAction(global(makeShortcutAction(tr("&Quit"), QKeySequence::Quit, [this] { close(); })));

    QAction* undo = undoGroup_->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = undoGroup_->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence::Redo, QKeySequence(tr("Ctrl+Y"))});
    for (QAction* a : {undo, redo}) {
        a->setProperty("searchOnly", true);
        addAction(a);
        edit->addAction(a);
        actions_ << a;
    }

    query->addAction(
        makeShortcutAction(tr("Search by &image"), QKeySequence(tr("Ctrl+1")), [this] { query_->showImageMode(); }));
    query->addAction(
        makeShortcutAction(tr("Search by &skeleton"), QKeySequence(tr("Ctrl+2")), [this] { showSkeletonSearch(); }));
    query->addAction(
        makeShortcutAction(tr("&Reset skeleton"), QKeySequence(tr("Ctrl+R")), [this] { query_->resetSkeleton(); }));
    query->addAction(makeShortcutAction(tr("Rotate figure left"), QKeySequence(tr("Ctrl+[")),
                                        [this] { query_->skeletonCanvas()->rotateBy(-kRotateStep); }));
    query->addAction(makeShortcutAction(tr("Rotate figure right"), QKeySequence(tr("Ctrl+]")),
                                        [this] { query_->skeletonCanvas()->rotateBy(kRotateStep); }));
    query->addAction(makeShortcutAction(tr("Enlarge figure"), QKeySequence::ZoomIn,
                                        [this] { query_->skeletonCanvas()->scaleBy(kScaleStep); }));
    query->addAction(makeShortcutAction(tr("Shrink figure"), QKeySequence::ZoomOut,
                                        [this] { query_->skeletonCanvas()->scaleBy(1 / kScaleStep); }));
    query->addSeparator();
    query->addAction(makeShortcutAction(tr("&Mirror on/off"), QKeySequence(tr("Ctrl+M")),
                                        [this] { query_->setMirror(!query_->mirror()); }));
    query->addAction(makeShortcutAction(tr("Any &rotation on/off"), QKeySequence(tr("Ctrl+T")),
                                        [this] { query_->setAnyRotation(!query_->anyRotation()); }));
    query->addAction(makeShortcutAction(tr("Choose &body part"), QKeySequence(tr("Ctrl+B")), [this] {
        query_->partBox()->setFocus();
        query_->partBox()->showPopup();
    }));
    query->addAction(makeShortcutAction(tr("Number of &results"), QKeySequence(tr("Ctrl+K")), [this] {
        results_->setFocus();
        results_->setK(results_->k());
    }));
    query->addSeparator();
    auto selectedRow = [this] { return results_->list()->currentIndex().row(); };
    query->addAction(makeShortcutAction(tr("More &like this"), QKeySequence(tr("Ctrl+Return")), [this, selectedRow] {
        if (const int row = selectedRow(); row >= 0)
            query_->loadIntoSkeleton(results_->model()->item(row).hit.entry.pose);
    }));
    query->addAction(makeShortcutAction(tr("Open result in &viewer"), QKeySequence(tr("Ctrl+Shift+V")),
                                        [this, selectedRow] { results_->openRow(selectedRow()); }));
    query->addAction(makeShortcutAction(tr("Show result in &folder"), QKeySequence(tr("Ctrl+Shift+F")),
                                        [this, selectedRow] { results_->showRowInFolder(selectedRow()); }));

    view->addAction(global(
        makeShortcutAction(tr("&Search tab"), QKeySequence(tr("Alt+1")), [this] { tabs_->setCurrentIndex(0); })));
    view->addAction(global(
        makeShortcutAction(tr("&Annotate tab"), QKeySequence(tr("Alt+2")), [this] { tabs_->setCurrentIndex(1); })));
    view->addAction(
        global(makeShortcutAction(tr("&Train tab"), QKeySequence(tr("Alt+3")), [this] { tabs_->setCurrentIndex(2); })));
    view->addAction(global(makeShortcutAction(tr("&Library panel"), QKeySequence(tr("Ctrl+Shift+L")), [this] {
        auto* dock = findChild<QDockWidget*>(QStringLiteral("libraryDock"));
        dock->setVisible(!dock->isVisible());
    })));
    view->addAction(
        makeShortcutAction(tr("&Welcome screen"), QKeySequence(tr("Ctrl+Shift+W")), [this] { showWelcome(true); }));
    view->addAction(
        makeShortcutAction(tr("&Browse library"), QKeySequence(tr("Ctrl+Shift+B")), [this] { browseLibrary(); }));
    help->addAction(makeShortcutAction(tr("&Keyboard shortcuts"), QKeySequence::HelpContents, [this] {
        HelpDialog dialog(actions_, this);
        dialog.exec();
    }));
}

void MainWindow::updateShortcuts() {
    // The annotator has its own shortcuts (Ctrl+O, Ctrl+Z, F1, ...): two actions with one key
    // in one window would both stay silent, so the search's keys only live on its tab.
    const bool search = tabs_->currentIndex() == 0;
    for (QAction* a : std::as_const(actions_)) {
        if (!a->property("searchOnly").toBool()) continue;
        if (!a->property("keys").isValid()) a->setProperty("keys", QVariant::fromValue(a->shortcuts()));
        a->setShortcuts(search ? a->property("keys").value<QList<QKeySequence>>() : QList<QKeySequence>{});
    }
}

void MainWindow::openServices() {
    openLibrary();
    refreshModelMenu();
    if (options_.modelFile.isEmpty()) {
        modelLabel_->setText(tr("Model: none"));
        return;
    }
    openModel(ModelCatalog::describe(options_.modelFile, modelMenu_->choices()), false, options_.modelNotice);
}

void MainWindow::openLibrary() {
    if (options_.libraryFile.isEmpty()) return;
    ++pendingServices_;
    const QString file = options_.libraryFile;
    runInBackground(
        this,
        [file] {
            QDir().mkpath(QFileInfo(file).absolutePath());
            return std::shared_ptr<PoseLibrary>(PoseLibrary::open(file.toStdString()));
        },
        [this, file](const JobOutcome<std::shared_ptr<PoseLibrary>>& opened) {
            --pendingServices_;
            if (opened.ok())
                useLibrary(opened.value());
            else {
                libraryLabel_->setText(tr("Library: not open"));
                messages_->showError(tr("Could not open the library %1: %2").arg(file, opened.error()));
            }
        });
}

// Before a rebuild replaces the file: no connection of this window may keep writing into it.
void MainWindow::closeLibrary() {
    library_->cancelIndexing();
    libraryHandle_.reset();
    scheduler_->setLibrary(nullptr);
    library_->setLibrary(nullptr);
    libraryLabel_->setText(tr("Library: closed"));
}

void MainWindow::checkLibrary() {
    if (options_.libraryFile.isEmpty()) return;
    checkLibraryInteractively(this, options_.libraryFile, {[this] { closeLibrary(); }, [this] { openLibrary(); }});
}

QString MainWindow::modelsDir() const {
    return options_.modelsDir.isEmpty() ? QString::fromStdString(refpose::modelsDir().string()) : options_.modelsDir;
}

void MainWindow::refreshModelMenu() { modelMenu_->setChoices(ModelCatalog::all(modelsDir()), active_.file); }

// The model the Model menu or the training panel chose: a lower score than the active model's
// is asked about first (a model that finds no character must not replace a good one silently).
void MainWindow::chooseModel(const ModelChoice& choice) {
    if (!active_.file.isEmpty() &&
        QFileInfo(active_.file).absoluteFilePath() == QFileInfo(choice.file).absoluteFilePath()) {
        messages_->showInfo(tr("%1 is already the active model.").arg(choice.name));
        return;
    }
    if (!acceptsScoreOf(choice)) {
        messages_->showInfo(tr("Still using %1.").arg(active_.name));
        refreshModelMenu();  // the menu's check goes back to the active model
        return;
    }
    messages_->showInfo(tr("Loading %1 for search and indexing…").arg(choice.name));
    openModel(choice, true);
}

bool MainWindow::acceptsScoreOf(const ModelChoice& next) {
    if (!next.oks50 || !active_.oks50 || *next.oks50 >= *active_.oks50) return true;
    const auto score = [](double v) { return QString::number(v, 'f', 2); };
    return confirm_(tr("Use a lower-scoring model?"),
                    tr("%1 scores OKS@50 %2 on validation images, below the active model %3 (OKS@50 %4): searches "
                       "by image will find fewer characters.\n\nUse %1 anyway? You can switch back in the Model menu.")
                        .arg(next.name, score(*next.oks50), active_.name, score(*active_.oks50)));
}

// `notice` (why this model and not the remembered one) is said once the model loaded: by then
// the window is laid out, and the message bar is placed over it, not in a corner.
void MainWindow::openModel(const ModelChoice& choice, bool remember, const QString& notice) {
    ++pendingServices_;
    const QString model = choice.file;
    const auto loaded = [this, choice, remember, notice](const JobOutcome<std::shared_ptr<PoseEstimator>>& opened) {
        --pendingServices_;
        if (opened.ok()) {
            applyEstimator(opened.value(), choice);
            // Remembered only once it loaded: a broken file never becomes the model of the next start.
            if (remember) {
                QSettings().setValue(QLatin1String(kActiveModelKey), choice.file);
                messages_->showInfo(tr("Using %1 for search and indexing.").arg(choice.name));
            }
            if (!notice.isEmpty()) messages_->showInfo(notice);
        } else {
            if (!estimator_) modelLabel_->setText(tr("Model: not loaded"));
            const QString still =
                estimator_ ? tr("Still using %1.").arg(active_.name) : tr("Search by skeleton still works.");
            messages_->showError(
                tr("%4Could not load the pose model %1: %2. %3")
                    .arg(choice.file, opened.error(), still, notice.isEmpty() ? QString() : notice + QLatin1Char(' ')));
        }
        refreshModelMenu();
    };
    runInBackground(
        this, [model] { return std::shared_ptr<PoseEstimator>(PoseEstimator::open(model.toStdString())); }, loaded);
}

// "Use this model" in the training panel: the trained model becomes the active one for search
// and indexing, now and at the next start, after the same check as the menu's.
void MainWindow::useTrainedModel(const QString& modelFile) {
    chooseModel(ModelCatalog::describe(modelFile, ModelCatalog::all(modelsDir())));
}

void MainWindow::useEstimator(std::shared_ptr<PoseEstimator> estimator, const QString& modelName) {
    ModelChoice injected;
    injected.name = modelName;
    applyEstimator(std::move(estimator), injected);
}

void MainWindow::applyEstimator(std::shared_ptr<PoseEstimator> estimator, const ModelChoice& model) {
    estimator_ = std::move(estimator);
    active_ = model;
    estimation_->setEstimator(estimator_);
    library_->setEstimator(estimator_);
    annotate_->setEstimator(estimator_);  // pre-annotation uses the model search uses
    modelLabel_->setText(tr("Model: %1").arg(model.label()));
    modelLabel_->setToolTip(
        QStringLiteral("%1\n%2").arg(QString::fromStdString(estimator_->modelId()), model.metricNote).trimmed());
    deviceLabel_->setText(tr("Device: %1").arg(QString::fromStdString(estimator_->deviceName())));
}

void MainWindow::useLibrary(std::shared_ptr<PoseLibrary> library) {
    libraryHandle_ = std::move(library);
    scheduler_->setLibrary(libraryHandle_);
    library_->setLibrary(libraryHandle_);
    requestSearch();
}

void MainWindow::onLibraryCounts(const LibraryCounts& counts) {
    libraryLabel_->setText(
        tr("Library: %1, %2")
            .arg(countOf(counts.images, tr("image"), tr("images")), countOf(counts.poses, tr("pose"), tr("poses"))));
    results_->setLibraryPoseCount(counts.poses);  // so the results header can say why fewer came back
    requestSearch();                              // the library changed under the current query
    if (exampleChecked_) return;
    exampleChecked_ = true;
    QSettings settings;
    const bool firstStart = !settings.value(QStringLiteral("library/exampleOffered"), false).toBool();
    const bool empty = counts.poses == 0 && counts.folders == 0;
    if (firstStart && empty && !options_.exampleLibraryDir.isEmpty() && QFileInfo(options_.exampleLibraryDir).isDir()) {
        messages_->showInfo(tr("Opening the example library (%1).").arg(options_.exampleLibraryDir));
        library_->addFolders({options_.exampleLibraryDir});
    }
    settings.setValue(QStringLiteral("library/exampleOffered"), true);
    if (!userActed_ && !settings.value(QStringLiteral("welcome/shown"), false).toBool()) showWelcome(true);
}

void MainWindow::showSkeletonSearch() {
    showWelcome(false);
    tabs_->setCurrentIndex(0);
    query_->showSkeletonMode();
}

void MainWindow::showWelcome(bool show) {
    if (!show) {
        userActed_ = true;
        QSettings().setValue(QStringLiteral("welcome/shown"), true);  // seen and left: not again
    }
    searchStack_->setCurrentIndex(show ? kWelcomePage : kSearchPage);
    if (show) {
        tabs_->setCurrentIndex(0);
        QSettings().setValue(QStringLiteral("welcome/shown"), true);
    }
}

void MainWindow::chooseImage() {
    QStringList patterns;
    for (const QByteArray& f : QImageReader::supportedImageFormats())
        patterns << QStringLiteral("*.") + QString::fromLatin1(f);
    const QString file = QFileDialog::getOpenFileName(this, tr("Search by image"), {},
                                                      tr("Images (%1)").arg(patterns.join(QLatin1Char(' '))));
    if (!file.isEmpty()) openImageFile(file);
}

void MainWindow::openImageFile(const QString& path) {
    showWelcome(false);
    tabs_->setCurrentIndex(0);
    query_->showImageMode();
    if (!estimator_) {
        messages_->showInfo(tr("The pose model is not loaded yet: %1 will be estimated once it is.").arg(path));
    }
    estimation_->estimateFile(path);
}

void MainWindow::pasteImage() {
    const QImage image = QApplication::clipboard()->image();
    if (image.isNull()) {
        messages_->showInfo(tr("The clipboard holds no image."));
        return;
    }
    showWelcome(false);
    query_->showImageMode();
    estimation_->estimateImage(image, tr("pasted image"));
}

void MainWindow::onEstimated(const QString& source, const EstimationOutcome& outcome) {
    if (!outcome.ok()) {
        query_->setImageStatus(tr("Could not use %1").arg(source));
        messages_->showError(outcome.error());
        return;
    }
    const EstimationResult& r = outcome.value();
    messages_->clearInfo();  // e.g. "the model is not loaded yet" no longer holds
    const QFileInfo file(source);
    const bool found = r.estimate.score >= kLowEstimateScore;
    // A file's own entry in the library is not a result; a pasted image has no file.
    const QString path = file.isAbsolute() && file.isFile() ? file.canonicalFilePath() : QString();
    query_->showEstimate(r.image, r.estimate.pose, file.fileName(), path, found);
    if (!found) {
        results_->showWaiting(tr("No character found in %1: no search until a joint is dragged").arg(file.fileName()));
        messages_->showInfo(tr("No character found with confidence in %1: drag the figure's joints onto the "
                               "character.")
                                .arg(source));
    }
}

// The library's first entries in the results grid, without a query; the next query change
// searches again. Read in a worker like every search.
void MainWindow::browseLibrary() {
    if (!libraryHandle_) return;
    showWelcome(false);
    tabs_->setCurrentIndex(0);
    runInBackground(
        this,
        [library = libraryHandle_] {
            return std::pair(refpose::ui::browseLibrary(*library, kBrowsedEntries), library->counts());
        },
        [this](const JobOutcome<std::pair<QueryResult, LibraryCounts>>& outcome) {
            if (!outcome.ok()) {
                messages_->showError(tr("Cannot browse the library: %1").arg(outcome.error()));
                return;
            }
            results_->showBrowse(outcome.value().first, outcome.value().second.poses);
        });
}

void MainWindow::requestSearch() {
    if (!libraryHandle_) return;
    if (auto q = query_->currentQuery(std::size_t(results_->k()))) scheduler_->request(*q);
}

void MainWindow::onResults(const SearchOutcome& outcome) {
    if (!outcome.ok()) {
        messages_->showError(tr("Search failed: %1").arg(outcome.error()));
        results_->showFailure();
        return;
    }
    const QueryResult& r = outcome.value();
    results_->showResult(r);
    searchLabel_->setText(tr("Search: %1 ms").arg(QString::number(r.milliseconds, 'f', 1)));
    Q_EMIT resultsShown(r);
}

bool MainWindow::isBusy() const {
    return pendingServices_ > 0 || estimation_->busy() || scheduler_->busy() || library_->busy();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls() || e->mimeData()->hasImage()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    const QMimeData* mime = e->mimeData();
    QStringList folders;
    QString image;
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile()) continue;
        const QFileInfo info(url.toLocalFile());
        if (info.isDir())
            folders << info.absoluteFilePath();
        else if (image.isEmpty())
            image = info.absoluteFilePath();
    }
    if (!folders.isEmpty()) library_->addFolders(folders);
    if (!image.isEmpty())
        openImageFile(image);
    else if (folders.isEmpty() && mime->hasImage()) {
        query_->showImageMode();
        estimation_->estimateImage(qvariant_cast<QImage>(mime->imageData()), tr("dropped image"));
    }
    e->acceptProposedAction();
}

void MainWindow::closeEvent(QCloseEvent* e) {
    if (options_.restoreSettings) saveSettings();
    QMainWindow::closeEvent(e);
}

void MainWindow::saveSettings() const {
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/splitter"), splitter_->saveState());
    s.setValue(QStringLiteral("search/k"), results_->k());
    s.setValue(QStringLiteral("search/mirror"), query_->mirror());
    s.setValue(QStringLiteral("search/anyRotation"), query_->anyRotation());
}

// A geometry saved on a larger screen, or on one since unplugged, must not leave the window
// running off this screen's edges: shrink it to the available area, then move it inside.
void MainWindow::restoreSettings() {
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    splitter_->restoreState(s.value(QStringLiteral("window/splitter")).toByteArray());
    results_->setK(s.value(QStringLiteral("search/k"), results_->k()).toInt());
    query_->setMirror(s.value(QStringLiteral("search/mirror"), true).toBool());
    query_->setAnyRotation(s.value(QStringLiteral("search/anyRotation"), true).toBool());
}

}  // namespace refpose::ui
