#pragma once
// The reference library: folders (add by dialog or by dropping a folder, remove), indexing in
// the background with progress, rate, ETA and cancel; counts of images, poses and failures,
// and the failures with their reasons. Every library call runs in a worker thread.
// A folder being added is listed at once, marked "indexing…"; a folder without an image is
// kept (a Re-scan indexes images put there later) and the panel says it found none; Remove
// asks first (the folder's poses are dropped from the library, which cannot be undone).

#include "estimate/PoseEstimator.h"
#include "library/PoseLibrary.h"

#include <QFutureWatcher>
#include <QMetaType>
#include <QWidget>

#include <atomic>
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
    QString error;
};

// What an indexing job ends with: its report, or why the library failed (the job catches,
// so no exception is stored in the future: Qt would show it as "std::exception" and rethrow
// it in the destructor's wait, aborting the program).
struct IndexOutcome {
    IndexReport report;
    QString error;  // non-empty when the run failed
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
    void showSnapshot(const LibrarySnapshot& s);
    void showProgress(const IndexProgress& p);
    void indexFinished();
    void showFolders();

    std::shared_ptr<PoseLibrary> library_;
    std::shared_ptr<PoseEstimator> estimator_;
    QStringList pendingAdd_;
    QStringList addingNow_;  // the running job's added folders (listed before the library has them)
    ConfirmFunction confirm_;
    bool rescanPending_ = false;
    bool indexing_ = false;
    bool refreshing_ = false;  // own flags: a watcher's future ends before its finished() is delivered
    bool removing_ = false;
    bool refreshAgain_ = false;
    std::shared_ptr<std::atomic<bool>> cancel_;
    QFutureWatcher<IndexOutcome> indexWatcher_;
    QFutureWatcher<LibrarySnapshot> refreshWatcher_;
    QFutureWatcher<QString> removeWatcher_;
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
