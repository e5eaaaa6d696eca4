#pragma once
// RefPose's main window: query by image or skeleton, live results, library, annotator, training.
// Composes the widgets of ui/; every model, disk and database call runs in a worker thread.

#include "ModelCatalog.h"
#include "SearchTypes.h"
#include "estimate/PoseEstimator.h"

#include <QMainWindow>

#include <functional>
#include <memory>

class QAction;
class QLabel;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QUndoGroup;

namespace refpose::annotator {
class AnnotatorView;
}

namespace refpose::ui {

// QSettings key of the model chosen in the Model menu or with "use this model" in the training panel.
inline constexpr const char* kActiveModelKey = "model/active";

class EstimationRunner;
struct EstimationResult;
class LibraryPanel;
class ModelMenu;
class MessageBar;
class QueryPanel;
class ResultsView;
class SearchScheduler;
class WelcomePage;

struct MainWindowOptions {
    QString libraryFile;        // empty: <AppDataLocation>/library.refpose.sqlite
    QString modelFile;          // empty: no model is opened (tests inject one)
    QString modelsDir;          // the built-in models; empty: refpose::modelsDir()
    QString modelNotice;        // shown at start (e.g. the remembered model was missing)
    QString exampleLibraryDir;  // indexed at first start when the library is empty
    bool restoreSettings = true;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(MainWindowOptions options = defaultOptions(), QWidget* parent = nullptr);
    ~MainWindow() override;

    static MainWindowOptions defaultOptions();
    static QString defaultLibraryFile();

    // Services opened elsewhere (tests; the window opens its own from the options otherwise).
    void useEstimator(std::shared_ptr<PoseEstimator> estimator, const QString& modelName);
    void useLibrary(std::shared_ptr<PoseLibrary> library);

    // Makes `choice` the active model (after the score check below), loading it in a worker and
    // remembering it for the next start once it loaded.
    void chooseModel(const ModelChoice& choice);
    // Asks the user a yes/no question (default No); tests replace the modal dialog.
    using ConfirmFunction = std::function<bool(const QString& title, const QString& question)>;
    void setConfirmFunction(ConfirmFunction confirm) { confirm_ = std::move(confirm); }
    // The active model's display name ("RefPose illustrated", a run's folder name) and file.
    QString activeModelName() const { return active_.name; }
    QString activeModelFile() const { return active_.file; }
    QString modelsDir() const;
    ModelMenu* modelMenu() const { return modelMenu_; }

    void openImageFile(const QString& path);
    void pasteImage();
    // Leaves the welcome screen for the skeleton canvas.
    void showSkeletonSearch();
    // View > Browse library: the library's first poses in the results grid, without a query.
    void browseLibrary();
    // True while a model, the library, an estimate, an index run or a search is in progress.
    bool isBusy() const;

    QueryPanel* queryPanel() const { return query_; }
    ResultsView* resultsView() const { return results_; }
    LibraryPanel* libraryPanel() const { return library_; }
    MessageBar* messageBar() const { return messages_; }
    SearchScheduler* scheduler() const { return scheduler_; }
    QList<QAction*> mainActions() const { return actions_; }

Q_SIGNALS:
    // After each search's results reach the grid (tests and the benchmark wait on it).
    void resultsShown(const refpose::ui::QueryResult& result);

protected:
    void closeEvent(QCloseEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

private:
    void buildWidgets();
    void buildActions();
    QAction* makeShortcutAction(const QString& text, const QKeySequence& key, std::function<void()> f);
    void openServices();
    void openModel(const ModelChoice& choice, bool remember, const QString& notice = {});
    bool acceptsScoreOf(const ModelChoice& next);
    void refreshModelMenu();
    void useTrainedModel(const QString& modelFile);
    void applyEstimator(std::shared_ptr<PoseEstimator> estimator, const ModelChoice& model);
    void updateShortcuts();
    void requestSearch();
    void onEstimated(const QString& source, const JobOutcome<EstimationResult>& outcome);
    void onResults(const JobOutcome<QueryResult>& outcome);
    void openLibrary();
    void closeLibrary();
    void checkLibrary();
    void onLibraryCounts(const LibraryCounts& counts);
    void showWelcome(bool show);
    void chooseImage();
    void saveSettings() const;
    void restoreSettings();

    MainWindowOptions options_;
    std::shared_ptr<PoseLibrary> libraryHandle_;
    std::shared_ptr<PoseEstimator> estimator_;
    bool servicesLoading_ = false;
    bool exampleChecked_ = false;
    bool userActed_ = false;  // a query was made: the welcome screen no longer pops up

    QUndoGroup* undoGroup_;
    QTabWidget* tabs_ = nullptr;
    annotator::AnnotatorView* annotate_ = nullptr;
    QStackedWidget* searchStack_ = nullptr;
    WelcomePage* welcome_ = nullptr;
    QSplitter* splitter_ = nullptr;
    QueryPanel* query_ = nullptr;
    ResultsView* results_ = nullptr;
    LibraryPanel* library_ = nullptr;
    MessageBar* messages_ = nullptr;
    EstimationRunner* estimation_ = nullptr;
    SearchScheduler* scheduler_ = nullptr;
    QLabel* deviceLabel_ = nullptr;
    QLabel* modelLabel_ = nullptr;
    QLabel* libraryLabel_ = nullptr;
    QLabel* searchLabel_ = nullptr;
    QList<QAction*> actions_;
    ModelMenu* modelMenu_ = nullptr;
    ModelChoice active_;
    ConfirmFunction confirm_;
    int pendingServices_ = 0;
};

}  // namespace refpose::ui
