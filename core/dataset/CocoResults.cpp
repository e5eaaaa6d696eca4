#include "dataset/CocoResults.h"

#include <cmath>
#include <map>
#include <set>

namespace refpose {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& source, std::size_t index, const std::string& what) {
    throw DatasetError(source + ": result #" + std::to_string(index) + ": " + what);
}

const json& field(const json& entry, const char* name, const std::string& source, std::size_t index) {
    if (!entry.contains(name)) fail(source, index, "missing field '" + std::string(name) + "'");
    return entry[name];
}

std::int64_t intField(const json& entry, const char* name, const std::string& source, std::size_t index) {
    const json& v = field(entry, name, source, index);
    if (!v.is_number_integer()) fail(source, index, "field '" + std::string(name) + "' must be an integer");
    return v.get<std::int64_t>();
}

// JSON has no NaN: JavaScript writes it as null, which is_number refuses.
double finiteNumber(const json& v, const std::string& what, const std::string& source, std::size_t index) {
    if (!v.is_number()) fail(source, index, what + " is not a number (NaN?)");
    const double d = v.get<double>();
    if (!std::isfinite(d)) fail(source, index, what + " is not finite");
    return d;
}

// The 17 keypoints, all predicted: a result's third value is the estimator's confidence.
Pose parseKeypoints(const json& entry, const std::string& source, std::size_t index) {
    const json& kps = field(entry, "keypoints", source, index);
    if (!kps.is_array() || kps.size() != 3 * kNumCocoKeypoints)
        fail(source, index,
             "field 'keypoints' has " + std::to_string(kps.is_array() ? kps.size() : 0) +
                 " values, expected 51 (17 keypoints x 3)");
    Pose pose;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        auto at = [&](std::size_t j) {
            return finiteNumber(kps[j], "field 'keypoints'[" + std::to_string(j) + "]", source, index);
        };
        Keypoint& k = pose.kp[i];
        k.x = float(at(3 * i));
        k.y = float(at(3 * i + 1));
        k.score = float(at(3 * i + 2));
        k.v = Visibility::Visible;
    }
    deriveMidpoints(pose);
    pose.box = boxAroundKeypoints(pose, 0.f);
    return pose;
}

struct ScoredResult {
    CocoAnnotation annotation;
    double score = 0;
};

ScoredResult parseResult(const json& entry, const CocoDataset& truth, const std::set<std::int64_t>& imageIds,
                         const std::string& source, std::size_t index) {
    if (!entry.is_object()) fail(source, index, "must be an object");
    ScoredResult r;
    CocoAnnotation& a = r.annotation;
    a.imageId = intField(entry, "image_id", source, index);
    if (!imageIds.count(a.imageId))
        fail(source, index,
             "field 'image_id' names image " + std::to_string(a.imageId) + ", which the ground truth lacks");
    a.categoryId = intField(entry, "category_id", source, index);
    bool knownCategory = truth.categories.empty();
    for (const auto& c : truth.categories) knownCategory = knownCategory || c.id == a.categoryId;
    if (!knownCategory)
        fail(source, index, "field 'category_id' names unknown category " + std::to_string(a.categoryId));
    a.pose = parseKeypoints(entry, source, index);
    a.area = double(a.pose.box.w) * a.pose.box.h;
    r.score = finiteNumber(field(entry, "score", source, index), "field 'score'", source, index);
    a.extra["score"] = r.score;
    return r;
}

}  // namespace

CocoDataset parseCocoResults(const json& root, const CocoDataset& truth, const std::string& source) {
    if (!root.is_array()) throw DatasetError(source + ": top level: a results list must be a JSON array");
    std::set<std::int64_t> imageIds;
    for (const auto& img : truth.images) imageIds.insert(img.id);
    // Single-person evaluation: the highest-scoring result on each image is its prediction
    // (the first of equal scores), as a top-1 detector would report it.
    std::map<std::int64_t, ScoredResult> best;
    for (std::size_t i = 0; i < root.size(); ++i) {
        ScoredResult r = parseResult(root[i], truth, imageIds, source, i);
        r.annotation.id = std::int64_t(i) + 1;  // results carry no id; the entry number is unique
        const auto it = best.find(r.annotation.imageId);
        if (it == best.end())
            best.emplace(r.annotation.imageId, std::move(r));
        else if (r.score > it->second.score)
            it->second = std::move(r);
    }
    CocoDataset d;
    d.images = truth.images;
    d.categories = truth.categories;
    for (auto& [imageId, r] : best) d.annotations.push_back(std::move(r.annotation));
    validateCoco(d, source);
    return d;
}

CocoDataset readPredictions(const std::filesystem::path& file, const CocoDataset& truth) {
    const json root = readJsonFile(file);
    try {
        return root.is_array() ? parseCocoResults(root, truth, file.string()) : parseCoco(root, file.string());
    } catch (const json::exception& e) {
        throw DatasetError(file.string() + ": unexpected value type (" + e.what() + ")");
    }
}

}  // namespace refpose
