#pragma once
// The annotator in a window of its own (`refpose --annotate DIR`): the AnnotatorView with its
// actions in menus.

#include "PreAnnotator.h"

#include <QMainWindow>

namespace refpose::annotator {

class AnnotatorView;

class AnnotatorWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit AnnotatorWindow(QWidget* parent = nullptr);
    AnnotatorView* view() const { return view_; }
    // Saves a PNG of the window once it has been shown and laid out, then quits the application
    // (for documentation and for checking the UI under Xvfb).
    void screenshotAndQuit(const QString& pngFile);

private:
    AnnotatorView* view_;
};

}  // namespace refpose::annotator
