#pragma once
// The COCO keypoint annotator: image list with states and a filter, canvas, point list with
// low-confidence flags, pre-annotation with the pose estimator, import, validated export,
// undo and autosave. A QWidget: the main window shows it as a tab; `refpose --annotate DIR`
// shows it in its own window (AnnotatorWindow).

#include "ImageState.h"
#include "PreAnnotator.h"

#include <QWidget>

#include <functional>

class QAction;
class QComboBox;
class QLabel;
class QListView;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QToolBar;

namespace refpose {
struct CocoDataset;
}

namespace refpose::annotator {

class AnnotationCanvas;
class AnnotationDocument;
class HelpOverlay;
class ImageListModel;
class ImageStateFilter;

class AnnotatorView : public QWidget {
    Q_OBJECT
public:
    explicit AnnotatorView(QWidget* parent = nullptr);
    ~AnnotatorView() override;

    // How pre-annotation gets its estimator (called once, in a worker thread, on first use).
    void setEstimatorFactory(EstimatorFactory factory);
    // Or an estimator already open (shared with the rest of the application).
    void setEstimator(std::shared_ptr<PoseEstimator> estimator);

    // Opens a folder of images with its COCO file (created when absent). False with the reason
    // (the current folder stays open). Interactive callers use the Open action instead.
    bool openFolder(const QString& folder, const QString& annotationsFile = {}, QString* error = nullptr);
    // Reopens the folder opened last (QSettings), if it still exists; done by itself the first
    // time the annotator is shown with nothing open. False when there is none to reopen.
    bool reopenLastFolder();
    // The guidance shown while no folder is open, with its "Open folder..." button.
    QWidget* emptyPage() const { return emptyPage_; }

    // Shows image `row` of the document (not of the filtered list).
    void showImage(int row);
    int currentRow() const;

    // Pre-annotates the current image, or every image not started (progress and cancel inline).
    void preAnnotateCurrent();
    void preAnnotateNotStarted();
    void cancelPreAnnotation();

    // Asks first when exported images hold unchecked low-confidence points (through the confirm
    // function, whatever `confirm` says), checks the labels, shows the report (unless `confirm`
    // is false) and writes the COCO file.
    bool exportTo(const QString& file, bool onlyDone, bool confirm = true, QString* error = nullptr);
    // Imports labels: an AnimeDrawingsDataset JSON (readAdd) or a COCO keypoint file (readCoco).
    bool importAdd(const QString& file, QString* error = nullptr);
    bool importCoco(const QString& file, QString* error = nullptr);

    // Asks a yes/no question before going on; true goes on. A message box by default; tests
    // and scripted callers inject their answer.
    using ConfirmFunction = std::function<bool(const QString& title, const QString& question)>;
    void setConfirmFunction(ConfirmFunction confirm) { confirm_ = std::move(confirm); }

    AnnotationDocument* document() const { return doc_; }
    AnnotationCanvas* canvas() const { return canvas_; }
    PreAnnotator* preAnnotator() const { return preAnnotator_; }
    HelpOverlay* helpOverlay() const { return help_; }
    ImageStateFilter* imageFilter() const { return filter_; }
    QListView* imageList() const { return list_; }
    QListWidget* pointList() const { return points_; }
    QString statusText() const;
    // Every action with its shortcut, for a host window's menus.
    QList<QAction*> annotatorActions() const { return actions_; }

Q_SIGNALS:
    void statusChanged(const QString& text);

protected:
    void showEvent(QShowEvent* event) override;

private:
    QWidget* buildEmptyPage();
    QAction* addAnnotatorAction(const QString& text, const QList<QKeySequence>& keys, std::function<void()> run);
    void buildActions();
    void buildLayout();
    void refreshPoints();
    // One point's line in the point list: name, state, low confidence; ▶ marks the guided one.
    QString pointLine(std::size_t keypoint, const Keypoint& k, bool guided) const;
    int pointListWidth() const;
    void setStatus(const QString& text, bool isError = false);
    void step(int delta);
    void setCurrentState(ImageState state, bool advance);
    void toggleHelp();
    void chooseFolder();
    void chooseImportAdd();
    void chooseImportCoco();
    // Reads a dataset with `read` and applies its poses as one undoable step; reports either way.
    bool importDatasetFile(const QString& file, const std::function<CocoDataset()>& read, QString* error);
    void chooseExport();
    // Low-confidence model guesses the artist has not checked yet, in `rows`; when there are
    // any, asks whether to `action` anyway. True to go on.
    bool confirmUncheckedPoints(const QList<int>& rows, const QString& action);

    AnnotationDocument* doc_;
    ImageListModel* model_;
    ImageStateFilter* filter_;
    AnnotationCanvas* canvas_;
    PreAnnotator* preAnnotator_;
    QComboBox* filterBox_ = nullptr;
    QListView* list_ = nullptr;
    QListWidget* points_ = nullptr;
    QLabel* status_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QToolBar* toolbar_ = nullptr;
    HelpOverlay* help_ = nullptr;
    QStackedWidget* pages_ = nullptr;  // the empty page until a folder is open, then the work
    QWidget* emptyPage_ = nullptr;
    QWidget* workPage_ = nullptr;
    bool shownOnce_ = false;
    QList<QAction*> actions_;
    QList<QAction*> toolbarActions_;  // the most used, on the toolbar; all are in actions_
    ConfirmFunction confirm_;
};

}  // namespace refpose::annotator
