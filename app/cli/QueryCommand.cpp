// refpose-cli query (IMG | --pose POSE.json) --library LIB.db [-k 10] [--no-mirror]
//   [--joints LIST] [--orientation] [--approximate] [--json]: the library's nearest poses.
#include "Commands.h"
#include "SearchCliSupport.h"

#include "image/ImageLoader.h"
#include "library/PoseLibrary.h"
#include "util/SafeJson.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>
#include <memory>

namespace refpose::cli {
namespace {

nlohmann::json hitJson(std::size_t rank, const SearchHit& h) {
    nlohmann::json j = {
        {"rank", rank}, {"pose_id", h.entry.poseId}, {"distance", h.distance}, {"mirrored", h.mirrored}};
    if (!h.entry.imagePath.empty()) j["image"] = h.entry.imagePath;
    if (!h.entry.sourceId.empty()) j["source"] = h.entry.sourceId;
    return j;
}

}  // namespace

void addQueryCommand(CLI::App& app) {
    struct Args {
        std::string image, pose, library, model = kDefaultSearchModel, joints;
        std::size_t k = 10;
        bool noMirror = false, orientation = false, approximate = false, json = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("query", "Find the library's poses nearest to an image's or a pose file's");
    auto* img =
        cmd->add_option("image", args->image, "image whose character's pose is the query")->check(CLI::ExistingFile);
    auto* pose = cmd->add_option("--pose", args->pose, "query pose JSON (keypoints [x,y,v]*17|25, optional bbox)")
                     ->check(CLI::ExistingFile);
    img->excludes(pose);
    cmd->add_option("--library", args->library, "library file")->required()->check(CLI::ExistingFile);
    cmd->add_option("-k", args->k, "number of results")->capture_default_str();
    cmd->add_flag("--no-mirror", args->noMirror, "do not match left-right mirrored poses");
    cmd->add_option("--joints", args->joints, "only these joints count, e.g. left_wrist,left_elbow,left_shoulder");
    cmd->add_flag("--orientation", args->orientation, "rank poses whose whole-body orientation differs lower");
    cmd->add_flag("--approximate", args->approximate, "FAISS candidates + exact re-ranking (very large libraries)");
    cmd->add_option("--model", args->model, "pose model for an image query: thunder, lightning or a file")
        ->capture_default_str();
    cmd->add_flag("--json", args->json, "print JSON");
    cmd->callback([args] {
        if (args->image.empty() == args->pose.empty()) throw CLI::ValidationError("query", "give an image or --pose");
        SearchOptions o;
        o.k = args->k;
        o.mirror = !args->noMirror;
        o.orientation = args->orientation;
        o.approximate = args->approximate;
        if (!args->joints.empty()) o.joints = parseJointList(args->joints);
        Pose query;
        if (!args->pose.empty())
            query = readPoseFile(args->pose);
        else
            query = openEstimator(args->model)->estimate(loadImage(args->image)).pose;
        // Read-only when the file or its folder is not writable; otherwise read-write, so that
        // closing folds the write-ahead log back (a read-only connection leaves -wal and -shm).
        const auto library = PoseLibrary::open(args->library);
        const auto hits = library->search(query, o);
        if (args->json) {
            nlohmann::json out = {{"library", args->library}, {"hits", nlohmann::json::array()}};
            out["query"] = args->image.empty() ? args->pose : args->image;
            for (std::size_t i = 0; i < hits.size(); ++i) out["hits"].push_back(hitJson(i + 1, hits[i]));
            std::cout << dumpJson(out, 2) << "\n";
            return;
        }
        for (std::size_t i = 0; i < hits.size(); ++i) {
            const SearchHit& h = hits[i];
            std::cout << std::setw(3) << i + 1 << "  " << std::fixed << std::setprecision(4) << h.distance
                      << (h.mirrored ? "  mirrored  " : "            ")
                      << (h.entry.imagePath.empty() ? h.entry.sourceId : h.entry.imagePath) << "\n";
        }
        if (hits.empty()) std::cout << "no comparable pose in the library\n";
    });
}

}  // namespace refpose::cli
