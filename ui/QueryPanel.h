#pragma once
// The two ways to ask: an image (its estimated skeleton, correctable) or a skeleton posed by
// hand; plus the query options (body part, mirror, rotation). Each canvas has its own undo
// stack in one QUndoGroup, the visible one active. While a file is dragged over the window a
// frame over the panel shows that dropping it here works (drag events reach the window, which
// takes the drop; the panel watches them through an event filter on its window).

#include "SearchTypes.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QTabWidget;
class QUndoGroup;
class QUndoStack;

namespace refpose::ui {

class SkeletonCanvas;

class QueryPanel : public QWidget {
    Q_OBJECT
public:
    explicit QueryPanel(QUndoGroup* undoGroup, QWidget* parent = nullptr);

    SkeletonCanvas* imageCanvas() const { return imageCanvas_; }
    SkeletonCanvas* skeletonCanvas() const { return skeletonCanvas_; }
    QUndoStack* imageUndo() const { return imageUndo_; }
    QUndoStack* skeletonUndo() const { return skeletonUndo_; }

    bool imageMode() const;
    void showImageMode();
    void showSkeletonMode();
    bool hasImage() const;

    // The estimate of a new query image (one undoable step: the artist can undo a new image's
    // skeleton back to the previous one's only within that image's stack, which is cleared).
    // `sourcePath` is the image's file (empty for a pasted image): it is left out of the results.
    // Without a character found, the standing figure is put over the image instead and there is
    // no query until the artist's first edit; joints below the confidence bar are counted in the
    // status line (the canvas draws them as dashed rings).
    void showEstimate(const QImage& image, const Pose& pose, const QString& source, const QString& sourcePath,
                      bool characterFound);
    // True while an image without a character waits for the artist's first edit.
    bool awaitingFirstEdit() const { return awaitingEdit_; }
    void setImageStatus(const QString& text);
    // "More like this": a library pose, fitted into the skeleton canvas.
    void loadIntoSkeleton(const Pose& pose);
    void resetSkeleton();

    // The query of the visible mode (k filled in by the caller); none without an image.
    std::optional<PoseQuery> currentQuery(std::size_t k) const;

    bool mirror() const;
    bool anyRotation() const;
    void setMirror(bool on);
    void setAnyRotation(bool on);
    QComboBox* partBox() const { return part_; }

    // Shows or hides the drop frame (also driven by the window's drag enter, leave and drop).
    void setDropHighlight(bool on);
    bool dropHighlighted() const;

Q_SIGNALS:
    void queryChanged();
    void openImageRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void resizeEvent(QResizeEvent* e) override;
    void showEvent(QShowEvent* e) override;

private:
    QWidget* makeImagePage();
    QWidget* makeSkeletonPage();

    QUndoGroup* group_;
    QUndoStack* imageUndo_;
    QUndoStack* skeletonUndo_;
    QTabWidget* tabs_;
    SkeletonCanvas* imageCanvas_;
    SkeletonCanvas* skeletonCanvas_;
    QLabel* imageStatus_;
    QComboBox* part_;
    QCheckBox* mirror_;
    QCheckBox* rotation_;
    QWidget* dropFrame_;
    QWidget* watchedWindow_ = nullptr;
    Box imageBox_;  // the estimated character box (the query's scale)
    std::string imageSource_;
    bool awaitingEdit_ = false;      // no character found: no query until the first edit
    bool applyingEstimate_ = false;  // showEstimate's own state change is not an edit
};

// A pose moved and scaled so its labelled points fill the skeleton canvas's logical space.
Pose fitToCanvas(const Pose& pose);

}  // namespace refpose::ui
