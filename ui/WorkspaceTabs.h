#pragma once
// The main window's other workspaces: the "Annotate" tab (the annotator's AnnotatorView) and
// the "Train" tab (the training panel once it is part of the build).

#include <QString>

class QWidget;

namespace refpose::ui {

// `modelFile` feeds the annotator's pre-annotation (opened on first use, in a worker thread).
QWidget* makeAnnotateTab(QWidget* parent, const QString& modelFile);
QWidget* makeTrainTab(QWidget* parent);

}  // namespace refpose::ui
