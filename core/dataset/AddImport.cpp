#include "dataset/AddImport.h"

#include "util/SafeJson.h"
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>

namespace refpose {
namespace {

using nlohmann::json;

struct AddToCoco {
    const char* add;
    Kp coco;
};
constexpr std::array<AddToCoco, 13> kMapping = {{
    {"nose_tip", Kp::Nose},
    {"arm_left", Kp::LeftShoulder},
    {"arm_right", Kp::RightShoulder},
    {"elbow_left", Kp::LeftElbow},
    {"elbow_right", Kp::RightElbow},
    {"wrist_left", Kp::LeftWrist},
    {"wrist_right", Kp::RightWrist},
    {"leg_left", Kp::LeftHip},
    {"leg_right", Kp::RightHip},
    {"knee_left", Kp::LeftKnee},
    {"knee_right", Kp::RightKnee},
    {"ankle_left", Kp::LeftAnkle},
    {"ankle_right", Kp::RightAnkle},
}};

[[noreturn]] void fail(const std::string& source, std::size_t index, const std::string& what) {
    throw DatasetError(source + ": record #" + std::to_string(index) + ": " + what);
}

// "data/images/1154928.jpg" -> 1154928; nothing when the stem is not a number.
std::optional<std::int64_t> postId(const std::string& fileName) {
    const std::string stem = std::filesystem::path(fileName).stem().string();
    std::int64_t id = 0;
    const auto res = std::from_chars(stem.data(), stem.data() + stem.size(), id);
    if (res.ec != std::errc{} || res.ptr != stem.data() + stem.size()) return std::nullopt;
    return id;
}

// Point coordinates and image sides are pixels: a million is far beyond any drawing, and keeps the
// estimated size of an unsized record (a point plus a margin) well inside an int.
constexpr double kMaxPixels = 1e6;

std::array<float, 2> point(const json& p, const std::string& name, const std::string& source, std::size_t index) {
    if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number())
        fail(source, index, "point '" + name + "' must be [x, y]");
    // Read as doubles so that a value beyond a float's range is refused, not made infinite.
    const double x = p[0].get<double>(), y = p[1].get<double>();
    if (!std::isfinite(x) || !std::isfinite(y) || std::abs(x) > kMaxPixels || std::abs(y) > kMaxPixels)
        fail(source, index, "point '" + name + "' lies beyond a million pixels");
    return {static_cast<float>(x), static_cast<float>(y)};
}

// "width" or "height": 0 when ADD does not know it (the size is then estimated), else positive.
int imageSide(const json& record, const char* field, const std::string& source, std::size_t index) {
    const json& v = record[field];
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > std::int64_t(kMaxPixels))
        fail(source, index, "field '" + std::string(field) + "' must be a whole number from 0 to 1000000");
    return static_cast<int>(v.get<std::int64_t>());
}

// Grows the box by the margin, clipped to the image. A record whose size is unknown (ADD has one
// with width and height 0) gets the smallest size that holds the grown box, and is marked so.
Box boxAroundAllPoints(const json& points, CocoImage& img, const std::string& source, std::size_t index) {
    float x0 = std::numeric_limits<float>::max(), y0 = x0, x1 = std::numeric_limits<float>::lowest(), y1 = x1;
    for (const auto& [name, p] : points.items()) {
        const auto [x, y] = point(p, name, source, index);
        x0 = std::min(x0, x);
        y0 = std::min(y0, y);
        x1 = std::max(x1, x);
        y1 = std::max(y1, y);
    }
    if (x0 > x1) fail(source, index, "has no points");
    const float grow = kAddBoxMargin * std::max(x1 - x0, y1 - y0);
    if (img.width <= 0 || img.height <= 0) {
        img.width = static_cast<int>(std::ceil(x1 + grow));
        img.height = static_cast<int>(std::ceil(y1 + grow));
        if (img.width <= 0 || img.height <= 0)
            fail(source, index, "its size is unknown (0) and its points, left of or above the image, give none");
        img.extra["size_estimated"] = true;
    }
    x0 = std::max(0.f, x0 - grow);
    y0 = std::max(0.f, y0 - grow);
    x1 = std::min(float(img.width), x1 + grow);
    y1 = std::min(float(img.height), y1 + grow);
    return {x0, y0, std::max(0.f, x1 - x0), std::max(0.f, y1 - y0)};
}

}  // namespace

CocoDataset convertAdd(const json& records, const std::string& source) {
    if (!records.is_array()) throw DatasetError(source + ": expected a JSON array of ADD records");
    CocoDataset d;
    d.categories.push_back(defaultPersonCategory());
    for (std::size_t i = 0; i < records.size(); ++i) {
        const json& r = records[i];
        if (!r.is_object() || !r.contains("points") || !r["points"].is_object())
            fail(source, i, "missing field 'points'");
        if (!r.contains("file_name") || !r["file_name"].is_string()) fail(source, i, "missing field 'file_name'");
        if (!r.contains("width") || !r.contains("height")) fail(source, i, "missing field 'width' or 'height'");
        CocoImage img;
        img.fileName = r["file_name"].get<std::string>();
        img.id = postId(img.fileName).value_or(static_cast<std::int64_t>(i) + 1);
        img.width = imageSide(r, "width", source, i);
        img.height = imageSide(r, "height", source, i);
        CocoAnnotation a;
        a.id = static_cast<std::int64_t>(i) + 1;
        a.imageId = img.id;
        const json& pts = r["points"];
        for (const auto& m : kMapping) {
            if (!pts.contains(m.add)) continue;
            const auto [x, y] = point(pts[m.add], m.add, source, i);
            a.pose[m.coco] = Keypoint{x, y, 1.f, Visibility::Visible};
        }
        deriveMidpoints(a.pose);
        a.pose.box = boxAroundAllPoints(pts, img, source, i);
        a.area = double(a.pose.box.w) * a.pose.box.h;
        d.images.push_back(std::move(img));
        d.annotations.push_back(std::move(a));
    }
    validateCoco(d, source);
    return d;
}

CocoDataset readAdd(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw DatasetError(file.string() + ": cannot open the file");
    try {
        return convertAdd(parseJson(in), file.string());
    } catch (const json::parse_error& e) {
        throw DatasetError(file.string() + ": not valid JSON (" + std::string(e.what()) + ")");
    } catch (const json::type_error& e) {
        throw DatasetError(file.string() + ": unexpected value type (" + std::string(e.what()) + ")");
    }
}

}  // namespace refpose
