// Makes LibTorch's OpenMP threads sleep, not spin, while they wait for work, unless the user
// chose otherwise with OMP_WAIT_POLICY. Spinning threads make a two-thread estimate about three
// times slower than one thread as soon as another process takes a core (bench/RESULTS.md,
// "Pose engine"); on an idle machine sleeping costs ~10 ms per Thunder estimate against brief
// spinning, and nothing measurable against always spinning.
//
// libgomp reads OMP_WAIT_POLICY once, in its own initialiser, before main() runs. Functions in
// an executable's .preinit_array run before any shared library's initialiser, so the setting
// is made there. Linked (as an object library) into every RefPose program that runs LibTorch.
#include <cstdlib>

namespace {

void preferPassiveOpenMpWait(int, char**, char**) { setenv("OMP_WAIT_POLICY", "PASSIVE", /*overwrite=*/0); }

[[gnu::section(".preinit_array"), gnu::used]] void (*const preinitPassiveWait)(int, char**,
                                                                               char**) = preferPassiveOpenMpWait;

}  // namespace
