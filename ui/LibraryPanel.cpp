#include "LibraryPanel.h"

#include "Plural.h"
#include "library/LibraryIndexer.h"

#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <exception>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace refpose::ui {

namespace {
// Runs `libraryCall`; a failure is rethrown naming the library file when its reason does not
// (SQLite's "database is locked" names none; LibraryError's messages do).
template <typename Call>
auto namingTheLibrary(const PoseLibrary& library, Call libraryCall) {
    try {
        return libraryCall();
    } catch (const std::exception& e) {
        const std::string file = library.file().string();
        const std::string reason = e.what();
        throw std::runtime_error(reason.find(file) != std::string::npos ? reason : file + ": " + reason);
    }
}

LibrarySnapshot readSnapshot(const PoseLibrary& library) {
    return namingTheLibrary(library, [&] {
        LibrarySnapshot s;
        s.counts = library.counts();
        s.failures = library.failures();
        s.folders = library.folders();
        return s;
    });
}

// True when some file under `folder` (recursively, like the indexer) is an indexable image;
// stops at the first one, so only a folder without images is walked to its end.
bool holdsAnImage(const QString& folder) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::recursive_directory_iterator it(folder.toStdString(), fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec) && isIndexableImage(it->path())) return true;
    return false;
}

QString formatDuration(double seconds) {
    const int s = int(seconds + 0.5);
    return s >= 3600 ? QStringLiteral("%1:%2:%3")
                           .arg(s / 3600)
                           .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

// The line under the progress bar (formatted in the worker: the job reports text).
QString progressText(const IndexProgress& p) {
    QString text = LibraryPanel::tr("%1 images/s").arg(QString::number(p.rate, 'f', 1));
    if (p.etaSeconds > 0) text += LibraryPanel::tr(", %1 left").arg(formatDuration(p.etaSeconds));
    if (p.failed > 0) text += LibraryPanel::tr(", %n failed", nullptr, int(p.failed));
    if (!p.currentFile.empty()) text += QLatin1Char('\n') + QFileInfo(QString::fromStdString(p.currentFile)).fileName();
    return text;
}

// Adds the folders and indexes the library, reporting progress and stopping when cancelled.
IndexResult runIndex(PoseLibrary& library, PoseEstimator& estimator, const QStringList& add, const JobContext& job) {
    IndexResult result;
    for (const QString& f : add)
        if (!holdsAnImage(f)) result.foldersWithoutImages << f;
    IndexOptions options;
    options.cancel = job.cancelFlag();
    options.onProgress = [&job](const IndexProgress& p) { job.report({int(p.done), int(p.total), progressText(p)}); };
    result.report = namingTheLibrary(library, [&] {
        for (const QString& f : add) library.addFolder(f.toStdString());
        return library.index(estimator, options);
    });
    return result;
}
// One spelling of a folder for comparing the panel's paths with the library's.
QString samePath(const QString& folder) { return QDir::cleanPath(QFileInfo(folder).absoluteFilePath()); }

constexpr int kFolderPathRole = Qt::UserRole;  // an item's folder; its text may carry a mark
}  // namespace

LibraryPanel::LibraryPanel(QWidget* parent)
    : QWidget(parent),
      refresher_([](const std::shared_ptr<const PoseLibrary>& library) { return readSnapshot(*library); },
                 [this](const auto&, const JobOutcome<LibrarySnapshot>& s) { showSnapshot(s); }) {
    qRegisterMetaType<IndexProgress>();
    qRegisterMetaType<LibraryCounts>();
    setAcceptDrops(true);
    folders_ = new QListWidget(this);
    folders_->setToolTip(tr("Folders of reference images; drop a folder here to add it"));
    // Long paths lose their middle, not their end, so the "(indexing…)" mark stays in view.
    folders_->setTextElideMode(Qt::ElideMiddle);
    folders_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    add_ = new QPushButton(tr("Add folder…"), this);
    remove_ = new QPushButton(tr("Remove"), this);
    rescan_ = new QPushButton(tr("Re-scan"), this);
    cancelButton_ = new QPushButton(tr("Cancel"), this);
    cancelButton_->setEnabled(false);
    progress_ = new QProgressBar(this);
    progress_->setTextVisible(true);
    progress_->hide();
    rate_ = new QLabel(this);
    rate_->setWordWrap(true);
    countsLabel_ = new QLabel(tr("Opening the library…"), this);
    countsLabel_->setWordWrap(true);  // wraps rather than widening the dock on a small screen
    failures_ = new QTreeWidget(this);
    failures_->setHeaderLabels({tr("File that failed"), tr("Reason")});
    failures_->setRootIsDecorated(false);
    failures_->header()->setStretchLastSection(true);

    connect(add_, &QPushButton::clicked, this, &LibraryPanel::chooseFolder);
    connect(remove_, &QPushButton::clicked, this, [this] {
        if (auto* item = folders_->currentItem()) requestRemove(item->data(kFolderPathRole).toString());
    });
    connect(rescan_, &QPushButton::clicked, this, &LibraryPanel::rescan);
    connect(cancelButton_, &QPushButton::clicked, this, &LibraryPanel::cancelIndexing);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add_);
    buttons->addWidget(remove_);
    buttons->addWidget(rescan_);
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(progress_, 1);
    progressRow->addWidget(cancelButton_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<b>Reference folders</b>"), this));
    layout->addWidget(folders_, 1);
    layout->addLayout(buttons);
    layout->addLayout(progressRow);
    layout->addWidget(rate_);
    layout->addWidget(countsLabel_);
    layout->addWidget(failures_, 1);
    for (QPushButton* b : {add_, remove_, rescan_}) b->setEnabled(false);
}

