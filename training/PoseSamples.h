#pragma once
// The training samples of a COCO keypoints file: one per annotation with labelled keypoints,
// and the sample maker that turns one into a model input and its 25 heatmap targets.

#include "BatchLoader.h"
#include "ImageCache.h"
#include "TrainConfig.h"
#include "schema/Pose.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <filesystem>
#include <vector>

namespace refpose::training {

struct PoseSample {
    std::filesystem::path image;
    std::int64_t imageId = 0, annotationId = 0;
    Pose pose;  // image pixels, 25 points (midpoints derived from their endpoints)
};

// Reads the COCO file (throws DatasetError) and keeps annotations with at least one labelled
// keypoint and a box (the keypoints' box when the file has none).
std::vector<PoseSample> loadPoseSamples(const std::filesystem::path& cocoFile, const std::filesystem::path& imageDir);

// 8-bit BGR -> planar RGB floats in [0, 1] (the model input layout).
void toPlanarRgb(const cv::Mat& bgr, float* out);

// Pose in crop pixels -> heatmap pixels (pixel centres aligned).
Pose cropToHeatmap(const Pose& cropPose, int cropSide, int heatmapSide);
// A heatmap-pixel position -> crop pixels (inverse of cropToHeatmap).
float heatmapToCrop(float v, int cropSide, int heatmapSide);

BatchLayout poseBatchLayout(const TrainConfig& config);

// The decoded image of a sample; an image that is missing or cannot be decoded throws
// SampleUnavailable (the loader leaves that sample out) instead of ImageError.
cv::Mat loadSampleImage(ImageCache& cache, const std::filesystem::path& image);

// Builds one sample: crop (augmented when `augment`), targets, and a weight of 1 for each
// keypoint the annotation labels (unlabelled points do not count in the loss). A sample whose
// image cannot be read is left out of its batch (SampleUnavailable).
SampleMaker poseSampleMaker(const std::vector<PoseSample>& samples, ImageCache& cache, const TrainConfig& config,
                            bool augment);

}  // namespace refpose::training
