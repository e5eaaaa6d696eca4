#pragma once
// One undoable change of an image's pose and state. Drags send many of these with one mergeId;
// they coalesce into a single undo step (Qt's undoframework pattern).

#include "AnnotationDocument.h"

#include <QUndoCommand>

namespace refpose::annotator {

class EditImageCommand : public QUndoCommand {
public:
    EditImageCommand(AnnotationDocument* doc, int row, ImageEdit before, ImageEdit after, const QString& text,
                     int mergeId);

    void undo() override;
    void redo() override;
    int id() const override { return mergeId_ == 0 ? -1 : mergeId_; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    AnnotationDocument* doc_;
    int row_;
    ImageEdit before_, after_;
    int mergeId_;
};

}  // namespace refpose::annotator
