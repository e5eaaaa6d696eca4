// Speed of the figure renderer (target: a figure in a few milliseconds) and of PNG encoding,
// which dominates `refpose-cli render-figures`.
#include "render/FigureRenderer.h"
#include "render/FigureSet.h"
#include "render/SkeletonSource.h"

#include <benchmark/benchmark.h>

using namespace refpose;

namespace {

RenderStyle styleOf(int size, std::uint64_t seed, BackgroundKind background) {
    RenderStyle s;
    s.width = s.height = size;
    s.seed = seed;
    s.background = background;
    return s;
}

void BM_RenderFigure(benchmark::State& state) {
    const int size = static_cast<int>(state.range(0));
    const auto background = static_cast<BackgroundKind>(state.range(1));
    const auto& poses = builtinPoses();
    std::vector<Pose> fitted;
    for (const auto& p : poses) fitted.push_back(fitToImage(p.pose, size, size));
    std::uint64_t i = 0;
    for (auto _ : state) {
        const RenderedFigure f = renderFigure(fitted[i % fitted.size()], styleOf(size, i, background));
        benchmark::DoNotOptimize(f.image.data);
        ++i;
    }
}
// 256 and 512 pixels; plain (1) and noise (3) backgrounds, the cheapest and the dearest.
BENCHMARK(BM_RenderFigure)->Args({256, 1})->Args({512, 1})->Args({512, 3})->Unit(benchmark::kMillisecond);

// The varied look of render-figures (proportions, clothes, props, cuts, busy backgrounds,
// soft shading: each figure draws its own mix), jittered and placed as render-figures does.
void BM_RenderVariedFigure(benchmark::State& state) {
    const int size = static_cast<int>(state.range(0));
    std::vector<Pose> placed;
    for (std::uint64_t i = 0; i < 48; ++i)
        placed.push_back(
            placedAtRandom(jitteredPose(builtinPoses()[i % builtinPoses().size()].pose, i), size, size, i));
    std::uint64_t i = 0;
    for (auto _ : state) {
        RenderStyle style = styleOf(size, i, BackgroundKind::Random);
        style.variety = true;
        const RenderedFigure f = renderFigure(placed[i % placed.size()], style);
        benchmark::DoNotOptimize(f.image.data);
        ++i;
    }
}
BENCHMARK(BM_RenderVariedFigure)->Arg(384)->Arg(512)->Unit(benchmark::kMillisecond);

void BM_EncodePng(benchmark::State& state) {
    const int size = static_cast<int>(state.range(0));
    const RenderedFigure f =
        renderFigure(fitToImage(builtinPoses().front().pose, size, size), styleOf(size, 1, BackgroundKind::Noise));
    for (auto _ : state) benchmark::DoNotOptimize(encodePng(f.image).data());
}
BENCHMARK(BM_EncodePng)->Arg(512)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
