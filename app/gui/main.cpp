// refpose: the desktop application.
#include "AnnotatorView.h"
#include "AnnotatorWindow.h"
#include "MainWindow.h"

#include "TrainedModel.h"
#include "estimate/PoseEstimator.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QTimer>

#include <cstdio>

#include <memory>

namespace {
constexpr int kScreenshotPollMs = 250;        // how often --screenshot checks for idle
constexpr int kScreenshotIdlePolls = 4;       // idle this many polls in a row before grabbing
constexpr int kScreenshotTimeoutMs = 300000;  // give up (and still grab) after this long

// The example library built by scripts/build-example-library.sh: <build>/example-library,
// i.e. next to the app/ folder holding this executable, or where CMake said.
QString exampleLibraryDir() {
    const QDir beside(QCoreApplication::applicationDirPath() + QStringLiteral("/../example-library"));
    if (beside.exists()) return beside.absolutePath();
#ifdef REFPOSE_EXAMPLE_LIBRARY_DIR
    return QStringLiteral(REFPOSE_EXAMPLE_LIBRARY_DIR);
#else
    return {};
#endif
}

// Hidden option for documentation and checks: once the window is idle, save it and quit.
void scheduleScreenshot(refpose::ui::MainWindow& window, const QString& path) {
    auto* timer = new QTimer(&window);
    auto idlePolls = std::make_shared<int>(0);
    auto elapsed = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, &window, [&window, timer, path, idlePolls, elapsed] {
        *elapsed += kScreenshotPollMs;
        *idlePolls = window.isBusy() ? 0 : *idlePolls + 1;
        if (*idlePolls < kScreenshotIdlePolls && *elapsed < kScreenshotTimeoutMs) return;
        timer->stop();
        const bool saved = window.grab().save(path);
        QCoreApplication::exit(saved ? 0 : 1);
    });
    timer->start(kScreenshotPollMs);
}
}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    // The icons live in a static library (resources/): nothing references its resource object,
    // so the linker would drop it without this.
    Q_INIT_RESOURCE(refpose);
    QApplication::setApplicationName(QStringLiteral("RefPose"));
    QApplication::setOrganizationName(QStringLiteral("RefPose"));
    QApplication::setApplicationVersion(QStringLiteral(REFPOSE_VERSION));
    refpose::training::registerTrainedModelLoader();  // models made in the Train tab (.refpose)

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Find reference illustrations by pose"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption library({QStringLiteral("library")}, QStringLiteral("Library file to open."), QStringLiteral("FILE"));
    // The default: RefPose's own model, MoveNet Thunder fine-tuned on illustrations (models/).
    const QCommandLineOption model({QStringLiteral("model")},
                                   QStringLiteral("Pose model: a .refpose file or a MoveNet model.json "
                                                  "(e.g. movenet-thunder.json in the models folder)."),
                                   QStringLiteral("FILE"),
                                   QStringLiteral(REFPOSE_DEFAULT_MODELS_DIR "/refpose-illustrated.refpose"));
    const QCommandLineOption examples({QStringLiteral("example-library")}, QStringLiteral("Example library folder."), QStringLiteral("DIR"));
    const QCommandLineOption image({QStringLiteral("image")}, QStringLiteral("Search by this image at start."), QStringLiteral("FILE"));
    const QCommandLineOption skeleton({QStringLiteral("skeleton")}, QStringLiteral("Start in search by skeleton."));
    QCommandLineOption screenshot({QStringLiteral("screenshot")}, QStringLiteral("Save the window when idle, then quit."), QStringLiteral("PNG"));
    screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
    const QCommandLineOption annotate({QStringLiteral("annotate")}, QStringLiteral("Label the images of DIR (COCO keypoints)."),
                                      QStringLiteral("DIR"));
    const QCommandLineOption annotations({QStringLiteral("annotations")},
                                         QStringLiteral("With --annotate: the COCO file to edit (default: DIR/annotations.json)."),
                                         QStringLiteral("FILE"));
    parser.addOptions({library, model, examples, image, skeleton, screenshot, annotate, annotations});
    parser.process(app);

    if (parser.isSet(annotate)) {
        refpose::annotator::AnnotatorWindow window;
        const std::string modelFile = parser.value(model).toStdString();
        window.view()->setEstimatorFactory(
            [modelFile] { return std::shared_ptr<refpose::PoseEstimator>(refpose::PoseEstimator::open(modelFile)); });
        QString error;
        const QString labels = parser.isSet(annotations) ? QFileInfo(parser.value(annotations)).absoluteFilePath() : QString();
        if (!window.view()->openFolder(parser.value(annotate), labels, &error)) {
            std::fprintf(stderr, "refpose: %s\n", error.toLocal8Bit().constData());
            return 1;
        }
        window.show();
        if (parser.isSet(screenshot)) window.screenshotAndQuit(parser.value(screenshot));
        return app.exec();
    }

    refpose::ui::MainWindowOptions options = refpose::ui::MainWindow::defaultOptions();
    if (parser.isSet(library)) options.libraryFile = QFileInfo(parser.value(library)).absoluteFilePath();
    options.modelFile = parser.value(model);
    // A model chosen with "use this model" stays active until another is chosen or --model is given.
    const QString active = QSettings().value(QLatin1String(refpose::ui::kActiveModelKey)).toString();
    if (!parser.isSet(model) && !active.isEmpty() && QFileInfo::exists(active)) options.modelFile = active;
    options.exampleLibraryDir = parser.isSet(examples) ? parser.value(examples) : exampleLibraryDir();

    refpose::ui::MainWindow window(options);
    window.show();
    if (parser.isSet(skeleton)) window.showSkeletonSearch();
    if (parser.isSet(image)) window.openImageFile(QFileInfo(parser.value(image)).absoluteFilePath());
    if (parser.isSet(screenshot)) scheduleScreenshot(window, parser.value(screenshot));
    return app.exec();
}
