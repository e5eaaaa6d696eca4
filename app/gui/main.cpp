// refpose: the desktop application.
#include "AnnotatorView.h"
#include "AnnotatorWindow.h"
#include "MainWindow.h"

#include "TrainedModel.h"
#include "estimate/PoseEstimator.h"
#include "util/InstallLayout.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string_view>

namespace {
constexpr int kScreenshotPollMs = 250;        // how often --screenshot checks for idle
constexpr int kScreenshotIdlePolls = 4;       // idle this many polls in a row before grabbing
constexpr int kScreenshotTimeoutMs = 300000;  // give up (and still grab) after this long

QString fromPath(const std::filesystem::path& path) { return QString::fromStdString(path.string()); }

// The example library (rendered figures) installed beside the models, when there is one.
QString exampleLibraryDir() {
    const QString dir = fromPath(refpose::exampleLibraryDir());
    return QFileInfo(dir).isDir() ? dir : QString();
}

// --help and --version need no display: answer them before a QApplication opens one.
bool asksOnlyForHelpOrVersion(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-v" || arg == "--version") return true;
    }
    return false;
}

void setApplicationIdentity() {
    QCoreApplication::setApplicationName(QStringLiteral("RefPose"));
    QCoreApplication::setOrganizationName(QStringLiteral("RefPose"));
    QCoreApplication::setApplicationVersion(QStringLiteral(REFPOSE_VERSION));
}

struct Options {
    QCommandLineOption library{QStringLiteral("library"), QStringLiteral("Library file to open."),
                               QStringLiteral("FILE")};
    // The default: RefPose's own model, MoveNet Thunder fine-tuned on illustrations (models/).
    QCommandLineOption model{QStringLiteral("model"),
                             QStringLiteral("Pose model: a .refpose file or a MoveNet model.json "
                                            "(e.g. movenet-thunder.json in the models folder)."),
                             QStringLiteral("FILE"), fromPath(refpose::modelsDir() / "refpose-illustrated.refpose")};
    QCommandLineOption examples{QStringLiteral("example-library"), QStringLiteral("Example library folder."),
                                QStringLiteral("DIR")};
    QCommandLineOption image{QStringLiteral("image"), QStringLiteral("Search by this image at start."),
                             QStringLiteral("FILE")};
    QCommandLineOption skeleton{QStringLiteral("skeleton"), QStringLiteral("Start in search by skeleton.")};
    QCommandLineOption screenshot{QStringLiteral("screenshot"), QStringLiteral("Save the window when idle, then quit."),
                                  QStringLiteral("PNG")};
    QCommandLineOption annotate{QStringLiteral("annotate"), QStringLiteral("Label the images of DIR (COCO keypoints)."),
                                QStringLiteral("DIR")};
    QCommandLineOption annotations{
        QStringLiteral("annotations"),
        QStringLiteral("With --annotate: the COCO file to edit (default: DIR/annotations.json)."),
        QStringLiteral("FILE")};

    void addTo(QCommandLineParser& parser) {
        parser.setApplicationDescription(QStringLiteral("Find reference illustrations by pose"));
        parser.addHelpOption();
        parser.addVersionOption();
        screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOptions({library, model, examples, image, skeleton, screenshot, annotate, annotations});
        // The desktop entry's "Open with" passes files (Exec=refpose %F): the first is searched.
        parser.addPositionalArgument(QStringLiteral("image"),
                                     QStringLiteral("Search by this image at start (as --image)."),
                                     QStringLiteral("[image]"));
    }

    // --image, else the first file argument; empty when neither is given.
    QString startImage(const QCommandLineParser& parser) const {
        if (parser.isSet(image)) return parser.value(image);
        const QStringList files = parser.positionalArguments();
        return files.isEmpty() ? QString() : files.first();
    }
};

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
    if (asksOnlyForHelpOrVersion(argc, argv)) {
        QCoreApplication app(argc, argv);
        setApplicationIdentity();
        QCommandLineParser parser;
        Options().addTo(parser);
        parser.process(app);  // prints and exits
        return 0;
    }
    QApplication app(argc, argv);
    // The icons live in a static library (resources/): nothing references its resource object,
    // so the linker would drop it without this.
    Q_INIT_RESOURCE(refpose);
    setApplicationIdentity();
    refpose::training::registerTrainedModelLoader();  // models made in the Train tab (.refpose)

    QCommandLineParser parser;
    Options opts;
    opts.addTo(parser);
    parser.process(app);

    if (parser.isSet(opts.annotate)) {
        refpose::annotator::AnnotatorWindow window;
        const std::string modelFile = parser.value(opts.model).toStdString();
        window.view()->setEstimatorFactory(
            [modelFile] { return std::shared_ptr<refpose::PoseEstimator>(refpose::PoseEstimator::open(modelFile)); });
        QString error;
        const QString labels =
            parser.isSet(opts.annotations) ? QFileInfo(parser.value(opts.annotations)).absoluteFilePath() : QString();
        if (!window.view()->openFolder(parser.value(opts.annotate), labels, &error)) {
            std::fprintf(stderr, "refpose: %s\n", error.toLocal8Bit().constData());
            return 1;
        }
        window.show();
        if (parser.isSet(opts.screenshot)) window.screenshotAndQuit(parser.value(opts.screenshot));
        return app.exec();
    }

    refpose::ui::MainWindowOptions options = refpose::ui::MainWindow::defaultOptions();
    if (parser.isSet(opts.library)) options.libraryFile = QFileInfo(parser.value(opts.library)).absoluteFilePath();
    // A model chosen in the Model menu (or with "use this model") stays active until another is
    // chosen or --model is given; a remembered file since deleted falls back to the default, said.
    QSettings settings;
    const QString remembered = settings.value(QLatin1String(refpose::ui::kActiveModelKey)).toString();
    const refpose::ui::StartModel start = refpose::ui::ModelCatalog::startModel(
        opts.model.defaultValues().value(0), parser.isSet(opts.model) ? parser.value(opts.model) : QString(),
        remembered);
    if (!start.notice.isEmpty()) settings.remove(QLatin1String(refpose::ui::kActiveModelKey));
    options.modelFile = start.file;
    options.modelNotice = start.notice;
    options.exampleLibraryDir = parser.isSet(opts.examples) ? parser.value(opts.examples) : exampleLibraryDir();

    refpose::ui::MainWindow window(options);
    window.show();
    if (parser.isSet(opts.skeleton)) window.showSkeletonSearch();
    if (const QString start = opts.startImage(parser); !start.isEmpty())
        window.openImageFile(QFileInfo(start).absoluteFilePath());
    if (parser.isSet(opts.screenshot)) scheduleScreenshot(window, parser.value(opts.screenshot));
    return app.exec();
}
