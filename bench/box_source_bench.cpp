// The character box from the pose pass (Lightning on the whole image) against the box from the
// selfie segmenter (the paper's way), both with the shipped illustrated model: whole-pipeline
// estimate time, side by side in one run. Results in bench/RESULTS.md ("Character box from a
// segmenter").
//   box_source_bench [ROUNDS] [IMAGE_FOLDER]   (default: 5 rounds over illustrations-dev)
#include "SideBySideTiming.h"
#include "estimate/MoveNetEstimator.h"

#include <cstdlib>

int main(int argc, char** argv) {
    using namespace refpose;
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    const std::filesystem::path models = REFPOSE_BENCH_MODELS_DIR;
    const auto thunder = models / "movenet-thunder.json", weights = models / "refpose-illustrated.refpose";
    const auto poseBox = openMoveNet(thunder, {}, weights);
    const auto segmenterBox = openMoveNet(thunder, {.boxSource = BoxSource::Segmenter}, weights);
    bench::timeSideBySide("pose box", *poseBox, "segmenter box", *segmenterBox, bench::benchImages(argc, argv), rounds);
}
