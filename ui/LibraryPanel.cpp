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
#include <QtConcurrent>

#include <chrono>
#include <exception>
#include <filesystem>
#include <system_error>

namespace refpose::ui {

namespace {
constexpr qint64 kProgressIntervalMs = 100;  // progress reaches the GUI at most this often

// An exception's reason, naming the library file when the reason does not (SQLite's
// "database is locked" names none; LibraryError's messages do).
QString failureReason(const PoseLibrary& library, const std::exception& e) {
    const QString file = QString::fromStdString(library.file().string());
    const QString reason = QString::fromUtf8(e.what());
    return reason.contains(file) ? reason : file + QStringLiteral(": ") + reason;
}

LibrarySnapshot readSnapshot(const PoseLibrary& library) {
    LibrarySnapshot s;
    try {
        s.counts = library.counts();
        s.failures = library.failures();
        s.folders = library.folders();
    } catch (const std::exception& e) {
        s.error = failureReason(library, e);
    }
    return s;
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

// Adds the folders and indexes the library; a failure becomes the outcome's error.
IndexOutcome runIndex(PoseLibrary& library, PoseEstimator& estimator, const IndexOptions& options,
                      const QStringList& add) {
    IndexOutcome outcome;
    for (const QString& f : add)
        if (!holdsAnImage(f)) outcome.foldersWithoutImages << f;
    try {
        for (const QString& f : add) library.addFolder(f.toStdString());
        outcome.report = library.index(estimator, options);
    } catch (const std::exception& e) {
        outcome.error = failureReason(library, e);
    }
    return outcome;
}

QString formatDuration(double seconds) {
    const int s = int(seconds + 0.5);
    return s >= 3600 ? QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}
// One spelling of a folder for comparing the panel's paths with the library's.
QString samePath(const QString& folder) { return QDir::cleanPath(QFileInfo(folder).absoluteFilePath()); }

constexpr int kFolderPathRole = Qt::UserRole;  // an item's folder; its text may carry a mark
}  // namespace

LibraryPanel::LibraryPanel(QWidget* parent) : QWidget(parent) {
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
    connect(&indexWatcher_, &QFutureWatcher<IndexOutcome>::finished, this, &LibraryPanel::indexFinished);
    connect(&refreshWatcher_, &QFutureWatcher<LibrarySnapshot>::finished, this, [this] {
        refreshing_ = false;
        showSnapshot(refreshWatcher_.result());
        if (refreshAgain_) {
            refreshAgain_ = false;
            refresh();
        }
    });
    connect(&removeWatcher_, &QFutureWatcher<QString>::finished, this, [this] {
        removing_ = false;
        if (const QString err = removeWatcher_.result(); !err.isEmpty()) Q_EMIT message(err, true);
        refresh();
    });

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

LibraryPanel::~LibraryPanel() {
    if (cancel_) cancel_->store(true);
    indexWatcher_.waitForFinished();
    refreshWatcher_.waitForFinished();
    removeWatcher_.waitForFinished();
}

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
    return indexing_ || refreshing_ || removing_ ||
           (!pendingAdd_.isEmpty() && estimator_ && library_);
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
           "and adding the folder again re-indexes them.").arg(folder);
    const bool yes = confirm_ ? confirm_(question)
                              : QMessageBox::question(this, tr("Remove folder"), question,
                                                      QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes;
    if (yes) removeFolder(folder);
}

void LibraryPanel::removeFolder(const QString& folder) {
    if (!library_) return;
    if (indexing_) cancelIndexing();  // its images are going away
    auto library = library_;
    removing_ = true;
    removeWatcher_.setFuture(QtConcurrent::run([library, folder]() -> QString {
        try {
            library->removeFolder(folder.toStdString());
            return {};
        } catch (const std::exception& e) {
            return failureReason(*library, e);
        }
    }));
}

void LibraryPanel::cancelIndexing() {
    if (cancel_) cancel_->store(true);
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
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    progress_->setRange(0, 0);
    progress_->show();
    cancelButton_->setEnabled(true);
    rate_->setText(tr("Scanning folders…"));
    Q_EMIT indexingChanged(true);

    auto library = library_;
    auto estimator = estimator_;
    auto cancel = cancel_;
    // Progress arrives on the indexing thread; it is forwarded at most every kProgressIntervalMs.
    auto lastSent = std::make_shared<std::atomic<qint64>>(0);
    IndexOptions options;
    options.cancel = cancel.get();
    options.onProgress = [this, lastSent](const IndexProgress& p) {
        const qint64 now = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now().time_since_epoch()).count();
        if (p.done < p.total && now - lastSent->load() < kProgressIntervalMs) return;
        lastSent->store(now);
        QMetaObject::invokeMethod(this, [this, p] { showProgress(p); }, Qt::QueuedConnection);
    };
    // `cancel` is captured to keep the flag that options.cancel points to alive.
    indexWatcher_.setFuture(QtConcurrent::run(
        [library, estimator, cancel, options, add] { return runIndex(*library, *estimator, options, add); }));
}

void LibraryPanel::showProgress(const IndexProgress& p) {
    if (!indexing_) return;
    progress_->setRange(0, int(std::max<std::int64_t>(p.total, 1)));
    progress_->setValue(int(p.done));
    progress_->setFormat(tr("%v of %1").arg(countOf(p.total, tr("image"), tr("images"))));
    QString text = tr("%1 images/s").arg(QString::number(p.rate, 'f', 1));
    if (p.etaSeconds > 0) text += tr(", %1 left").arg(formatDuration(p.etaSeconds));
    if (p.failed > 0) text += tr(", %n failed", nullptr, int(p.failed));
    if (!p.currentFile.empty()) text += QLatin1Char('\n') + QFileInfo(QString::fromStdString(p.currentFile)).fileName();
    rate_->setText(text);
}

void LibraryPanel::indexFinished() {
    indexing_ = false;
    progress_->hide();
    cancelButton_->setEnabled(false);
    const IndexOutcome outcome = indexWatcher_.result();
    addingNow_.clear();
    for (const QString& f : outcome.foldersWithoutImages)
        Q_EMIT message(tr("No images found in %1; it stays in the list, and Re-scan indexes images put there later.").arg(f), false);
    if (outcome.error.isEmpty()) {
        const IndexReport& r = outcome.report;
        lastReport_ = r;
        rate_->setText((r.cancelled ? tr("Indexing cancelled: ") : tr("Indexed: "))
                       + tr("%1 new, %2 unchanged, %3 removed, %4 failed in %5 s")
                             .arg(r.estimated).arg(r.unchanged).arg(r.removed).arg(r.failed)
                             .arg(QString::number(r.seconds, 'f', 1)));
        if (r.cancelled) Q_EMIT message(tr("Indexing cancelled; the images indexed so far are kept."), false);
    } else {
        rate_->setText(tr("Indexing failed"));
        Q_EMIT message(tr("Indexing failed: %1").arg(outcome.error), true);
    }
    Q_EMIT indexingChanged(false);
    refresh();
    startPending();
}

void LibraryPanel::refresh() {
    if (!library_) return;
    auto library = library_;
    if (refreshing_) {
        refreshAgain_ = true;  // the running read may predate the change: read again when it ends
        return;
    }
    refreshing_ = true;
    refreshWatcher_.setFuture(QtConcurrent::run([library] { return readSnapshot(*library); }));
}

void LibraryPanel::showSnapshot(const LibrarySnapshot& s) {
    if (!s.error.isEmpty()) {
        Q_EMIT message(tr("Could not read the library: %1").arg(s.error), true);
        return;
    }
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
    const QString selected = folders_->currentItem() ? folders_->currentItem()->data(kFolderPathRole).toString() : QString();
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
