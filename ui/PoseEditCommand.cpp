#include "PoseEditCommand.h"

#include <utility>

namespace refpose::ui {

PoseEditCommand::PoseEditCommand(Apply apply, SkeletonState before, SkeletonState after, const QString& text,
                                 int dragSerial)
    : QUndoCommand(text),
      apply_(std::move(apply)),
      before_(std::move(before)),
      after_(std::move(after)),
      dragSerial_(dragSerial) {}

void PoseEditCommand::undo() { apply_(before_); }
void PoseEditCommand::redo() { apply_(after_); }

int PoseEditCommand::id() const { return dragSerial_ == kNoMerge ? -1 : kDragCommandId; }

bool PoseEditCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = dynamic_cast<const PoseEditCommand*>(other);
    if (!o || o->dragSerial_ != dragSerial_) return false;
    after_ = o->after_;
    return true;
}

}  // namespace refpose::ui
