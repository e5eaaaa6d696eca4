// What one annotator autosave costs on the GUI thread: serialise the whole COCO file with
// refpose::toJson and replace it atomically (the annotator uses QSaveFile; core's
// writeFileAtomically does the same temp-flush-rename). Decides whether autosave may stay
// synchronous (docs/adr/0300-annotator-files.md).
#include "dataset/CocoDataset.h"
#include "util/AtomicFile.h"

#include <benchmark/benchmark.h>

#include <filesystem>

namespace {

refpose::CocoDataset labelledDataset(int images) {
    refpose::CocoDataset d;
    d.categories.push_back(refpose::defaultPersonCategory());
    for (int i = 0; i < images; ++i) {
        d.images.push_back({i + 1, "img" + std::to_string(i) + ".png", 800, 1200, {{"refpose_state", "done"}}});
        refpose::CocoAnnotation a;
        a.id = i + 1;
        a.imageId = i + 1;
        for (std::size_t k = 0; k < refpose::kNumCocoKeypoints; ++k)
            a.pose.kp[k] = {100.5f + 13.25f * float(k), 200.75f + 31.5f * float(k), 1.f, refpose::Visibility::Visible};
        a.pose.box = refpose::boxAroundKeypoints(a.pose, 0.1f);
        d.annotations.push_back(a);
    }
    return d;
}

void BM_AutosaveSerialiseAndWrite(benchmark::State& state) {
    const auto d = labelledDataset(int(state.range(0)));
    const auto file = std::filesystem::temp_directory_path() / "refpose-autosave-bench.json";
    for (auto _ : state) refpose::writeFileAtomically(file, refpose::toJson(d).dump(1) + "\n");
    std::filesystem::remove(file);
    state.SetLabel(std::to_string(state.range(0)) + " labelled images");
}
BENCHMARK(BM_AutosaveSerialiseAndWrite)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
