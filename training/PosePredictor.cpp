#include "PosePredictor.h"

#include "estimate/HeatmapDecoder.h"
#include "PoseCrop.h"
#include "PoseSamples.h"

namespace refpose::training {

PosePredictor::PosePredictor(HeatmapFunction heatmaps, PredictorGeometry geometry, torch::Device device)
    : heatmaps_(std::move(heatmaps)), geometry_(geometry), device_(device) {}

std::vector<Pose> PosePredictor::predict(std::span<const cv::Mat> images, std::span<const Box> boxes) {
    const int side = geometry_.inputSize, hm = geometry_.heatmapSize;
    const auto n = int64_t(images.size());
    if (n == 0) return {};
    auto input = torch::empty({n, 3, side, side});
    std::vector<cv::Matx23f> transforms;
    for (int64_t i = 0; i < n; ++i) {
        Pose boxOnly;
        boxOnly.box = boxes[std::size_t(i)];
        const CropSample crop = cropPose(images[std::size_t(i)], boxOnly, side, geometry_.padding, noAugmentation());
        toPlanarRgb(crop.image, input[i].data_ptr<float>());
        transforms.push_back(crop.toCrop);
    }
    const auto probs = heatmaps_(input.to(device_)).to(torch::kCPU).contiguous();
    const int channels = int(probs.size(1));
    HeatmapDecodeOptions decodeOptions;  // the engine's decoder: MoveNet and trained models decode alike
    decodeOptions.layout = HeatmapLayout::Chw;
    std::vector<Pose> poses;
    for (int64_t i = 0; i < n; ++i) {
        const auto peaks =
            decodeHeatmaps(std::span<const float>(probs[i].data_ptr<float>(), std::size_t(channels) * hm * hm), hm, hm,
                           channels, decodeOptions);
        Pose crop;
        crop.box = {0, 0, float(side), float(side)};
        for (std::size_t k = 0; k < peaks.size(); ++k)
            crop.kp[k] = Keypoint{heatmapToCrop(peaks[k].x, side, hm), heatmapToCrop(peaks[k].y, side, hm),
                                  peaks[k].score, Visibility::Visible};
        if (peaks.size() == kNumCocoKeypoints) deriveMidpoints(crop);
        Pose pose = poseToImage(crop, transforms[std::size_t(i)]);
        pose.box = boxes[std::size_t(i)];
        poses.push_back(pose);
    }
    return poses;
}

}  // namespace refpose::training
