#pragma once
// Body parts an artist can search on alone (partial queries).

#include "SkeletonState.h"

#include <QString>

#include <array>

namespace refpose::ui {

enum class BodyPart { WholeBody, UpperBody, Arms, Legs, LeftArm, RightArm, LeftLeg, RightLeg };
inline constexpr std::array<BodyPart, 8> kAllBodyParts = {BodyPart::WholeBody, BodyPart::UpperBody, BodyPart::Arms,
                                                          BodyPart::Legs,      BodyPart::LeftArm,   BodyPart::RightArm,
                                                          BodyPart::LeftLeg,   BodyPart::RightLeg};

QString displayName(BodyPart part);

// The joints of a part (midpoints of its limbs included).
JointFlags jointsOf(BodyPart part);

// Joint-wise AND.
JointFlags intersect(const JointFlags& a, const JointFlags& b);
int countOn(const JointFlags& m);

}  // namespace refpose::ui
