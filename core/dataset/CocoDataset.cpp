#include "dataset/CocoDataset.h"

#include "util/AtomicFile.h"
#include "util/SafeJson.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace refpose {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& source, const std::string& where, const std::string& what) {
    throw DatasetError(source + ": " + where + ": " + what);
}

std::string annotationWhere(const json& a, std::size_t index) {
    if (a.is_object() && a.contains("id") && a["id"].is_number_integer())
        return "annotation " + std::to_string(a["id"].get<std::int64_t>());
    return "annotation #" + std::to_string(index);
}

const json& field(const json& obj, const char* name, const std::string& source, const std::string& where) {
    if (!obj.contains(name)) fail(source, where, "missing field '" + std::string(name) + "'");
    return obj[name];
}

std::int64_t intField(const json& obj, const char* name, const std::string& source, const std::string& where) {
    const json& v = field(obj, name, source, where);
    if (!v.is_number_integer()) fail(source, where, "field '" + std::string(name) + "' must be an integer");
    return v.get<std::int64_t>();
}

double numberAt(const json& arr, std::size_t i, const char* name, const std::string& source, const std::string& where) {
    const json& v = arr[i];
    // JSON has no NaN: JavaScript writes it as null, Python as a bare NaN the parser refuses.
    if (!v.is_number())
        fail(source, where, "field '" + std::string(name) + "'[" + std::to_string(i) + "] is not a number (NaN?)");
    const double d = v.get<double>();
    if (!std::isfinite(d))
        fail(source, where, "field '" + std::string(name) + "'[" + std::to_string(i) + "] is not finite");
    return d;
}

json withoutKeys(const json& obj, std::initializer_list<const char*> keys) {
    json extra = obj;
    for (const char* k : keys) extra.erase(k);
    return extra;
}

// The shortest decimal that reads back as the same float, so files stay readable and exact.
double asShortestDouble(float f) {
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, f);
    double d = 0;
    std::from_chars(buf, res.ptr, d);
    return d;
}

CocoImage parseImage(const json& j, const std::string& source, std::size_t index) {
    const std::string where =
        j.is_object() && j.contains("id") ? "image " + j["id"].dump() : "image #" + std::to_string(index);
    if (!j.is_object()) fail(source, where, "must be an object");
    CocoImage img;
    img.id = intField(j, "id", source, where);
    const json& name = field(j, "file_name", source, where);
    if (!name.is_string()) fail(source, where, "field 'file_name' must be a string");
    img.fileName = name.get<std::string>();
    // Checked as read (64-bit), so that 4294967297 is not taken for a width of 1.
    const std::int64_t width = intField(j, "width", source, where), height = intField(j, "height", source, where);
    if (width <= 0 || height <= 0 || width > std::numeric_limits<int>::max() ||
        height > std::numeric_limits<int>::max())
        fail(source, where, "fields 'width' and 'height' must be positive (at most 2147483647)");
    img.width = static_cast<int>(width);
    img.height = static_cast<int>(height);
    img.extra = withoutKeys(j, {"id", "file_name", "width", "height"});
    return img;
}

CocoCategory parseCategory(const json& j, const std::string& source, std::size_t index) {
    const std::string where = "category #" + std::to_string(index);
    if (!j.is_object()) fail(source, where, "must be an object");
    CocoCategory c;
    c.id = intField(j, "id", source, where);
    c.name = j.value("name", std::string{});
    c.supercategory = j.value("supercategory", std::string{});
    if (j.contains("keypoints")) {
        for (const auto& k : j["keypoints"]) {
            if (!k.is_string()) fail(source, where, "field 'keypoints' must list names");
            c.keypoints.push_back(k.get<std::string>());
        }
        if (c.keypoints.size() != kNumCocoKeypoints)
            fail(source, where,
                 "field 'keypoints' lists " + std::to_string(c.keypoints.size()) + " names, expected COCO's 17");
    }
    if (j.contains("skeleton")) {
        for (const auto& e : j["skeleton"]) {
            if (!e.is_array() || e.size() != 2 || !e[0].is_number_integer() || !e[1].is_number_integer())
                fail(source, where, "field 'skeleton' must hold pairs of joint numbers");
            const int a = e[0].get<int>(), b = e[1].get<int>();
            if (a < 1 || b < 1 || a > int(kNumCocoKeypoints) || b > int(kNumCocoKeypoints))
                fail(source, where, "field 'skeleton' names joint outside 1..17 (COCO numbers joints from 1)");
            c.skeleton.emplace_back(a, b);
        }
    }
    c.extra = withoutKeys(j, {"id", "name", "supercategory", "keypoints", "skeleton"});
    return c;
}

