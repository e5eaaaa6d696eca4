#include "render/PaintLayers.h"

#include <algorithm>
#include <stdexcept>

namespace refpose {

PaintLayers::PaintLayers(cv::Size size) : ids_(cv::Mat::zeros(size, CV_8U)), owners_{PartOwner::Background} {}

unsigned char PaintLayers::begin(PartOwner owner) {
    if (owners_.size() > 255) throw std::length_error("PaintLayers: more than 255 layers");
    owners_.push_back(owner);
    return static_cast<unsigned char>(owners_.size() - 1);
}

double PaintLayers::coveredShare(cv::Point2f at, float radius, const std::vector<PartOwner>& own) const {
    auto isOwn = [&](std::size_t id) { return std::find(own.begin(), own.end(), owners_[id]) != own.end(); };
    std::size_t firstOwn = owners_.size();
    for (std::size_t id = 1; id < owners_.size() && firstOwn == owners_.size(); ++id)
        if (isOwn(id)) firstOwn = id;
    const int r = std::max(1, cvCeil(radius));
    int inside = 0, covered = 0;
    for (int dy = -r; dy <= r; ++dy)
        for (int dx = -r; dx <= r; ++dx) {
            const int x = cvRound(at.x) + dx, y = cvRound(at.y) + dy;
            if (dx * dx + dy * dy > radius * radius || x < 0 || y < 0 || x >= ids_.cols || y >= ids_.rows) continue;
            ++inside;
            const std::size_t id = ids_.at<uchar>(y, x);
            covered += id > firstOwn && !isOwn(id);
        }
    return inside ? static_cast<double>(covered) / inside : 0.0;
}

void PaintLayers::applyVisibility(Pose& pose, float discRadius) const {
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        Keypoint& k = pose.kp[i];
        if (!k.labelled()) continue;
        if (k.x < 0 || k.y < 0 || k.x > ids_.cols - 1 || k.y > ids_.rows - 1) {
            k = Keypoint{};  // COCO: a point outside the image is not labelled, at (0, 0)
            continue;
        }
        if (k.v == Visibility::Visible && coveredShare({k.x, k.y}, discRadius, ownersOf(i)) >= kHiddenShare)
            k.v = Visibility::Occluded;
    }
}

std::vector<PartOwner> ownersOf(std::size_t i) {
    const bool left = i % 2 == 1;  // COCO: odd indices are the left points
    const PartOwner arm = left ? PartOwner::LeftArm : PartOwner::RightArm;
    const PartOwner leg = left ? PartOwner::LeftLeg : PartOwner::RightLeg;
    if (i <= idx(Kp::RightEar)) return {PartOwner::Head};
    if (i <= idx(Kp::RightShoulder)) return {arm, PartOwner::Torso, PartOwner::Sleeve};
    if (i <= idx(Kp::RightWrist)) return {arm};
    if (i <= idx(Kp::RightHip)) return {leg, PartOwner::Torso, PartOwner::Bottom};
    return {leg};
}

}  // namespace refpose
