#include "TabPlaceholders.h"

#include <QLabel>

namespace refpose::ui {

namespace {
QWidget* note(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    return label;
}
}  // namespace

QWidget* makeAnnotateTab(QWidget* parent) {
    return note(QObject::tr("The COCO keypoint annotator is not part of this build yet."), parent);
}

QWidget* makeTrainTab(QWidget* parent) {
    return note(QObject::tr("The training panel is not part of this build yet."), parent);
}

}  // namespace refpose::ui
