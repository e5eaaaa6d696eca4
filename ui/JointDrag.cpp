#include "JointDrag.h"

#include <QLineF>

#include <cmath>
#include <optional>
#include <vector>

namespace refpose::ui {
namespace {

// The point a joint turns about when dragged, when it has one and it is placed.
std::optional<QPointF> pivotOf(const Pose& p, Kp joint) {
    const auto at = [&](Kp k) -> std::optional<QPointF> {
        if (!p[k].labelled()) return std::nullopt;
        return QPointF(p[k].x, p[k].y);
    };
    switch (joint) {
        case Kp::LeftElbow:
            return at(Kp::LeftShoulder);
        case Kp::RightElbow:
            return at(Kp::RightShoulder);
        case Kp::LeftWrist:
            return at(Kp::LeftElbow);
        case Kp::RightWrist:
            return at(Kp::RightElbow);
        case Kp::LeftKnee:
            return at(Kp::LeftHip);
        case Kp::RightKnee:
            return at(Kp::RightHip);
        case Kp::LeftAnkle:
            return at(Kp::LeftKnee);
        case Kp::RightAnkle:
            return at(Kp::RightKnee);
        case Kp::Nose: {  // the neck: between the shoulders
            const auto l = at(Kp::LeftShoulder), r = at(Kp::RightShoulder);
            if (!l || !r) return std::nullopt;
            return (*l + *r) / 2;
        }
        default:
            return std::nullopt;
    }
}

// The joints that move with a dragged one: the rest of its limb, or the face with the nose.
std::vector<Kp> carriedBy(Kp joint) {
    switch (joint) {
        case Kp::LeftShoulder:
            return {Kp::LeftElbow, Kp::LeftWrist};
        case Kp::RightShoulder:
            return {Kp::RightElbow, Kp::RightWrist};
        case Kp::LeftElbow:
            return {Kp::LeftWrist};
        case Kp::RightElbow:
            return {Kp::RightWrist};
        case Kp::LeftHip:
            return {Kp::LeftKnee, Kp::LeftAnkle};
        case Kp::RightHip:
            return {Kp::RightKnee, Kp::RightAnkle};
        case Kp::LeftKnee:
            return {Kp::LeftAnkle};
        case Kp::RightKnee:
            return {Kp::RightAnkle};
        case Kp::Nose:
            return {Kp::LeftEye, Kp::RightEye, Kp::LeftEar, Kp::RightEar};
        default:
            return {};
    }
}

// Moves `k` by the rigid motion that takes `from` to `to` about `pivot` (a turn; no pivot: a shift).
void carry(Keypoint& k, std::optional<QPointF> pivot, QPointF from, QPointF to) {
    if (!k.labelled()) return;
    if (!pivot) {
        k.x += float(to.x() - from.x());
        k.y += float(to.y() - from.y());
        return;
    }
    const double turn =
        std::atan2(to.y() - pivot->y(), to.x() - pivot->x()) - std::atan2(from.y() - pivot->y(), from.x() - pivot->x());
    const double c = std::cos(turn), s = std::sin(turn);
    const double u = k.x - pivot->x(), v = k.y - pivot->y();
    k.x = float(pivot->x() + c * u - s * v);
    k.y = float(pivot->y() + s * u + c * v);
}

}  // namespace

Pose withJointDragged(const Pose& start, std::size_t joint, QPointF target, bool stretch) {
    Pose p = start;
    Keypoint& dragged = p.kp[joint];
    const Kp kp = static_cast<Kp>(joint);
    const auto pivot = stretch ? std::nullopt : pivotOf(start, kp);
    const QPointF from(start.kp[joint].x, start.kp[joint].y);
    if (!stretch && dragged.labelled()) {
        // A turn about the pivot keeps the bone: the joint goes where the cursor points, at its
        // old distance (a cursor on the pivot itself turns nothing).
        const bool turns = pivot && QLineF(*pivot, target).length() > 1e-6;
        if (pivot && !turns) return start;
        for (Kp k : carriedBy(kp)) carry(p[k], pivot, from, target);
        carry(dragged, pivot, from, target);
        if (!pivot) {
            dragged.x = float(target.x());
            dragged.y = float(target.y());
        }
    } else {
        dragged.x = float(target.x());
        dragged.y = float(target.y());
    }
    dragged.v = Visibility::Visible;
    dragged.score = 1.f;
    deriveMidpoints(p);
    p.box = boxAroundKeypoints(p, 0.f);
    return p;
}

}  // namespace refpose::ui
