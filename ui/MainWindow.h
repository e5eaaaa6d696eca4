#pragma once
// RefPose's main window: query by image or skeleton, library, results, annotator, training.

#include <QMainWindow>

namespace refpose::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
};

}  // namespace refpose::ui
