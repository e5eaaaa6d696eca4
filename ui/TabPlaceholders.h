#pragma once
// The "Annotate" and "Train" tabs: the annotator and training panel widgets once their
// branches are merged, until then a note saying what will be there.

class QWidget;

namespace refpose::ui {

QWidget* makeAnnotateTab(QWidget* parent);
QWidget* makeTrainTab(QWidget* parent);

}  // namespace refpose::ui
