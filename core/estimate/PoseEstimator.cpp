#include "estimate/PoseEstimator.h"

#include "estimate/EstimatorRegistry.h"
#include "estimate/MoveNetEstimator.h"
#include "estimate/PriorAdjustedEstimator.h"

#include <map>
#include <mutex>

namespace refpose {
namespace {

struct Registry {
    std::mutex mutex;
    // core opens TF.js graph models (MoveNet's model.json) itself, without registration.
    std::map<std::string, EstimatorLoader> loaders{
        {".json", [](const std::filesystem::path& f, const EstimatorOptions& o) { return openMoveNet(f, o); }}};
};

Registry& registry() {
    static Registry r;
    return r;
}

std::string lowerExtension(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

}  // namespace

void registerEstimatorLoader(const std::string& extension, EstimatorLoader loader) {
    std::lock_guard lock(registry().mutex);
    registry().loaders[extension] = std::move(loader);
}

std::unique_ptr<PoseEstimator> PoseEstimator::open(const std::filesystem::path& modelFile,
                                                   const EstimatorOptions& options) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(modelFile, ec)) throw ModelError(modelFile.string() + ": no such model file");
    EstimatorLoader loader;
    {
        std::lock_guard lock(registry().mutex);
        const auto it = registry().loaders.find(lowerExtension(modelFile));
        if (it != registry().loaders.end()) loader = it->second;
    }
    if (!loader) throw ModelError(modelFile.string() + ": no estimator can open files of this type");
    if (options.posePrior.empty()) return loader(modelFile, options);
    PosePrior prior = readPosePrior(options.posePrior);  // before the model: a bad prior fails fast
    return withPosePrior(loader(modelFile, options), std::move(prior), options.posePriorOptions);
}

}  // namespace refpose
