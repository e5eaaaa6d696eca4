#include "SearchCliSupport.h"

#include "dataset/CocoDataset.h"
#include "util/InstallLayout.h"
#include "util/SafeJson.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace refpose::cli {

std::filesystem::path resolveModel(const std::string& choice) {
    if (choice != "thunder" && choice != "lightning" && choice != "illustrated") return choice;
    const std::filesystem::path dir = modelsDir();
    if (choice == "illustrated") return dir / "refpose-illustrated.refpose";
    return dir / ("movenet-" + choice + ".json");
}

std::unique_ptr<PoseEstimator> openEstimator(const std::string& choice) {
    return PoseEstimator::open(resolveModel(choice));
}

namespace {

Pose poseFromKeypoints(const nlohmann::json& a, const std::string& name) {
    const auto& k = a.at("keypoints");
    if (!k.is_array() || (k.size() != 3 * kNumCocoKeypoints && k.size() != 3 * kNumKeypoints))
        throw std::runtime_error(name + ": \"keypoints\" must hold 17 or 25 (x, y, v) triples");
    const std::size_t n = k.size() / 3;
    Pose p;
    for (std::size_t i = 0; i < n; ++i) {
        const int v = k[3 * i + 2].get<int>();
        if (v < 0 || v > 2) throw std::runtime_error(name + ": visibility of keypoint " + std::to_string(i) + " is not 0, 1 or 2");
        p.kp[i] = {k[3 * i].get<float>(), k[3 * i + 1].get<float>(), v > 0 ? 1.f : 0.f, static_cast<Visibility>(v)};
    }
    if (a.contains("scores")) {
        const auto& s = a.at("scores");
        if (!s.is_array() || s.size() != n) throw std::runtime_error(name + ": \"scores\" must have one value per keypoint");
        for (std::size_t i = 0; i < n; ++i) p.kp[i].score = s[i].get<float>();
    }
    if (n == kNumCocoKeypoints) deriveMidpoints(p);
    if (a.contains("bbox")) {
        const auto& b = a.at("bbox");
        if (!b.is_array() || b.size() != 4) throw std::runtime_error(name + ": \"bbox\" must be [x, y, w, h]");
        p.box = {b[0].get<float>(), b[1].get<float>(), b[2].get<float>(), b[3].get<float>()};
    }
    return p;
}

}  // namespace

Pose readPoseFile(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error(file.string() + ": cannot open");
    nlohmann::json j;
    try {
        j = parseJson(in);
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(file.string() + ": not valid JSON (" + e.what() + ")");
    }
    try {
        if (j.contains("annotations")) {
            const CocoDataset d = parseCoco(j, file.string());
            if (d.annotations.empty()) throw std::runtime_error(file.string() + ": the COCO file has no annotation");
            return d.annotations.front().pose;
        }
        if (!j.contains("keypoints")) throw std::runtime_error(file.string() + ": no \"keypoints\" field");
        return poseFromKeypoints(j, file.string());
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(file.string() + ": " + e.what());
    }
}

std::uint32_t parseJointList(const std::string& list) {
    std::uint32_t mask = 0;
    std::stringstream ss(list);
    std::string name;
    while (std::getline(ss, name, ',')) {
        if (name.empty()) continue;
        const auto i = keypointIndex(name);
        if (!i) throw std::runtime_error("--joints: unknown keypoint \"" + name + "\" (names as in COCO, e.g. left_wrist)");
        mask |= std::uint32_t{1} << *i;
    }
    if (mask == 0) throw std::runtime_error("--joints: no keypoint named");
    return mask;
}

}  // namespace refpose::cli
