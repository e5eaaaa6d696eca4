#include "schema/Pose.h"

#include <algorithm>
#include <limits>

namespace refpose {

void deriveMidpoints(Pose& pose) {
    for (const auto& m : kMidpoints) {
        const Keypoint& a = pose[m.a];
        const Keypoint& b = pose[m.b];
        Keypoint& mid = pose[m.midpoint];
        if (!a.labelled() || !b.labelled()) {
            mid = Keypoint{};
            continue;
        }
        mid.x = (a.x + b.x) / 2.f;
        mid.y = (a.y + b.y) / 2.f;
        mid.score = std::min(a.score, b.score);
        // Occluded when either endpoint is: the midpoint's position is then an estimate too.
        mid.v = std::min(a.v, b.v);
    }
}

Pose mirrored(const Pose& pose, float axisX) {
    Pose out = pose;
    for (std::size_t i = 0; i < kNumKeypoints; ++i) {
        Keypoint k = pose.kp[i];
        k.x = 2.f * axisX - k.x;
        out.kp[kFlip[i]] = k;
    }
    out.box.x = 2.f * axisX - (pose.box.x + pose.box.w);
    return out;
}

Box boxAroundKeypoints(const Pose& pose, float margin) {
    float x0 = std::numeric_limits<float>::max(), y0 = x0;
    float x1 = std::numeric_limits<float>::lowest(), y1 = x1;
    for (const auto& k : pose.kp) {
        if (!k.labelled()) continue;
        x0 = std::min(x0, k.x);
        y0 = std::min(y0, k.y);
        x1 = std::max(x1, k.x);
        y1 = std::max(y1, k.y);
    }
    if (x0 > x1) return {};
    const float grow = margin * std::max(x1 - x0, y1 - y0);
    return {x0 - grow, y0 - grow, x1 - x0 + 2 * grow, y1 - y0 + 2 * grow};
}

int countLabelled(const Pose& pose, std::size_t count) {
    int n = 0;
    for (std::size_t i = 0; i < count && i < kNumKeypoints; ++i) n += pose.kp[i].labelled();
    return n;
}

}  // namespace refpose
