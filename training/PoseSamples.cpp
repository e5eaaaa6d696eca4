#include "PoseSamples.h"

#include "HeatmapTargets.h"
#include "PoseCrop.h"
#include "dataset/CocoDataset.h"
#include "image/ImageLoader.h"

#include <algorithm>
#include <cstring>
#include <map>

namespace refpose::training {
namespace {

// Margin of the keypoints' box for annotations that have no bbox.
constexpr float kKeypointBoxMargin = 0.05f;

}  // namespace

std::vector<PoseSample> loadPoseSamples(const std::filesystem::path& cocoFile, const std::filesystem::path& imageDir) {
    const CocoDataset data = readCoco(cocoFile);
    std::map<std::int64_t, const CocoImage*> images;
    for (const auto& im : data.images) images[im.id] = &im;
    std::vector<PoseSample> out;
    for (const auto& a : data.annotations) {
        if (countLabelled(a.pose) == 0) continue;
        const auto it = images.find(a.imageId);
        if (it == images.end()) continue;  // validateCoco already refuses this; kept defensive
        PoseSample s;
        s.image = imageDir / it->second->fileName;
        s.imageId = a.imageId;
        s.annotationId = a.id;
        s.pose = a.pose;
        if (s.pose.box.w <= 0 || s.pose.box.h <= 0) s.pose.box = boxAroundKeypoints(s.pose, kKeypointBoxMargin);
        out.push_back(std::move(s));
    }
    if (out.empty()) throw DatasetError(cocoFile.string() + ": no annotation has labelled keypoints");
    return out;
}

void toPlanarRgb(const cv::Mat& bgr, float* out) {
    const std::size_t plane = bgr.total();
    for (int y = 0; y < bgr.rows; ++y) {
        const auto* row = bgr.ptr<cv::Vec3b>(y);
        for (int x = 0; x < bgr.cols; ++x) {
            const std::size_t i = std::size_t(y) * bgr.cols + x;
            out[i] = row[x][2] / 255.f;
            out[plane + i] = row[x][1] / 255.f;
            out[2 * plane + i] = row[x][0] / 255.f;
        }
    }
}

Pose cropToHeatmap(const Pose& cropPose, int cropSide, int heatmapSide) {
    const float k = float(heatmapSide) / float(cropSide);
    Pose p = cropPose;
    for (auto& kp : p.kp) {
        kp.x = (kp.x + 0.5f) * k - 0.5f;
        kp.y = (kp.y + 0.5f) * k - 0.5f;
    }
    return p;
}

float heatmapToCrop(float v, int cropSide, int heatmapSide) {
    return (v + 0.5f) * float(cropSide) / float(heatmapSide) - 0.5f;
}

BatchLayout poseBatchLayout(const TrainConfig& c) {
    return {c.inputSize, kNumKeypoints * std::size_t(c.heatmapSize) * c.heatmapSize, kNumKeypoints};
}

cv::Mat loadSampleImage(ImageCache& cache, const std::filesystem::path& image) {
    try {
        return cache.get(image);
    } catch (const ImageError& e) {
        throw SampleUnavailable(e.what());
    }
}

SampleMaker poseSampleMaker(const std::vector<PoseSample>& samples, ImageCache& cache, const TrainConfig& config,
                            bool augment) {
    return [&samples, &cache, config, augment](std::size_t index, std::mt19937_64& rng, float* image, float* target,
                                               float* weight) {
        const PoseSample& s = samples.at(index);
        const AugmentDraw draw = augment ? drawAugment(config.augment, rng) : noAugmentation();
        const CropSample crop =
            cropPose(loadSampleImage(cache, s.image), s.pose, config.inputSize, config.padding, draw);
        toPlanarRgb(crop.image, image);
        const auto maps =
            renderHeatmapTargets(cropToHeatmap(crop.pose, config.inputSize, config.heatmapSize), config.heatmapSize);
        std::memcpy(target, maps.data(), maps.size() * sizeof(float));
        for (std::size_t k = 0; k < kNumKeypoints; ++k) weight[k] = crop.pose.kp[k].labelled() ? 1.f : 0.f;
    };
}

}  // namespace refpose::training