// Waits for nothing: each job owns the library and estimator it uses; indexing is told to stop
// (after the images in progress), so it does not keep the process busy after the window closed.
LibraryPanel::~LibraryPanel() { cancelIndex_.cancel(); }

void LibraryPanel::setLibrary(std::shared_ptr<PoseLibrary> library) {
    library_ = std::move(library);
    for (QPushButton* b : {add_, remove_, rescan_}) b->setEnabled(library_ != nullptr);
    refresh();
    startPending();
}

void LibraryPanel::setEstimator(std::shared_ptr<PoseEstimator> estimator) {
    estimator_ = std::move(estimator);
    startPending();
}

bool LibraryPanel::busy() const {
    return indexing_ || refresher_.busy() || removing_ || (!pendingAdd_.isEmpty() && estimator_ && library_);
}

void LibraryPanel::chooseFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a folder of reference images"));
    if (!dir.isEmpty()) addFolders({dir});
}

void LibraryPanel::addFolders(const QStringList& folders) {
    for (const QString& f : folders) {
        const QFileInfo info(f);
        if (!info.isDir()) {
            Q_EMIT message(tr("%1 is not a folder.").arg(f), true);
            continue;
        }
        pendingAdd_ << samePath(f);
    }
    showFolders();
    startPending();
}

void LibraryPanel::rescan() {
    rescanPending_ = true;
    startPending();
}

void LibraryPanel::requestRemove(const QString& folder) {
    const QString question =
        tr("Remove %1 from the library?\n\nIts poses leave the search results; the image files stay on disk, "
           "and adding the folder again re-indexes them.")
            .arg(folder);
    const bool yes =
        confirm_ ? confirm_(question)
                 : QMessageBox::question(this, tr("Remove folder"), question, QMessageBox::Yes | QMessageBox::No,
                                         QMessageBox::No) == QMessageBox::Yes;
    if (yes) removeFolder(folder);
}

void LibraryPanel::removeFolder(const QString& folder) {
    if (!library_) return;
    if (indexing_) cancelIndexing();  // its images are going away
    removing_ = true;
    runInBackground(
        this,
        [library = library_, folder] {
            namingTheLibrary(*library, [&] { library->removeFolder(folder.toStdString()); });
        },
        [this](const JobOutcome<Done>& removed) {
            removing_ = false;
            if (!removed.ok()) Q_EMIT message(removed.error(), true);
            refresh();
        });
}

void LibraryPanel::cancelIndexing() {
    cancelIndex_.cancel();
    rate_->setText(tr("Cancelling after the images in progress…"));
    cancelButton_->setEnabled(false);
}

void LibraryPanel::startPending() {
    if (indexing_ || !library_ || (pendingAdd_.isEmpty() && !rescanPending_)) return;
    if (!estimator_) {
        rate_->setText(tr("Waiting for the pose model to load before indexing…"));
        return;
    }
    const QStringList add = pendingAdd_;
    pendingAdd_.clear();
    addingNow_ = add;
    rescanPending_ = false;
    indexing_ = true;
    progress_->setRange(0, 0);
    progress_->show();
    cancelButton_->setEnabled(true);
    rate_->setText(tr("Scanning folders…"));
    Q_EMIT indexingChanged(true);

    cancelIndex_ = runWithProgress(
        this,
        [library = library_, estimator = estimator_, add](const JobContext& job) {
            return runIndex(*library, *estimator, add, job);
        },
        [this](const JobOutcome<IndexResult>& outcome) { indexFinished(outcome); },
        [this](const JobProgress& p) { showProgress(p); });
}

