#include "TrainConfig.h"

#include "util/SafeJson.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <type_traits>

namespace refpose::training {
namespace {

// Smallest crop padding the paper allows: 10% of the box side on every side.
constexpr float kMinPadding = 0.1f;

std::filesystem::path resolve(const std::filesystem::path& p, const std::filesystem::path& base) {
    if (p.empty() || p.is_absolute()) return p;
    return base / p;
}

// nlohmann's get<T>() converts a floating-point value with a cast, which is undefined beyond T's
// range (a config's "epochs": 2e47, found by tests/fuzz's train_config_fuzz): such values are
// refused here, before the cast.
template <typename T>
bool representable(const nlohmann::json& v) {
    if (!v.is_number_float()) return true;
    const double d = v.get<double>();
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        const double lowest = static_cast<double>(std::numeric_limits<T>::lowest());
        const double beyond = std::ldexp(1.0, std::numeric_limits<T>::digits);  // just past max()
        return d >= lowest && d < beyond;
    } else if constexpr (std::is_same_v<T, float>) {
        return !std::isfinite(d) || std::abs(d) <= std::numeric_limits<float>::max();
    }
    return true;
}

template <typename T>
void take(const nlohmann::json& j, const char* key, T& out, const std::string& source) {
    if (!j.contains(key)) return;
    if (!representable<T>(j.at(key)))
        throw ConfigError(source + ": field \"" + key + "\": " + dumpJson(j.at(key)) + " is out of range");
    try {
        out = j.at(key).get<T>();
    } catch (const nlohmann::json::exception& e) {
        throw ConfigError(source + ": field \"" + key + "\": " + e.what());
    }
}

void require(bool ok, const std::string& source, const std::string& what) {
    if (!ok) throw ConfigError(source + ": " + what);
}

AugmentConfig augmentFromJson(const nlohmann::json& j, const std::string& source) {
    AugmentConfig a;
    if (j.is_boolean()) {
        a.enabled = j.get<bool>();
        return a;
    }
    take(j, "enabled", a.enabled, source);
    take(j, "rotation_degrees", a.rotationDegrees, source);
    take(j, "translate", a.translate, source);
    take(j, "scale_min", a.scaleMin, source);
    take(j, "scale_max", a.scaleMax, source);
    take(j, "flip", a.flip, source);
    take(j, "colour", a.colour, source);
    take(j, "hue", a.hue, source);
    require(a.scaleMin > 0 && a.scaleMax >= a.scaleMin, source,
            "augment.scale_min/scale_max must satisfy 0 < min <= max");
    return a;
}

std::vector<ExtraDataset> extraDatasetsFromJson(const nlohmann::json& j, const std::filesystem::path& base,
                                                const std::string& source) {
    require(j.is_array(), source, "\"extra_datasets\" must be a list of {dataset, image_dir, repeat}");
    std::vector<ExtraDataset> out;
    for (const auto& item : j) {
        require(item.is_object(), source, "each of \"extra_datasets\" must be an object");
        std::string dataset, imageDir;
        ExtraDataset e;
        take(item, "dataset", dataset, source);
        take(item, "image_dir", imageDir, source);
        take(item, "repeat", e.repeat, source);
        require(!dataset.empty(), source, "each of \"extra_datasets\" needs \"dataset\"");
        require(e.repeat >= 1, source, "\"repeat\" must be >= 1");
        e.dataset = resolve(dataset, base);
        e.imageDir = imageDir.empty() ? e.dataset.parent_path() : resolve(imageDir, base);
        out.push_back(e);
    }
    return out;
}

void validate(const TrainConfig& c, const std::string& source) {
    require(c.mode == "pose" || c.mode == "tagger", source, "\"mode\" must be \"pose\" or \"tagger\"");
    require(!c.dataset.empty(), source, "\"dataset\" is required");
    require(c.datasetRepeat >= 1, source, "\"dataset_repeat\" must be >= 1");
    require(!c.outDir.empty(), source, "\"out_dir\" is required");
    require(c.resnetDepth == 18 || c.resnetDepth == 34 || c.resnetDepth == 50, source,
            "\"resnet_depth\" must be 18, 34 or 50");
    require(c.resnetWidth >= 4 && c.headChannels >= 4, source, "\"resnet_width\" and \"head_channels\" must be >= 4");
    require(c.inputSize >= 32 && c.inputSize % 32 == 0, source, "\"input_size\" must be a multiple of 32, at least 32");
    require(c.heatmapSize >= 8 && c.heatmapSize <= c.inputSize, source, "\"heatmap_size\" must be in [8, input_size]");
    require(c.padding >= kMinPadding, source, "\"padding\" must be at least 0.1 (paper)");
    require(c.learningRate > 0, source, "\"lr\" must be positive");
    require(c.batchSize >= 1 && c.epochs >= 1, source, "\"batch_size\" and \"epochs\" must be >= 1");
    require(c.workers >= 1 && c.prefetch >= 1, source, "\"workers\" and \"prefetch\" must be >= 1");
    require(c.checkpointEvery >= 1 && c.evalEvery >= 1 && c.logEvery >= 1, source,
            "step and epoch intervals must be >= 1");
    require(c.device == "auto" || c.device == "cpu" || c.device == "cuda", source,
            "\"device\" must be auto, cpu or cuda");
    require(c.finetuneScope == "all" || c.finetuneScope == "fpn-head" || c.finetuneScope == "head", source,
            "\"finetune_scope\" must be all, fpn-head or head");
    require(c.taskSource == "movenet" || c.taskSource == "random-resnet", source,
            "\"task_source\" must be movenet or random-resnet");
}

}  // namespace

