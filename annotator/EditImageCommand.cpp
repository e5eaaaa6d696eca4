#include "EditImageCommand.h"

namespace refpose::annotator {

EditImageCommand::EditImageCommand(AnnotationDocument* doc, int row, ImageEdit before, ImageEdit after,
                                   const QString& text, int mergeId)
    : doc_(doc), row_(row), before_(std::move(before)), after_(std::move(after)), mergeId_(mergeId) {
    setText(text);
}

void EditImageCommand::undo() { doc_->applyEdit(row_, before_); }
void EditImageCommand::redo() { doc_->applyEdit(row_, after_); }

bool EditImageCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = static_cast<const EditImageCommand*>(other);
    // Only the same drag of the same image merges; ids are fresh for each drag.
    if (o->row_ != row_ || o->mergeId_ != mergeId_) return false;
    after_ = o->after_;
    return true;
}

}  // namespace refpose::annotator
