#include "AnnotatorWindow.h"

#include "AnnotatorView.h"
#include "WindowPlacement.h"

#include <QAction>
#include <QApplication>
#include <QMenuBar>
#include <QTimer>

#include <cstdio>

namespace refpose::annotator {
namespace {
constexpr int kScreenshotDelayMs = 500;  // lets the window map and lay out before the grab
}

AnnotatorWindow::AnnotatorWindow(QWidget* parent) : QMainWindow(parent), view_(new AnnotatorView(this)) {
    setWindowTitle(tr("RefPose annotator"));
    setCentralWidget(view_);
    QMenu* menu = menuBar()->addMenu(tr("&Annotate"));
    menu->addActions(view_->annotatorActions());
    connect(view_, &AnnotatorView::statusChanged, this,
            [this](const QString& s) { setWindowTitle(tr("RefPose annotator - %1").arg(s)); });
    resize(1500, 900);
    keepOnScreen(this);
}

void AnnotatorWindow::screenshotAndQuit(const QString& pngFile) {
    QTimer::singleShot(kScreenshotDelayMs, this, [this, pngFile] {
        const bool ok = grab().save(pngFile, "PNG");
        std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "screenshot saved to" : "cannot save screenshot to",
                     pngFile.toLocal8Bit().constData());
        QApplication::exit(ok ? 0 : 1);
    });
}

}  // namespace refpose::annotator