Architecture architectureFromName(const std::string& name) {
    if (name == "domain-only") return Architecture::DomainOnly;
    if (name == "task-only") return Architecture::TaskOnly;
    if (name == "concat") return Architecture::Concat;
    if (name == "matching") return Architecture::Matching;
    if (name == "task-finetune") return Architecture::TaskFineTune;
    throw ConfigError("unknown architecture \"" + name +
                      "\" (domain-only, task-only, concat, matching, task-finetune)");
}

std::string architectureName(Architecture a) {
    switch (a) {
        case Architecture::DomainOnly:
            return "domain-only";
        case Architecture::TaskOnly:
            return "task-only";
        case Architecture::Concat:
            return "concat";
        case Architecture::Matching:
            return "matching";
        case Architecture::TaskFineTune:
            return "task-finetune";
    }
    return "domain-only";
}

TrainConfig configFromJson(const nlohmann::json& j, const std::filesystem::path& base, const std::string& source) {
    require(j.is_object(), source, "a config must be a JSON object");
    TrainConfig c;
    c.sourceFile = source;
    std::string dataset, imageDir, valDataset, valImageDir, outDir, arch = "domain-only", taskModel;
    take(j, "mode", c.mode, source);
    take(j, "dataset", dataset, source);
    take(j, "image_dir", imageDir, source);
    take(j, "dataset_repeat", c.datasetRepeat, source);
    take(j, "val_dataset", valDataset, source);
    take(j, "val_image_dir", valImageDir, source);
    take(j, "out_dir", outDir, source);
    take(j, "architecture", arch, source);
    take(j, "task_source", c.taskSource, source);
    take(j, "task_model", taskModel, source);
    take(j, "resnet_depth", c.resnetDepth, source);
    take(j, "resnet_width", c.resnetWidth, source);
    take(j, "head_channels", c.headChannels, source);
    take(j, "input_size", c.inputSize, source);
    take(j, "heatmap_size", c.heatmapSize, source);
    take(j, "padding", c.padding, source);
    take(j, "lr", c.learningRate, source);
    take(j, "batch_size", c.batchSize, source);
    take(j, "epochs", c.epochs, source);
    take(j, "max_steps", c.maxSteps, source);
    take(j, "seed", c.seed, source);
    take(j, "device", c.device, source);
    take(j, "threads", c.threads, source);
    take(j, "workers", c.workers, source);
    take(j, "prefetch", c.prefetch, source);
    take(j, "checkpoint_every", c.checkpointEvery, source);
    take(j, "eval_every", c.evalEvery, source);
    take(j, "patience", c.patience, source);
    take(j, "matching_weight", c.matchingWeight, source);
    take(j, "finetune_scope", c.finetuneScope, source);
    take(j, "log_every", c.logEvery, source);
    if (j.contains("augment")) c.augment = augmentFromJson(j.at("augment"), source);
    try {
        c.architecture = architectureFromName(arch);
    } catch (const ConfigError& e) {
        throw ConfigError(source + ": " + e.what());
    }
    c.dataset = resolve(dataset, base);
    c.imageDir = imageDir.empty() ? c.dataset.parent_path() : resolve(imageDir, base);
    c.valDataset = valDataset.empty() ? c.dataset : resolve(valDataset, base);
    c.valImageDir = valImageDir.empty() ? (valDataset.empty() ? c.imageDir : c.valDataset.parent_path())
                                        : resolve(valImageDir, base);
    c.outDir = resolve(outDir, base);
    c.taskModel = resolve(taskModel, base);
    if (j.contains("extra_datasets")) c.extraDatasets = extraDatasetsFromJson(j.at("extra_datasets"), base, source);
    if (c.mode == "tagger") c.augment.hue = false;
    validate(c, source);
    return c;
}

