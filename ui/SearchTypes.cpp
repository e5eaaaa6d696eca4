#include "SearchTypes.h"

namespace refpose::ui {

refpose::JointMask toBits(const JointFlags& flags) {
    refpose::JointMask bits = 0;
    for (std::size_t i = 0; i < flags.size(); ++i)
        if (flags[i]) bits |= refpose::JointMask{1} << i;
    return bits;
}

}  // namespace refpose::ui
