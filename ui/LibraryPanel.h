#pragma once
// The reference library: folders (add by dialog or by dropping a folder, remove), indexing in
// the background with progress, rate, ETA and cancel; counts of images, poses and failures,
// and the failures with their reasons. Every library call runs in a worker thread
// (qtcommon/BackgroundJob.h; the refresh through the latest-wins runner), and none is waited for.
// A folder being added is listed at once, marked "indexing…"; a folder without an image is
// kept (a Re-scan indexes images put there later) and the panel says it found none; Remove
// asks first (the folder's poses are dropped from the library, which cannot be undone).

#include "BackgroundJob.h"
#include "LatestWinsRunner.h"
#include "estimate/PoseEstimator.h"
#include "library/PoseLibrary.h"

#include <QMetaType>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace refpose::ui {

// What the panel shows about the library, read in a worker.
struct LibrarySnapshot {
    LibraryCounts counts;
    std::vector<IndexFailure> failures;
    std::vector<std::filesystem::path> folders;
};

// What a finished indexing job tells (a failed one arrives as its JobOutcome's error).
struct IndexResult {
    IndexReport report;
    QStringList foldersWithoutImages;  // added folders holding no indexable image
};

class LibraryPanel : public QWidget {
    Q_OBJECT
public:
    explicit LibraryPanel(QWidget* parent = nullptr);
    ~LibraryPanel() override;

    void setLibrary(std::shared_ptr<PoseLibrary> library);
    void setEstimator(std::shared_ptr<PoseEstimator> estimator);

    // Adds folders and indexes them (after the running job, and once the model is loaded).
    void addFolders(const QStringList& folders);
    void removeFolder(const QString& folder);
    // Asks the confirm function, then removes the folder (the Remove button's action).
    void requestRemove(const QString& folder);
    // Asks a yes/no question; the default is a message box whose default button is No.
    using ConfirmFunction = std::function<bool(const QString& question)>;
    void setConfirmFunction(ConfirmFunction confirm) { confirm_ = std::move(confirm); }
    QListWidget* folderList() const { return folders_; }
    QString countsText() const;
    void rescan();
    void cancelIndexing();
    bool indexing() const { return indexing_; }
    bool busy() const;
    const LibraryCounts& counts() const { return snapshot_.counts; }
    // The last finished index run's report (none before the first).
    const std::optional<IndexReport>& lastReport() const { return lastReport_; }

    // Opens the folder dialog.
    void chooseFolder();

Q_SIGNALS:
    void libraryChanged(const refpose::LibraryCounts& counts);
    void indexingChanged(bool running);
    void message(const QString& text, bool error);

protected:
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

private:
    void startPending();
    void refresh();
    void showSnapshot(const JobOutcome<LibrarySnapshot>& s);
    void showProgress(const JobProgress& p);
    void indexFinished(const JobOutcome<IndexResult>& outcome);
    void showFolders();

    std::shared_ptr<PoseLibrary> library_;
    std::shared_ptr<PoseEstimator> estimator_;
    QStringList pendingAdd_;
    QStringList addingNow_;  // the running job's added folders (listed before the library has them)
    ConfirmFunction confirm_;
    bool rescanPending_ = false;
    bool indexing_ = false;  // own flags: a future ends before its answer reaches the GUI thread
    bool removing_ = false;
    CancelHandle cancelIndex_;
    LatestWinsRunner<std::shared_ptr<const PoseLibrary>, LibrarySnapshot> refresher_;
    LibrarySnapshot snapshot_;
    std::optional<IndexReport> lastReport_;

    QListWidget* folders_;
    QPushButton* add_;
    QPushButton* remove_;
    QPushButton* rescan_;
    QPushButton* cancelButton_;
    QProgressBar* progress_;
    QLabel* rate_;
    QLabel* countsLabel_;
    QTreeWidget* failures_;
};

}  // namespace refpose::ui

Q_DECLARE_METATYPE(refpose::IndexProgress)
Q_DECLARE_METATYPE(refpose::LibraryCounts)