Box parseBox(const json& j, const std::string& source, const std::string& where) {
    const json& b = field(j, "bbox", source, where);
    if (!b.is_array() || b.size() != 4) fail(source, where, "field 'bbox' must hold 4 numbers [x, y, w, h]");
    Box box{float(numberAt(b, 0, "bbox", source, where)), float(numberAt(b, 1, "bbox", source, where)),
            float(numberAt(b, 2, "bbox", source, where)), float(numberAt(b, 3, "bbox", source, where))};
    if (box.w < 0 || box.h < 0) fail(source, where, "field 'bbox' has a negative width or height");
    return box;
}

CocoAnnotation parseAnnotation(const json& j, const std::string& source, std::size_t index) {
    const std::string where = annotationWhere(j, index);
    if (!j.is_object()) fail(source, where, "must be an object");
    CocoAnnotation a;
    a.id = intField(j, "id", source, where);
    a.imageId = intField(j, "image_id", source, where);
    a.categoryId = j.contains("category_id") ? intField(j, "category_id", source, where) : 1;
    const json& kps = field(j, "keypoints", source, where);
    if (!kps.is_array() || kps.size() != 3 * kNumCocoKeypoints)
        fail(source, where,
             "field 'keypoints' has " + std::to_string(kps.is_array() ? kps.size() : 0) +
                 " values, expected 51 (17 keypoints x 3)");
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        Keypoint& k = a.pose.kp[i];
        k.x = float(numberAt(kps, 3 * i, "keypoints", source, where));
        k.y = float(numberAt(kps, 3 * i + 1, "keypoints", source, where));
        const double v = numberAt(kps, 3 * i + 2, "keypoints", source, where);
        if (v != 0 && v != 1 && v != 2)
            fail(source, where,
                 "field 'keypoints' visibility of " + std::string(kKeypointNames[i]) + " must be 0, 1 or 2");
        k.v = static_cast<Visibility>(int(v));
        k.score = k.labelled() ? 1.f : 0.f;
    }
    deriveMidpoints(a.pose);
    a.pose.box = parseBox(j, source, where);
    a.area = j.contains("area") ? numberAt(json::array({j["area"]}), 0, "area", source, where)
                                : double(a.pose.box.w) * a.pose.box.h;
    a.iscrowd = j.contains("iscrowd") ? static_cast<int>(intField(j, "iscrowd", source, where)) : 0;
    a.extra =
        withoutKeys(j, {"id", "image_id", "category_id", "keypoints", "num_keypoints", "bbox", "area", "iscrowd"});
    return a;
}

const json& arrayField(const json& root, const char* name, const std::string& source) {
    if (!root.contains(name)) fail(source, "top level", "missing field '" + std::string(name) + "'");
    if (!root[name].is_array()) fail(source, "top level", "field '" + std::string(name) + "' must be an array");
    return root[name];
}

}  // namespace

const CocoImage* CocoDataset::findImage(std::int64_t id) const {
    for (const auto& img : images)
        if (img.id == id) return &img;
    return nullptr;
}

CocoCategory defaultPersonCategory() {
    CocoCategory c;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) c.keypoints.emplace_back(kKeypointNames[i]);
    for (const auto& e : kSkeletonEdges) c.skeleton.emplace_back(int(idx(e.a)) + 1, int(idx(e.b)) + 1);
    return c;
}

