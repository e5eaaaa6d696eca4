#pragma once
// A folder of rendered figures: PNG files plus one COCO keypoints file describing them, the
// form in which tests, benchmarks, training and the example library consume rendered figures.

#include "dataset/CocoDataset.h"
#include "render/FigureRenderer.h"

#include <filesystem>
#include <string>
#include <vector>

namespace refpose {

// Name of the COCO file that writeFigureSet puts beside the images.
inline constexpr const char* kFigureSetCocoName = "annotations.json";

struct FigureRequest {
    std::string fileName;  // PNG file name inside the folder, e.g. "figure-000001.png"
    std::string poseName;  // kept in the COCO image as "pose_name"
    Pose pose;             // in the pixels of style.width x style.height
    RenderStyle style;
};

// Renders every request into `folder` (created when absent; files written atomically) and
// writes `folder/kFigureSetCocoName`: image ids 1..N in request order, one annotation per
// image (17 keypoints, bbox = alpha box, area = alpha pixel count). Returns the dataset.
// Throws FileWriteError naming the file on a failed write, std::invalid_argument on a bad pose.
CocoDataset writeFigureSet(const std::vector<FigureRequest>& requests, const std::filesystem::path& folder);

// The PNG bytes of a rendered image (8-bit BGR).
std::vector<unsigned char> encodePng(const cv::Mat& image);

}  // namespace refpose
