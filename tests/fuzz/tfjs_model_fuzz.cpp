// TF.js graph models without LibTorch (readTfjsModelJson, TfjsTopology::parse,
// readTfjsWeightValues): estimate --model, refpose-train's task and segmenter models. The fuzzer's
// bytes are model.json; beside it lies a fixed 1,024-byte shard, so manifests whose sizes add up
// to it reach the decoding.
#include "FuzzSupport.h"

#include "model/ModelError.h"
#include "model/TfjsTopology.h"
#include "model/TfjsWeightValues.h"

#include <nlohmann/json.hpp>

namespace {

// group1-shard1of1.bin: bytes 0, 1, ..., 255 four times (float16 NaNs and infinities included).
void writeShardOnce() {
    static const bool written = [] {
        std::uint8_t shard[1024];
        for (int i = 0; i < 1024; ++i) shard[i] = static_cast<std::uint8_t>(i);
        refpose::fuzz::writeInput("group1-shard1of1.bin", shard, sizeof shard);
        return true;
    }();
    (void)written;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    writeShardOnce();
    const std::filesystem::path file = refpose::fuzz::writeInput("model.json", data, size);
    try {
        const nlohmann::json model = refpose::readTfjsModelJson(file);
        const auto topology = refpose::TfjsTopology::parse(model, file.string());
        for (const auto& node : topology.nodes)
            for (const auto& in : node.inputs)
                if (in.node < 0 || in.node >= static_cast<int>(topology.nodes.size()) || in.output < 0)
                    refpose::fuzz::finding("an edge outside the graph", node.name);
        if (!model.contains("weightsManifest")) return 0;  // TfjsGraph refuses it by name
        const auto weights = refpose::readTfjsWeightValues(model["weightsManifest"], file.parent_path(), file.string());
        for (const auto& w : weights) {
            std::int64_t count = 1;
            for (const std::int64_t d : w.shape) count *= d;
            const std::size_t held = w.floats.size() + w.ints.size() + w.bools.size();
            if (static_cast<std::size_t>(count) != held)
                refpose::fuzz::finding("a weight's values do not match its shape", w.name);
        }
    } catch (const refpose::ModelError& e) {
        refpose::fuzz::requireNamesFile(e, file);
    }
    return 0;
}
