#pragma once
// Box-centred square crops (DESIGN.md, "Pose estimation" step 3 and "Training"): the crop is
// centred on the character's box, its side the box's longest side padded by at least 10% on
// every side, then rotated, shifted, scaled and flipped by an augmentation draw. One affine
// transform maps image pixels to crop pixels, for the image and the keypoints alike.

#include "Augmentation.h"
#include "schema/Pose.h"

#include <opencv2/core/mat.hpp>
#include <opencv2/core/matx.hpp>

namespace refpose::training {

struct CropSample {
    cv::Mat image;       // side x side, 8-bit BGR
    Pose pose;           // keypoints in crop pixels; flipped samples have left and right swapped
    cv::Matx23f toCrop;  // image pixels -> crop pixels
};

// The image -> crop transform for a box, crop side and padding (share of the box side).
cv::Matx23f cropTransform(const Box& box, int side, float padding, const AugmentDraw& draw);

// Maps keypoints through `toCrop`; when `flipped`, keypoint i moves to kFlip[i] so that the
// character's left stays labelled left in the mirrored picture. Labelled points keep their flags.
Pose transformPose(const Pose& pose, const cv::Matx23f& toCrop, bool flipped);

// Crops an image and its pose (border filled with white, like a page).
CropSample cropPose(const cv::Mat& bgr, const Pose& pose, int side, float padding, const AugmentDraw& draw);

// Maps a pose predicted in crop pixels back to image pixels (the crop must not be flipped).
Pose poseToImage(const Pose& cropPose, const cv::Matx23f& toCrop);

}  // namespace refpose::training