void validateCoco(const CocoDataset& d, const std::string& source) {
    std::set<std::int64_t> imageIds, annotationIds, categoryIds;
    for (const auto& img : d.images) {
        if (!imageIds.insert(img.id).second) fail(source, "image " + std::to_string(img.id), "duplicate image id");
        // What parseImage refuses is never written either.
        if (img.width <= 0 || img.height <= 0)
            fail(source, "image " + std::to_string(img.id), "fields 'width' and 'height' must be positive");
    }
    for (const auto& c : d.categories)
        if (!categoryIds.insert(c.id).second) fail(source, "category " + std::to_string(c.id), "duplicate category id");
    for (const auto& a : d.annotations) {
        const std::string where = "annotation " + std::to_string(a.id);
        if (!annotationIds.insert(a.id).second) fail(source, where, "duplicate annotation id");
        if (!imageIds.count(a.imageId))
            fail(source, where, "field 'image_id' names unknown image " + std::to_string(a.imageId));
        if (!categoryIds.empty() && !categoryIds.count(a.categoryId))
            fail(source, where, "field 'category_id' names unknown category " + std::to_string(a.categoryId));
        if (a.pose.box.w < 0 || a.pose.box.h < 0) fail(source, where, "field 'bbox' has a negative width or height");
        for (std::size_t i = 0; i < kNumCocoKeypoints; ++i)
            if (!std::isfinite(a.pose.kp[i].x) || !std::isfinite(a.pose.kp[i].y))
                fail(source, where, "field 'keypoints' holds a non-finite value for " + std::string(kKeypointNames[i]));
    }
}

CocoDataset parseCoco(const json& root, const std::string& source) {
    if (!root.is_object()) fail(source, "top level", "must be a JSON object");
    CocoDataset d;
    const json& images = arrayField(root, "images", source);
    const json& annotations = arrayField(root, "annotations", source);
    for (std::size_t i = 0; i < images.size(); ++i) d.images.push_back(parseImage(images[i], source, i));
    if (root.contains("categories")) {
        const json& cats = arrayField(root, "categories", source);
        for (std::size_t i = 0; i < cats.size(); ++i) d.categories.push_back(parseCategory(cats[i], source, i));
    }
    for (std::size_t i = 0; i < annotations.size(); ++i)
        d.annotations.push_back(parseAnnotation(annotations[i], source, i));
    d.extra = withoutKeys(root, {"images", "annotations", "categories"});
    validateCoco(d, source);
    return d;
}

json readJsonFile(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw DatasetError(file.string() + ": cannot open the file");
    try {
        return parseJson(in);
    } catch (const json::parse_error& e) {
        throw DatasetError(file.string() + ": not valid JSON (" + e.what() + ")");
    }
}

CocoDataset readCoco(const std::filesystem::path& file) {
    const json root = readJsonFile(file);
    try {
        return parseCoco(root, file.string());
    } catch (const json::exception& e) {
        throw DatasetError(file.string() + ": unexpected value type (" + e.what() + ")");
    }
}

json toJson(const CocoDataset& d) {
    json root = d.extra;
    json images = json::array();
    for (const auto& img : d.images) {
        json j = img.extra;
        j["id"] = img.id;
        j["file_name"] = img.fileName;
        j["width"] = img.width;
        j["height"] = img.height;
        images.push_back(std::move(j));
    }
    json cats = json::array();
    for (const auto& c : d.categories) {
        json j = c.extra;
        j["id"] = c.id;
        j["name"] = c.name;
        j["supercategory"] = c.supercategory;
        if (!c.keypoints.empty()) j["keypoints"] = c.keypoints;
        if (!c.skeleton.empty()) {
            j["skeleton"] = json::array();
            for (const auto& [a, b] : c.skeleton) j["skeleton"].push_back({a, b});
        }
        cats.push_back(std::move(j));
    }
    json anns = json::array();
    for (const auto& a : d.annotations) {
        json j = a.extra;
        j["id"] = a.id;
        j["image_id"] = a.imageId;
        j["category_id"] = a.categoryId;
        json kps = json::array();
        for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
            const Keypoint& k = a.pose.kp[i];
            kps.push_back(asShortestDouble(k.x));
            kps.push_back(asShortestDouble(k.y));
            kps.push_back(static_cast<int>(k.v));
        }
        j["keypoints"] = std::move(kps);
        j["num_keypoints"] = countLabelled(a.pose, kNumCocoKeypoints);
        const Box& b = a.pose.box;
        j["bbox"] = {asShortestDouble(b.x), asShortestDouble(b.y), asShortestDouble(b.w), asShortestDouble(b.h)};
        j["area"] = a.area;
        j["iscrowd"] = a.iscrowd;
        anns.push_back(std::move(j));
    }
    root["images"] = std::move(images);
    root["annotations"] = std::move(anns);
    root["categories"] = std::move(cats);
    return root;
}

void writeCoco(const CocoDataset& dataset, const std::filesystem::path& file) {
    validateCoco(dataset, file.string());
    writeFileAtomically(file, toJson(dataset).dump(1) + "\n");
}

}  // namespace refpose
