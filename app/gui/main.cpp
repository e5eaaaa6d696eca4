// refpose: the desktop application.
#include "AnnotatorView.h"
#include "AnnotatorWindow.h"
#include "MainWindow.h"

#include "estimate/PoseEstimator.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RefPose"));
    QApplication::setOrganizationName(QStringLiteral("RefPose"));
    QApplication::setApplicationVersion(QStringLiteral(REFPOSE_VERSION));

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption annotate(QStringLiteral("annotate"), QStringLiteral("Label the images of DIR (COCO keypoints)."),
                                      QStringLiteral("DIR"));
    const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Pose model for pre-annotation."), QStringLiteral("FILE"),
                                   QStringLiteral(REFPOSE_DEFAULT_MODELS_DIR "/movenet-thunder.json"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save a PNG of the window, then quit."),
                                        QStringLiteral("PNG"));
    parser.addOptions({annotate, model, screenshot});
    parser.process(app);

    if (parser.isSet(annotate)) {
        refpose::annotator::AnnotatorWindow window;
        const std::string modelFile = parser.value(model).toStdString();
        window.view()->setEstimatorFactory(
            [modelFile] { return std::shared_ptr<refpose::PoseEstimator>(refpose::PoseEstimator::open(modelFile)); });
        QString error;
        if (!window.view()->openFolder(parser.value(annotate), {}, &error)) {
            std::fprintf(stderr, "refpose: %s\n", error.toLocal8Bit().constData());
            return 1;
        }
        window.show();
        if (parser.isSet(screenshot)) window.screenshotAndQuit(parser.value(screenshot));
        return app.exec();
    }

    refpose::ui::MainWindow window;
    window.show();
    return app.exec();
}
