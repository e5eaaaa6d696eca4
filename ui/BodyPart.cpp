#include "BodyPart.h"

#include <QCoreApplication>

#include <initializer_list>

namespace refpose::ui {

QString displayName(BodyPart part) {
    switch (part) {
        case BodyPart::WholeBody:
            return QCoreApplication::translate("BodyPart", "Whole body");
        case BodyPart::UpperBody:
            return QCoreApplication::translate("BodyPart", "Upper body");
        case BodyPart::Arms:
            return QCoreApplication::translate("BodyPart", "Arms");
        case BodyPart::Legs:
            return QCoreApplication::translate("BodyPart", "Legs");
        case BodyPart::LeftArm:
            return QCoreApplication::translate("BodyPart", "Left arm");
        case BodyPart::RightArm:
            return QCoreApplication::translate("BodyPart", "Right arm");
        case BodyPart::LeftLeg:
            return QCoreApplication::translate("BodyPart", "Left leg");
        case BodyPart::RightLeg:
            return QCoreApplication::translate("BodyPart", "Right leg");
    }
    return {};
}

namespace {
JointFlags maskOf(std::initializer_list<Kp> joints) {
    JointFlags m{};
    for (Kp k : joints) m[idx(k)] = true;
    return m;
}
JointFlags unite(const JointFlags& a, const JointFlags& b) {
    JointFlags m{};
    for (std::size_t i = 0; i < m.size(); ++i) m[i] = a[i] || b[i];
    return m;
}
}  // namespace

JointFlags jointsOf(BodyPart part) {
    // A limb includes its root (shoulder or hip) so its direction relative to the body counts.
    const JointFlags leftArm =
        maskOf({Kp::LeftShoulder, Kp::LeftElbow, Kp::LeftWrist, Kp::LeftUpperArm, Kp::LeftForearm, Kp::RightShoulder});
    const JointFlags rightArm = maskOf(
        {Kp::RightShoulder, Kp::RightElbow, Kp::RightWrist, Kp::RightUpperArm, Kp::RightForearm, Kp::LeftShoulder});
    const JointFlags leftLeg =
        maskOf({Kp::LeftHip, Kp::LeftKnee, Kp::LeftAnkle, Kp::LeftThigh, Kp::LeftShin, Kp::RightHip});
    const JointFlags rightLeg =
        maskOf({Kp::RightHip, Kp::RightKnee, Kp::RightAnkle, Kp::RightThigh, Kp::RightShin, Kp::LeftHip});
    const JointFlags head = maskOf({Kp::Nose, Kp::LeftEye, Kp::RightEye, Kp::LeftEar, Kp::RightEar});
    switch (part) {
        case BodyPart::WholeBody:
            return allJoints();
        case BodyPart::UpperBody:
            return unite(unite(head, unite(leftArm, rightArm)), maskOf({Kp::LeftHip, Kp::RightHip}));
        case BodyPart::Arms:
            return unite(leftArm, rightArm);
        case BodyPart::Legs:
            return unite(leftLeg, rightLeg);
        case BodyPart::LeftArm:
            return leftArm;
        case BodyPart::RightArm:
            return rightArm;
        case BodyPart::LeftLeg:
            return leftLeg;
        case BodyPart::RightLeg:
            return rightLeg;
    }
    return allJoints();
}

JointFlags intersect(const JointFlags& a, const JointFlags& b) {
    JointFlags m{};
    for (std::size_t i = 0; i < m.size(); ++i) m[i] = a[i] && b[i];
    return m;
}

int countOn(const JointFlags& m) {
    int n = 0;
    for (bool b : m) n += b;
    return n;
}

}  // namespace refpose::ui