void LibraryPanel::showProgress(const JobProgress& p) {
    progress_->setRange(0, std::max(p.total, 1));
    progress_->setValue(p.done);
    progress_->setFormat(tr("%v of %1").arg(countOf(p.total, tr("image"), tr("images"))));
    rate_->setText(p.text);
}

void LibraryPanel::indexFinished(const JobOutcome<IndexResult>& outcome) {
    indexing_ = false;
    progress_->hide();
    cancelButton_->setEnabled(false);
    addingNow_.clear();
    if (outcome.ok()) {
        for (const QString& f : outcome.value().foldersWithoutImages)
            Q_EMIT message(
                tr("No images found in %1; it stays in the list, and Re-scan indexes images put there later.").arg(f),
                false);
        const IndexReport& r = outcome.value().report;
        lastReport_ = r;
        rate_->setText((r.cancelled ? tr("Indexing cancelled: ") : tr("Indexed: ")) +
                       tr("%1 new, %2 unchanged, %3 removed, %4 failed in %5 s")
                           .arg(r.estimated)
                           .arg(r.unchanged)
                           .arg(r.removed)
                           .arg(r.failed)
                           .arg(QString::number(r.seconds, 'f', 1)));
        if (r.cancelled) Q_EMIT message(tr("Indexing cancelled; the images indexed so far are kept."), false);
    } else {
        rate_->setText(tr("Indexing failed"));
        Q_EMIT message(tr("Indexing failed: %1").arg(outcome.error()), true);
    }
    Q_EMIT indexingChanged(false);
    refresh();
    startPending();
}

// A read in flight may predate the change: the runner reads again when it ends, and drops the
// older snapshot.
void LibraryPanel::refresh() {
    if (library_) refresher_.request(library_);
}

void LibraryPanel::showSnapshot(const JobOutcome<LibrarySnapshot>& outcome) {
    if (!outcome.ok()) {
        Q_EMIT message(tr("Could not read the library: %1").arg(outcome.error()), true);
        return;
    }
    const LibrarySnapshot& s = outcome.value();
    snapshot_ = s;
    showFolders();
    countsLabel_->setText(countsText());
    failures_->clear();
    for (const auto& f : s.failures)
        new QTreeWidgetItem(failures_, {QString::fromStdString(f.path), QString::fromStdString(f.reason)});
    failures_->setVisible(!s.failures.empty());
    Q_EMIT libraryChanged(s.counts);
}

QString LibraryPanel::countsText() const {
    const LibraryCounts& c = snapshot_.counts;
    return tr("%1, %2 (%3 without image), %4")
        .arg(countOf(c.images, tr("image"), tr("images")), countOf(c.poses, tr("pose"), tr("poses")))
        .arg(c.poseOnly)
        .arg(countOf(c.failures, tr("failure"), tr("failures")));
}

// The library's folders, then the ones still being added (the library lists a folder only
// once its job adds it), each of those marked; the selection survives the rebuild.
void LibraryPanel::showFolders() {
    const QString selected =
        folders_->currentItem() ? folders_->currentItem()->data(kFolderPathRole).toString() : QString();
    QStringList adding = addingNow_ + pendingAdd_;
    for (QString& f : adding) f = samePath(f);
    QStringList listed;
    for (const auto& f : snapshot_.folders) listed << samePath(QString::fromStdString(f.string()));
    for (const QString& f : adding)
        if (!listed.contains(f)) listed << f;
    folders_->clear();
    for (const QString& f : listed) {
        auto* item = new QListWidgetItem(adding.contains(f) ? tr("%1 (indexing…)").arg(f) : f, folders_);
        item->setData(kFolderPathRole, f);
        item->setToolTip(f);
        if (f == selected) folders_->setCurrentItem(item);
    }
}

void LibraryPanel::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void LibraryPanel::dropEvent(QDropEvent* e) {
    QStringList dirs;
    for (const QUrl& url : e->mimeData()->urls())
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isDir()) dirs << url.toLocalFile();
    if (dirs.isEmpty()) {
        Q_EMIT message(tr("Drop a folder here to add it to the library."), false);
        return;
    }
    addFolders(dirs);
    e->acceptProposedAction();
}

}  // namespace refpose::ui
