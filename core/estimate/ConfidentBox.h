#pragma once
// The box of an estimate's confident keypoints: the box an estimator reports and the crop a
// refining pass centres on. Estimators differ only in the rule, so the rule is a parameter.

#include "schema/Pose.h"

#include <cstddef>

namespace refpose {

struct ConfidentBoxRule {
    float minScore = 0;  // a keypoint counts when its score reaches this bar...
    // ...and this share of the best candidate's score (for heatmaps that peak well below 1,
    // where an absolute bar would be arbitrary). When it is above 0 and the best score is 0,
    // no keypoint counts: a share of nothing tells nothing.
    float minShareOfBest = 0;
    std::size_t candidates = kNumKeypoints;  // only the first this many keypoints are candidates
    float margin = 0;                        // the box grows by this times its longest side on every side
};

struct ConfidentBox {
    Box box;        // empty when no keypoint counts
    int count = 0;  // keypoints that counted
};

// Scores alone decide (an estimate's visibility flags say nothing about confidence).
ConfidentBox confidentBox(const Pose& pose, const ConfidentBoxRule& rule);

}  // namespace refpose
