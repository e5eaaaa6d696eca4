#pragma once
// Shared set-up of the annotator tests: the QApplication, drawn test images, a fake estimator.

#include "FakePoseEstimator.h"
#include "estimate/PoseEstimator.h"

#include <QString>

#include <filesystem>
#include <memory>
#include <vector>

namespace refpose::test {

// The one QApplication of the test binary (offscreen platform under CTest).
void ensureApp();

// The pose of the stick figure drawImage draws, in image pixels (17 COCO points, visible).
Pose figurePose(int width, int height);

// Writes `count` PNG images (a stick figure on white) named img0.png, img1.png... into `dir`.
std::vector<std::filesystem::path> writeFigureImages(const std::filesystem::path& dir, int count, int width = 320,
                                                     int height = 400);

// The scores figureEstimate gives: low for the left wrist, high for every other point.
inline constexpr float kFigureLowScore = 0.1f;
inline constexpr float kFigureHighScore = 0.9f;

// figurePose of the image's size (its box reaching past the bottom edge, like a padded square
// crop), scored as above: the answer of the annotator tests' FakePoseEstimator.
PoseEstimate figureEstimate(const cv::Mat& bgr);

// A FakePoseEstimator answering figureEstimate; `holdFirstCall`: its first estimate waits for
// release(), so tests can cancel a run while it is in flight.
std::shared_ptr<FakePoseEstimator> makeFigureEstimator(bool holdFirstCall = false);

}  // namespace refpose::test
