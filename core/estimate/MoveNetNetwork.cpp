#include "estimate/MoveNetNetwork.h"

#include "estimate/MoveNetEstimator.h"
#include "model/GraphWeights.h"
#include "model/SealedArchive.h"
#include "model/TfjsGraph.h"
#include "model/TfjsWeights.h"
#include "util/FileHash.h"

#include <torch/torch.h>

#include <cstring>

namespace refpose {
namespace {

constexpr std::size_t kCpuModuleCopies = 2;  // graph clones on the CPU: two threads estimate at once
constexpr float kSmoothingSigma = 1.0f;      // Gaussian smoothing of the heatmaps, in heatmap cells

void loadFineTunedWeights(TfjsGraph& graph, const std::filesystem::path& file) {
    torch::serialize::InputArchive archive;
    loadSealedArchive(archive, file);
    readGraphWeights(graph, archive, file.string());
}

}  // namespace

struct MoveNetNetwork::Module {
    explicit Module(TfjsGraph g) : graph(std::move(g)) {}
    std::mutex mutex;  // never two threads in one module at once
    TfjsGraph graph;
};

MoveNetNetwork::MoveNetNetwork(const std::filesystem::path& file, const torch::Device& device,
                               const std::filesystem::path& fineTuned)
    : device_(device) {
    TfjsGraph graph = TfjsGraph::load(file);
    if (!fineTuned.empty()) loadFineTunedWeights(graph, fineTuned);
    for (const char* node : {kMoveNetHeatmapNode, kMoveNetImageNode})
        if (!graph.hasNode(node)) throw ModelError(file.string() + ": not a MoveNet model (no node " + node + ")");
    const auto shape = graph.inputShape("input");
    inputSize_ = shape.size() == 4 && shape[1] > 0 ? static_cast<int>(shape[1]) : 0;
    if (inputSize_ <= 0) throw ModelError(file.string() + ": the signature gives no input size");
    graph.to(device_);
    const std::size_t copies = device_.is_cuda() ? 1 : kCpuModuleCopies;
    for (std::size_t i = 0; i < copies; ++i)
        modules_.push_back(std::make_unique<Module>(i == 0 ? graph : graph.clone()));
    auto files = tfjsModelFiles(file);
    if (!fineTuned.empty()) files.push_back(fineTuned);
    id_ = (fineTuned.empty() ? file : fineTuned).stem().string() + "@" + shortHashOfFiles(files);
}

MoveNetNetwork::~MoveNetNetwork() = default;

std::vector<CropPeaks> MoveNetNetwork::peaks(const std::vector<cv::Mat>& bgr, const std::vector<SquareCrop>& crops) {
    const int64_t n = static_cast<int64_t>(bgr.size());
    torch::Tensor batch = torch::empty({n, inputSize_, inputSize_, 3}, torch::kUInt8);
    for (int64_t i = 0; i < n; ++i) {
        const cv::Mat rgb = cropToRgb(bgr[i], crops[i], inputSize_);
        std::memcpy(batch[i].data_ptr<uint8_t>(), rgb.data, rgb.total() * rgb.elemSize());
    }
    const torch::Tensor heat = heatmaps(batch);
    const int h = static_cast<int>(heat.size(1)), w = static_cast<int>(heat.size(2)),
              c = static_cast<int>(heat.size(3));
    std::vector<CropPeaks> out;
    for (int64_t i = 0; i < n; ++i) {
        const float* data = heat.data_ptr<float>() + i * h * w * c;
        out.push_back({decodeHeatmaps(std::span(data, static_cast<std::size_t>(h) * w * c), h, w, c,
                                      {.smoothingSigma = kSmoothingSigma}),
                       w, h});
    }
    return out;
}

torch::Tensor MoveNetNetwork::heatmaps(const torch::Tensor& rgbBatch) {
    torch::InferenceMode inference;
    const torch::Tensor input = rgbBatch.to(device_).to(torch::kFloat32);
    Module& m = acquire();
    std::lock_guard lock(m.mutex, std::adopt_lock);
    torch::Tensor heat = m.graph.run({{kMoveNetImageNode, input}}, {kMoveNetHeatmapNode})
                             .at(kMoveNetHeatmapNode)
                             .to(torch::kCPU)
                             .contiguous();
    // Corrupt weights that still load give NaN scores, which would pass for "no character
    // found" in every image: say what is wrong instead.
    if (!torch::isfinite(heat).all().item<bool>())
        throw ModelError(id_ +
                         ": the network produced values that are not finite (NaN or infinity): its weights "
                         "are corrupt");
    return heat;
}

// A free module if there is one, else waits for one in turn. Returns it locked.
MoveNetNetwork::Module& MoveNetNetwork::acquire() {
    for (auto& m : modules_)
        if (m->mutex.try_lock()) return *m;
    Module& m = *modules_[next_++ % modules_.size()];
    m.mutex.lock();
    return m;
}

}  // namespace refpose
