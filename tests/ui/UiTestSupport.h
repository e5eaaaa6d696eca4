#pragma once
// Shared pieces of the GUI tests: the QApplication, rendered figures with exact keypoints, an
// estimator that answers from those keypoints, and waiting without blocking the event loop.

#include "FakePoseEstimator.h"
#include "estimate/PoseEstimator.h"
#include "library/PoseLibrary.h"
#include "schema/Pose.h"

#include <QImage>
#include <QString>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace refpose::ui {
class MainWindow;
struct QueryResult;
}  // namespace refpose::ui

namespace refpose::test {

// Creates the QApplication once (offscreen platform, set by CTest) and isolates QSettings and
// QStandardPaths from the user's.
void ensureApplication();

// Spins the event loop until `done` or the timeout; returns done().
bool waitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(20));

struct Figure {
    QImage image;
    Pose pose;  // exact keypoints of what is drawn, in image pixels
};

// Figure `variant` (arms and legs at angles that differ per variant), rendered at `size` by
// core/render (an illustrated character; style chosen by the variant).
Figure drawFigure(int variant, QSize size);

// Writes `count` figures of distinct widths and the given height into `folder`; returns their
// poses by file path.
std::vector<std::pair<std::filesystem::path, Pose>> writeFigures(const std::filesystem::path& folder, int count,
                                                                 int firstVariant = 0, int height = 320);

// The poses of the figures a test's estimator will be shown, by image size (figures are drawn
// at distinct sizes); an unknown size gets an empty pose with score 0. Safe across threads.
class PosesBySize {
public:
    void add(QSize size, const Pose& pose);
    PoseEstimate operator()(const cv::Mat& bgr) const;

private:
    mutable std::mutex mutex_;
    std::map<std::pair<int, int>, Pose> poses_;
};

// A FakePoseEstimator that answers from `poses` (which tests may add to later).
std::shared_ptr<FakePoseEstimator> makeLookupEstimator(std::shared_ptr<PosesBySize> poses);

// A library of `count` drawn figures, indexed with a lookup estimator that knows them.
struct FigureLibrary {
    std::filesystem::path folder;
    std::vector<std::pair<std::filesystem::path, Pose>> figures;
    std::shared_ptr<PosesBySize> poses;  // what `estimator` knows
    std::shared_ptr<FakePoseEstimator> estimator;
    std::shared_ptr<PoseLibrary> library;
};
FigureLibrary makeFigureLibrary(const std::filesystem::path& dir, int count);

// A main window with cleared settings (welcome page already seen), 1500x950, searching `lib` with
// its lookup estimator; `onResults` sees every result set, the first included. It is shown; the
// caller waits for it to be exposed and idle.
std::unique_ptr<ui::MainWindow> showWindowOnFigures(const FigureLibrary& lib,
                                                    std::function<void(const ui::QueryResult&)> onResults);

}  // namespace refpose::test
