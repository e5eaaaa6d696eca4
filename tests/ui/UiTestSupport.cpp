#include "UiTestSupport.h"

#include "MainWindow.h"
#include "SearchTypes.h"
#include "SkeletonState.h"
#include "render/FigureRenderer.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QPainter>
#include <QSettings>
#include <QStandardPaths>
#include <QThread>
#include <QThreadPool>

#include <gtest/gtest.h>
#include <opencv2/core/mat.hpp>

#include <cmath>
#include <numbers>

namespace refpose::test {

namespace {
// After the last test, before the process's exit handlers: waits for the jobs still running in
// Qt's thread pool (a search a test's last edit started, which nothing waits for since the GUI
// never blocks). The never-destroyed QApplication below cannot do it, and a job decoding a
// thumbnail while exit handlers tear down Qt's image plugins crashes.
class DrainThreadPool : public ::testing::Environment {
public:
    void TearDown() override { QThreadPool::globalInstance()->waitForDone(); }
};
[[maybe_unused]] const auto* const kDrainThreadPool = ::testing::AddGlobalTestEnvironment(new DrainThreadPool);
}  // namespace

void ensureApplication() {
    static int argc = 1;
    static char name[] = "refpose_ui_tests";
    static char* argv[] = {name, nullptr};
    if (QCoreApplication::instance()) return;
    // Settings and application data of this process alone: CTest runs tests in parallel
    // processes, and one test's QSettings().clear() or training history must not reach another
    // (a run listed from another test's folder was read while that test was still writing it).
    const QString home =
        QDir::temp().filePath(QStringLiteral("refpose-ui-tests-%1").arg(QCoreApplication::applicationPid()));
    QDir(home).removeRecursively();
    QDir().mkpath(home);
    qputenv("HOME", home.toLocal8Bit());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, home + QStringLiteral("/config"));
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, home + QStringLiteral("/config"));
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("RefPoseTests"));
    QCoreApplication::setApplicationName(QStringLiteral("refpose_ui_tests"));
    // Never destroyed: a QApplication torn down by exit handlers, after Qt's own statics are
    // gone, crashes in ~QInputDevice. The process ends right after the tests anyway.
    new QApplication(argc, argv);
}

bool waitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeout.count()) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    return true;
}

namespace {
// Places `child` at `length` from `parent` at `degrees` (0 = straight down, positive towards +x).
void limb(Pose& p, Kp parent, Kp child, float length, float degrees) {
    const float r = degrees * std::numbers::pi_v<float> / 180.f;
    p[child] =
        Keypoint{p[parent].x + length * std::sin(r), p[parent].y + length * std::cos(r), 1.f, Visibility::Visible};
}
}  // namespace

Figure drawFigure(int variant, QSize size) {
    // Start from the standing figure (logical units), then bend the limbs by the variant.
    Pose p = ui::defaultStandingPose();
    const float a = float((variant * 37) % 160) - 20.f;  // left arm swing
    const float b = float((variant * 53) % 170) - 30.f;  // right arm swing
    const float c = float((variant * 23) % 60) - 10.f;   // left leg
    const float d = float((variant * 41) % 60) - 10.f;   // right leg
    limb(p, Kp::LeftShoulder, Kp::LeftElbow, 78, a);
    limb(p, Kp::LeftElbow, Kp::LeftWrist, 72, a + float(variant % 5) * 20.f);
    limb(p, Kp::RightShoulder, Kp::RightElbow, 78, -b);
    limb(p, Kp::RightElbow, Kp::RightWrist, 72, -b - float(variant % 7) * 15.f);
    limb(p, Kp::LeftHip, Kp::LeftKnee, 104, c);
    limb(p, Kp::LeftKnee, Kp::LeftAnkle, 98, c - float(variant % 3) * 20.f);
    limb(p, Kp::RightHip, Kp::RightKnee, 104, -d);
    limb(p, Kp::RightKnee, Kp::RightAnkle, 98, -d + float(variant % 4) * 15.f);
    // Fit the logical figure into the image.
    const float s = std::min(size.width() / ui::kDefaultFigureWidth, size.height() / ui::kDefaultFigureHeight) * 0.8f;
    const float ox = (size.width() - ui::kDefaultFigureWidth * s) / 2,
                oy = (size.height() - ui::kDefaultFigureHeight * s) / 2;
    for (auto& k : p.kp) {
        k.x = k.x * s + ox;
        k.y = k.y * s + oy;
    }
    deriveMidpoints(p);
    p.box = boxAroundKeypoints(p, 0.1f);

    // The project's renderer draws an illustrated character in exactly this pose.
    RenderStyle style;
    style.seed = std::uint64_t(variant) + 1;
    style.width = size.width();
    style.height = size.height();
    const RenderedFigure r = renderFigure(p, style);
    const QImage view(r.image.data, r.image.cols, r.image.rows, int(r.image.step), QImage::Format_BGR888);
    return Figure{view.convertToFormat(QImage::Format_RGB32), r.pose};
}

