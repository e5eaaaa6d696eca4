// From a skeleton drag event to the repainted result grid, with a 136k-pose library
// (the paper's library size): 2000 AnimeDrawingsDataset poses x 68 jittered copies, pose-only.
// Target: median <= 30 ms on the CPU. Prints median, p90 and max over the measured drags.
//   mainwindow_drag_bench [--drags N] [--library FILE]
#include "MainWindow.h"
#include "QueryPanel.h"
#include "ResultsView.h"
#include "SkeletonCanvas.h"

#include "dataset/AddImport.h"
#include "library/PoseLibrary.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QListView>
#include <QMouseEvent>
#include <QSettings>
#include <QStandardPaths>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numbers>
#include <random>

namespace {
constexpr int kCopiesPerPose = 68;  // 2000 x 68 = 136,000 poses
constexpr float kJitter = 0.02f;    // point noise, share of the box's longest side
constexpr int kWarmupDrags = 20;
constexpr int kDefaultDrags = 300;
constexpr int kK = 24;  // the window's default number of results

refpose::CocoDataset jitteredAdd(const std::filesystem::path& addFile) {
    const refpose::CocoDataset add = refpose::readAdd(addFile);
    refpose::CocoDataset out = add;
    out.annotations.clear();
    std::mt19937 rng(42);
    std::normal_distribution<float> noise(0.f, 1.f);
    std::int64_t id = 1;
    for (const auto& a : add.annotations)
        for (int c = 0; c < kCopiesPerPose; ++c) {
            refpose::CocoAnnotation j = a;
            j.id = id++;
            const float s = kJitter * a.pose.box.longestSide();
            for (std::size_t i = 0; i < refpose::kNumCocoKeypoints; ++i)
                if (j.pose.kp[i].labelled() && c > 0) {
                    j.pose.kp[i].x += s * noise(rng);
                    j.pose.kp[i].y += s * noise(rng);
                }
            refpose::deriveMidpoints(j.pose);
            out.annotations.push_back(std::move(j));
        }
    return out;
}

std::shared_ptr<refpose::PoseLibrary> openLibrary(const std::filesystem::path& file,
                                                  const std::filesystem::path& addFile) {
    auto library = std::shared_ptr<refpose::PoseLibrary>(refpose::PoseLibrary::open(file));
    if (library->counts().poses >= 2000 * kCopiesPerPose) return library;
    std::printf("building the 136k-pose library in %s ...\n", file.string().c_str());
    QElapsedTimer t;
    t.start();
    const std::size_t n = library->importPoses(jitteredAdd(addFile), "add-jitter");
    std::printf("imported %zu poses in %.1f s\n", n, t.elapsed() / 1000.0);
    return refpose::PoseLibrary::open(file);  // reopened: the index is built as at start-up
}

void spinUntil(const std::function<bool()>& done) {
    while (!done()) QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
}
}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    int drags = kDefaultDrags;
    std::filesystem::path libraryFile = std::filesystem::path(REFPOSE_BENCH_BINARY_DIR) / "add-136k.refpose.sqlite";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--drags")
            drags = std::atoi(argv[i + 1]);
        else if (a == "--library")
            libraryFile = argv[i + 1];
    }
    const std::filesystem::path addFile = std::filesystem::path(REFPOSE_BENCH_SHARED_DIR) / "add" / "data.json";
    if (!std::filesystem::exists(addFile) && !std::filesystem::exists(libraryFile)) {
        std::printf("skipped: %s is absent (data beside the project)\n", addFile.string().c_str());
        return 0;
    }
    auto library = openLibrary(libraryFile, addFile);
    std::printf("library: %lld poses\n", static_cast<long long>(library->counts().poses));

    QSettings().setValue(QStringLiteral("welcome/shown"), true);
    refpose::ui::MainWindowOptions options;
    options.restoreSettings = false;
    refpose::ui::MainWindow window(options);
    window.resize(1500, 950);
    window.useLibrary(library);
    window.resultsView()->setK(kK);
    window.queryPanel()->showSkeletonMode();
    window.show();
    int shown = 0;
    double searchMs = 0;
    QObject::connect(&window, &refpose::ui::MainWindow::resultsShown, [&](const refpose::ui::QueryResult& r) {
        ++shown;
        searchMs = r.milliseconds;
    });
    spinUntil([&] { return !window.isBusy() && shown > 0; });

    refpose::ui::SkeletonCanvas* canvas = window.queryPanel()->skeletonCanvas();
    QWidget* grid = window.resultsView()->list()->viewport();
    const QPointF elbow = canvas->widgetPosOf(refpose::Kp::LeftElbow);
    const QPointF wrist = canvas->widgetPosOf(refpose::Kp::LeftWrist);
    const double reach = std::hypot(wrist.x() - elbow.x(), wrist.y() - elbow.y());
    QMouseEvent press(QEvent::MouseButtonPress, wrist, canvas->mapToGlobal(wrist), Qt::LeftButton, Qt::LeftButton,
                      Qt::NoModifier);
    QCoreApplication::sendEvent(canvas, &press);

    std::vector<double> ms, search;
    for (int i = 0; i < kWarmupDrags + drags; ++i) {
        // The wrist sweeps around the elbow: every move is a new pose.
        const double angle = 2 * std::numbers::pi * i / 97.0;
        const QPointF to = elbow + QPointF(reach * std::sin(angle), reach * std::cos(angle));
        QElapsedTimer timer;
        timer.start();
        const int before = shown;
        QMouseEvent move(QEvent::MouseMove, to, canvas->mapToGlobal(to), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(canvas, &move);
        spinUntil([&] { return shown > before && !window.isBusy(); });
        grid->repaint();  // the grid as the user sees it: painted, not just scheduled
        const double elapsed = timer.nsecsElapsed() / 1e6;
        if (i >= kWarmupDrags) {
            ms.push_back(elapsed);
            search.push_back(searchMs);
        }
    }
    QMouseEvent release(QEvent::MouseButtonRelease, wrist, canvas->mapToGlobal(wrist), Qt::LeftButton, Qt::NoButton,
                        Qt::NoModifier);
    QCoreApplication::sendEvent(canvas, &release);

    auto pct = [](std::vector<double> v, double p) {
        std::sort(v.begin(), v.end());
        return v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
    };
    std::printf("drag -> repainted grid over %d drags (k = %d, %lld poses): median %.2f ms, p90 %.2f ms, max %.2f ms\n",
                drags, kK, static_cast<long long>(library->counts().poses), pct(ms, 0.5), pct(ms, 0.9), pct(ms, 1.0));
    std::printf("  of which search in the worker: median %.2f ms, p90 %.2f ms\n", pct(search, 0.5), pct(search, 0.9));
    std::printf("  threads: %d\n", QThread::idealThreadCount());
    return 0;
}
