#include "SearchCliSupport.h"

#include "dataset/CocoDataset.h"
#include "util/InstallLayout.h"
#include "util/SafeJson.h"

#include <nlohmann/json.hpp>

#include <cmath>
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

// Query coordinates are pixels. A float keeps 1/16 pixel up to a million pixels, far beyond any
// drawing, while a value like 1e39 becomes infinity as a float and poisons every distance.
constexpr double kMaxPoseCoordinate = 1e6;

std::string describe(double value) {
    std::ostringstream s;
    s << value;
    return s.str();
}

// A coordinate (or box side) read as a double, so that one outside a float's range is refused
// rather than converted.
float coordinate(const nlohmann::json& v, const std::string& name, const std::string& what) {
    if (!v.is_number()) throw std::runtime_error(name + ": " + what + " is not a number");
    const double d = v.get<double>();
    if (!std::isfinite(d) || std::abs(d) > kMaxPoseCoordinate)
        throw std::runtime_error(name + ": " + what + " is " + describe(d) +
                                 ", outside the +-1000000 pixels a pose may use");
    return static_cast<float>(d);
}

void checkCoordinate(float value, const std::string& name, const std::string& what) {
    coordinate(nlohmann::json(static_cast<double>(value)), name, what);
}

// The same limits for a pose read through the COCO reader (which refuses only non-finite values).
void checkPoseRange(const Pose& p, const std::string& name) {
    for (std::size_t i = 0; i < kNumKeypoints; ++i) {
        checkCoordinate(p.kp[i].x, name, "the x of " + std::string(kKeypointNames[i]));
        checkCoordinate(p.kp[i].y, name, "the y of " + std::string(kKeypointNames[i]));
    }
    for (const float side : {p.box.x, p.box.y, p.box.w, p.box.h}) checkCoordinate(side, name, "the box");
}

Pose poseFromKeypoints(const nlohmann::json& a, const std::string& name) {
    const auto& k = a.at("keypoints");
    if (!k.is_array() || (k.size() != 3 * kNumCocoKeypoints && k.size() != 3 * kNumKeypoints))
        throw std::runtime_error(name + ": \"keypoints\" must hold 17 or 25 (x, y, v) triples");
    const std::size_t n = k.size() / 3;
    Pose p;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string point = std::string(kKeypointNames[i]);
        const float x = coordinate(k[3 * i], name, "the x of " + point);
        const float y = coordinate(k[3 * i + 1], name, "the y of " + point);
        if (!k[3 * i + 2].is_number_integer())
            throw std::runtime_error(name + ": the visibility of " + point + " is not 0, 1 or 2");
        const int v = k[3 * i + 2].get<int>();
        if (v < 0 || v > 2)
            throw std::runtime_error(name + ": visibility of keypoint " + std::to_string(i) + " is not 0, 1 or 2");
        p.kp[i] = {x, y, v > 0 ? 1.f : 0.f, static_cast<Visibility>(v)};
    }
    if (a.contains("scores")) {
        const auto& s = a.at("scores");
        if (!s.is_array() || s.size() != n)
            throw std::runtime_error(name + ": \"scores\" must have one value per keypoint");
        for (std::size_t i = 0; i < n; ++i) {
            if (!s[i].is_number() || !(s[i].get<double>() >= 0.0 && s[i].get<double>() <= 1.0))
                throw std::runtime_error(name + ": the score of " + std::string(kKeypointNames[i]) +
                                         " must be a number from 0 to 1");
            p.kp[i].score = s[i].get<float>();
        }
    }
    if (n == kNumCocoKeypoints) deriveMidpoints(p);
    if (a.contains("bbox")) {
        const auto& b = a.at("bbox");
        if (!b.is_array() || b.size() != 4) throw std::runtime_error(name + ": \"bbox\" must be [x, y, w, h]");
        p.box = {coordinate(b[0], name, "the box's x"), coordinate(b[1], name, "the box's y"),
                 coordinate(b[2], name, "the box's width"), coordinate(b[3], name, "the box's height")};
        if (p.box.w < 0 || p.box.h < 0) throw std::runtime_error(name + ": the box has a negative width or height");
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
            checkPoseRange(d.annotations.front().pose, file.string());
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
        if (!i)
            throw std::runtime_error("--joints: unknown keypoint \"" + name + "\" (names as in COCO, e.g. left_wrist)");
        mask |= std::uint32_t{1} << *i;
    }
    if (mask == 0) throw std::runtime_error("--joints: no keypoint named");
    return mask;
}

}  // namespace refpose::cli
