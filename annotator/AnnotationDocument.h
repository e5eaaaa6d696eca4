#pragma once
// The open folder of the annotator: its images, the COCO annotations being edited, the undo
// stack and the autosave. One annotation (the first of the person category) per image is edited;
// other annotations of the file are kept as they are.

#include "AnnotationStore.h"
#include "ImageState.h"

#include "dataset/CocoDataset.h"

#include <QObject>
#include <QStringList>
#include <QUndoGroup>
#include <QUndoStack>

#include <map>
#include <set>

namespace refpose::annotator {

// The name of the COCO file looked for in (or created in) the folder.
inline constexpr char kDefaultAnnotationsFile[] = "annotations.json";

// What one image holds: its pose (scores < 1 mark model guesses) and its state.
struct ImageEdit {
    Pose pose;
    ImageState state = ImageState::NotStarted;
    bool operator==(const ImageEdit&) const = default;
};

class AnnotationDocument : public QObject {
    Q_OBJECT
public:
    explicit AnnotationDocument(QObject* parent = nullptr);

    // Opens `folder` with its COCO file (`annotationsFile`, relative to the folder or absolute).
    // A missing file is created listing the folder's images; a malformed one is refused with a
    // message naming the file and the reason, and left untouched. Replays a journal left by a
    // process that died before its save completed.
    bool open(const QString& folder, const QString& annotationsFile = QString::fromLatin1(kDefaultAnnotationsFile),
              QString* error = nullptr);
    bool isOpen() const { return open_; }

    QString folder() const { return folder_; }
    QString annotationsPath() const { return store_.filePath(); }
    int imageCount() const { return int(dataset_.images.size()); }
    const CocoImage& image(int row) const { return dataset_.images.at(std::size_t(row)); }
    QString imagePath(int row) const;
    // The row of the image whose file name (or its last component) is `fileName`, or -1.
    int rowOfFile(const QString& fileName) const;

    ImageEdit edit(int row) const;
    // Records an undoable edit; consecutive edits with the same non-zero mergeId coalesce.
    void pushEdit(int row, const ImageEdit& after, const QString& text, int mergeId = 0);
    // Applies an edit without an undo entry (used by the undo commands), then autosaves.
    void applyEdit(int row, const ImageEdit& edit);

    // Undo is per image: each image has its own history, so undoing while one image is shown
    // never changes another (a batch pre-annotation or an import lands in each image's own).
    QUndoStack* undoStack(int row);
    // The history of the image shown (the active row, the first image after open()).
    QUndoStack* undoStack() { return undoStack(activeRow_); }
    // The group whose undo and redo actions follow the shown image.
    QUndoGroup* undoGroup() { return &undoGroup_; }
    void setActiveRow(int row);
    int activeRow() const { return activeRow_; }
    const CocoDataset& dataset() const { return dataset_; }
    // Files whose unsaved edits were recovered from the journal when the folder was opened.
    QStringList recoveredFiles() const { return recovered_; }

    // Journal, then COCO file; false with the reason when the disk refuses (edits stay journaled).
    bool save(QString* error = nullptr);
    bool hasUnsavedEdits() const { return !dirty_.empty(); }

    // While a drag is in progress its many merged edits are not saved one by one (a save costs
    // ~12 ms at 100 images, ~40 ms at 1000: bench/RESULTS.md); the end of the drag saves.
    void beginInteraction() { ++interactions_; }
    void endInteraction();

Q_SIGNALS:
    void imageChanged(int row);
    void saveFailed(const QString& message);
    void documentReset();

private:
    int annotationIndex(int row) const;
    void store(int row, const ImageEdit& edit);
    bool createFromFolder(QString* error);
    void addFolderImagesMissingFromFile();
    void replayJournal();
    nlohmann::json journalEntry(int row) const;

    bool open_ = false;
    QString folder_;
    AnnotationStore store_;
    CocoDataset dataset_;
    QUndoGroup undoGroup_;
    std::map<int, QUndoStack*> undoStacks_;  // by row, children of this document
    int activeRow_ = 0;
    std::set<int> dirty_;  // rows edited since the last successful save
    QStringList recovered_;
    int interactions_ = 0;
};

}  // namespace refpose::annotator
