// The shipped default model (MoveNet Thunder fine-tuned on illustrations, a .refpose file of
// graph weights) against MoveNet Thunder: whole-pipeline estimate time, side by side in one run.
// Results in bench/RESULTS.md ("Illustration-trained model").
//   default_model_bench [ROUNDS] [IMAGE_FOLDER]   (default: 5 rounds over illustrations-dev)
#include "SideBySideTiming.h"
#include "estimate/MoveNetEstimator.h"

#include <cstdlib>

int main(int argc, char** argv) {
    using namespace refpose;
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    const std::filesystem::path models = REFPOSE_BENCH_MODELS_DIR;
    const auto thunder = openMoveNet(models / "movenet-thunder.json", {});
    const auto illustrated = openMoveNet(models / "movenet-thunder.json", {}, models / "refpose-illustrated.refpose");
    bench::timeSideBySide("thunder", *thunder, "illustrated", *illustrated, bench::benchImages(argc, argv), rounds);
}
