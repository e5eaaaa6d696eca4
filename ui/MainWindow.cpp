#include "MainWindow.h"

#include <QLabel>

namespace refpose::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("RefPose"));
    setWindowIcon(QIcon(QStringLiteral(":/refpose/refpose.svg")));
    auto* placeholder = new QLabel(tr("Drop an image, or drag the joints of a skeleton"), this);
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    resize(1280, 800);
}

}  // namespace refpose::ui
