#pragma once
// One undoable edit of the skeleton canvas. Drags push one command per mouse move with the
// same drag serial; mergeWith folds them into a single undo step (Qt's undoframework idiom).

#include "SkeletonState.h"

#include <QUndoCommand>

#include <functional>

namespace refpose::ui {

class PoseEditCommand : public QUndoCommand {
public:
    using Apply = std::function<void(const SkeletonState&)>;
    static constexpr int kNoMerge = -1;  // an edit that never merges (reset, toggle, ...)

    PoseEditCommand(Apply apply, SkeletonState before, SkeletonState after, const QString& text,
                    int dragSerial = kNoMerge);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

private:
    static constexpr int kDragCommandId = 0x5045;  // Qt merges only commands of equal id()
    Apply apply_;
    SkeletonState before_, after_;
    int dragSerial_;
};

}  // namespace refpose::ui
