// refpose: the desktop application.
#include "MainWindow.h"

#include <QApplication>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RefPose"));
    QApplication::setOrganizationName(QStringLiteral("RefPose"));
    QApplication::setApplicationVersion(QStringLiteral(REFPOSE_VERSION));
    refpose::ui::MainWindow window;
    window.show();
    return app.exec();
}