namespace {
constexpr int kBaseFigureHeight = 320;  // figures are (200 + variant) x 320 at this height
}  // namespace

std::vector<std::pair<std::filesystem::path, Pose>> writeFigures(const std::filesystem::path& folder, int count,
                                                                 int firstVariant, int height) {
    std::filesystem::create_directories(folder);
    std::vector<std::pair<std::filesystem::path, Pose>> out;
    for (int i = 0; i < count; ++i) {
        const int variant = firstVariant + i;
        // Distinct widths let the lookup estimator (PosesBySize) recognise each figure.
        const Figure f = drawFigure(variant, QSize((200 + variant) * height / kBaseFigureHeight, height));
        const auto file = folder / ("figure-" + std::to_string(variant) + ".png");
        f.image.save(QString::fromStdString(file.string()));
        out.emplace_back(file, f.pose);
    }
    return out;
}

void PosesBySize::add(QSize size, const Pose& pose) {
    std::lock_guard lock(mutex_);
    poses_[{size.width(), size.height()}] = pose;
}

PoseEstimate PosesBySize::operator()(const cv::Mat& bgr) const {
    std::lock_guard lock(mutex_);
    const auto it = poses_.find({bgr.cols, bgr.rows});
    if (it == poses_.end()) return {};
    return {it->second, 1.f};
}

std::shared_ptr<FakePoseEstimator> makeLookupEstimator(std::shared_ptr<PosesBySize> poses) {
    return std::make_shared<FakePoseEstimator>([poses](const cv::Mat& bgr) { return (*poses)(bgr); },
                                               "lookup-test-estimator");
}

FigureLibrary makeFigureLibrary(const std::filesystem::path& dir, int count) {
    FigureLibrary lib;
    lib.folder = dir / "figures";
    lib.figures = writeFigures(lib.folder, count);
    lib.poses = std::make_shared<PosesBySize>();
    lib.estimator = makeLookupEstimator(lib.poses);
    for (const auto& [file, pose] : lib.figures) {
        const QImage img(QString::fromStdString(file.string()));
        lib.poses->add(img.size(), pose);
    }
    lib.library = std::shared_ptr<PoseLibrary>(PoseLibrary::open(dir / "library.sqlite"));
    lib.library->addFolder(lib.folder);
    lib.library->index(*lib.estimator);
    return lib;
}

std::unique_ptr<ui::MainWindow> showWindowOnFigures(const FigureLibrary& lib,
                                                    std::function<void(const ui::QueryResult&)> onResults) {
    QSettings().clear();
    QSettings().setValue(QStringLiteral("welcome/shown"), true);
    ui::MainWindowOptions options;
    options.restoreSettings = false;  // libraryFile and modelFile empty: injected below
    auto window = std::make_unique<ui::MainWindow>(options);
    window->resize(1500, 950);
    QObject::connect(window.get(), &ui::MainWindow::resultsShown, std::move(onResults));
    window->useEstimator(lib.estimator, QStringLiteral("lookup"));
    window->useLibrary(lib.library);
    window->show();
    return window;
}

}  // namespace refpose::test