TrainConfig readConfig(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw ConfigError(file.string() + ": cannot open the config file");
    nlohmann::json j;
    try {
        j = parseJson(in);
    } catch (const nlohmann::json::exception& e) {
        throw ConfigError(file.string() + ": not valid JSON: " + e.what());
    }
    return configFromJson(j, std::filesystem::absolute(file).parent_path(), file.string());
}

nlohmann::json extraDatasetsToJson(const std::vector<ExtraDataset>& extra) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : extra)
        out.push_back({{"dataset", e.dataset.string()}, {"image_dir", e.imageDir.string()}, {"repeat", e.repeat}});
    return out;
}

nlohmann::json configToJson(const TrainConfig& c) {
    const auto& a = c.augment;
    return {{"mode", c.mode},
            {"dataset", c.dataset.string()},
            {"image_dir", c.imageDir.string()},
            {"val_dataset", c.valDataset.string()},
            {"val_image_dir", c.valImageDir.string()},
            {"out_dir", c.outDir.string()},
            {"architecture", architectureName(c.architecture)},
            {"task_source", c.taskSource},
            {"task_model", c.taskModel.string()},
            {"resnet_depth", c.resnetDepth},
            {"resnet_width", c.resnetWidth},
            {"head_channels", c.headChannels},
            {"input_size", c.inputSize},
            {"heatmap_size", c.heatmapSize},
            {"padding", c.padding},
            {"lr", c.learningRate},
            {"batch_size", c.batchSize},
            {"epochs", c.epochs},
            {"max_steps", c.maxSteps},
            {"seed", c.seed},
            {"device", c.device},
            {"threads", c.threads},
            {"workers", c.workers},
            {"prefetch", c.prefetch},
            {"checkpoint_every", c.checkpointEvery},
            {"eval_every", c.evalEvery},
            {"patience", c.patience},
            {"matching_weight", c.matchingWeight},
            {"log_every", c.logEvery},
            {"finetune_scope", c.finetuneScope},
            {"dataset_repeat", c.datasetRepeat},
            {"extra_datasets", extraDatasetsToJson(c.extraDatasets)},
            {"augment",
             {{"enabled", a.enabled},
              {"rotation_degrees", a.rotationDegrees},
              {"translate", a.translate},
              {"scale_min", a.scaleMin},
              {"scale_max", a.scaleMax},
              {"flip", a.flip},
              {"colour", a.colour},
              {"hue", a.hue}}}};
}

}  // namespace refpose::training
