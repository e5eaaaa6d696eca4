#pragma once
// The main window's other workspaces: the "Annotate" tab (the annotator's AnnotatorView) and
// the "Train" tab (the training panel).

#include <QString>

class QWidget;

namespace refpose {
namespace annotator {
class AnnotatorView;
}
}  // namespace refpose

namespace refpose::ui {

// `modelFile` feeds the annotator's pre-annotation (opened on first use, in a worker thread)
// until the main window hands it the active model (MainWindow::applyEstimator).
annotator::AnnotatorView* makeAnnotateTab(QWidget* parent, const QString& modelFile);
class TrainingPanel;
// `modelFile`, when it is a MoveNet model.json, is the training's task-specific source.
TrainingPanel* makeTrainTab(QWidget* parent, const QString& modelFile);

// `page` inside a frameless scroll area: a tall form then scrolls on a small screen instead of
// raising the whole window's minimum height (a tab widget is as tall as its tallest page).
QWidget* scrollable(QWidget* page);

}  // namespace refpose::ui
