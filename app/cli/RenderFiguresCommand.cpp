// refpose-cli render-figures: a folder of rendered figures with exact keypoints (COCO).
// refpose-cli make-examples: the example library the app opens at first start.
#include "Commands.h"

#include "render/FigureSet.h"
#include "render/SkeletonSource.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <filesystem>
#include <iterator>
#include <cstdio>
#include <iostream>
#include <memory>
#include <opencv2/core.hpp>

namespace refpose::cli {
namespace {

// Figures in the example library.
constexpr int kExampleCount = 24;
constexpr int kExampleSize = 512;
// Jitter of the example variants, and of render-figures' poses (built-in poses are few, so
// they vary more than ADD's 2000 real ones).
constexpr JitterOptions kBuiltinJitter{15.f, 0.05f, true};
constexpr JitterOptions kAddJitter{8.f, 0.02f, true};

// SplitMix64: well-spread per-figure seeds from one seed and a counter.
std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t i) {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (i + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::string numbered(const char* prefix, int i, const std::string& rest) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%02d", prefix, i);
    return buf + rest;
}

void report(const CocoDataset& d, const std::string& out, std::chrono::steady_clock::time_point start) {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "wrote " << d.images.size() << " figures and " << kFigureSetCocoName << " to " << out << " in " << s
              << " s\n";
}

// The poses of every ADD file (train and val; the test split stays unseen by anything trained
// on the renders, so a file named test.json is refused unless the renders are for scoring).
std::vector<NamedPose> addPosesOf(const std::vector<std::string>& files, bool forScoring) {
    std::vector<NamedPose> all;
    for (const std::string& file : files) {
        if (std::filesystem::path(file).filename() == "test.json" && !forScoring)
            throw std::runtime_error(file +
                                     ": ADD's test split is held out; render from train.json and val.json "
                                     "(or pass --for-scoring for renders that only score a model)");
        std::vector<NamedPose> poses = loadAddPoses(file);
        if (poses.empty()) throw std::runtime_error(file + ": no complete pose to render");
        all.insert(all.end(), std::make_move_iterator(poses.begin()), std::make_move_iterator(poses.end()));
    }
    return all;
}

std::vector<FigureRequest> randomFigures(int count, std::uint64_t seed, int size,
                                         const std::vector<std::string>& addFiles, bool plain, bool forScoring) {
    const std::vector<NamedPose> add = addPosesOf(addFiles, forScoring);
    const std::vector<NamedPose>& poses = add.empty() ? builtinPoses() : add;
    std::vector<FigureRequest> requests;
    for (int i = 0; i < count; ++i) {
        const std::uint64_t s = mixSeed(seed, static_cast<std::uint64_t>(i));
        cv::RNG rng(s);
        const NamedPose& p = poses[static_cast<std::size_t>(rng.uniform(0, static_cast<int>(poses.size())))];
        const Pose varied = jitteredPose(p.pose, s, add.empty() ? kBuiltinJitter : kAddJitter);
        RenderStyle style;
        style.seed = s;
        style.width = style.height = size;
        style.variety = !plain;
        char name[32];
        std::snprintf(name, sizeof name, "figure-%06d.png", i + 1);
        requests.push_back({name, p.name, placedAtRandom(varied, size, size, s), style});
    }
    return requests;
}

// Every built-in pose once, then ADD poses spread over the file (or, without ADD, jittered
// mirrored variants of the built-in ones); hair and outfit cycle so every variant shows.
std::vector<FigureRequest> exampleFigures(const std::string& addFile) {
    std::vector<NamedPose> chosen = builtinPoses();
    const std::size_t builtins = chosen.size();
    const std::vector<NamedPose> add = addFile.empty() ? std::vector<NamedPose>{} : loadAddPoses(addFile);
    for (std::size_t i = 0; chosen.size() < static_cast<std::size_t>(kExampleCount); ++i) {
        if (!add.empty()) {
            chosen.push_back(add[(i * add.size()) / (kExampleCount - builtins)]);
        } else {
            const NamedPose& b = builtinPoses()[i % builtins];
            chosen.push_back({b.name + "-variant", jitteredPose(b.pose, mixSeed(7, i), kBuiltinJitter)});
        }
    }
    constexpr HairKind kHairs[] = {HairKind::TwinTails, HairKind::Ponytail, HairKind::Bob, HairKind::Long};
    constexpr OutfitKind kOutfits[] = {OutfitKind::Skirt, OutfitKind::Trousers, OutfitKind::Shorts};
    std::vector<FigureRequest> requests;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        RenderStyle style;
        style.seed = mixSeed(2024, i);
        style.width = style.height = kExampleSize;
        style.hair = kHairs[i % std::size(kHairs)];
        style.outfit = kOutfits[(i / 2) % std::size(kOutfits)];
        const std::string name = numbered("", static_cast<int>(i + 1),
                                          "-" + chosen[i].name + "-" + std::string(toString(style.hair)) + "-" +
                                              std::string(toString(style.outfit)) + ".png");
        requests.push_back({name, chosen[i].name, fitToImage(chosen[i].pose, kExampleSize, kExampleSize), style});
    }
    return requests;
}

}  // namespace

void addRenderFiguresCommand(CLI::App& app) {
    struct Args {
        std::string out;
        std::vector<std::string> add;
        int count = 100;
        std::uint64_t seed = 1;
        int size = 512;
        bool plain = false;
        bool forScoring = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd =
        app.add_subcommand("render-figures", "Render illustrated figures with exact keypoints: PNGs plus a COCO file");
    cmd->add_option("--out", args->out, "Folder to write (created when absent)")->required();
    cmd->add_option("--count", args->count, "Number of figures")->required()->check(CLI::Range(1, 1000000));
    cmd->add_option("--seed", args->seed, "Seed of every random choice")->capture_default_str();
    cmd->add_option(
           "--add", args->add,
           "AnimeDrawingsDataset JSON to take poses from, repeatable (train.json, val.json; else built-in poses)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--size", args->size, "Image side in pixels")->capture_default_str()->check(CLI::Range(64, 4096));
    cmd->add_flag("--plain", args->plain,
                  "The classic look: no proportions, long clothes, props, frame cuts or busy backgrounds");
    cmd->add_flag("--for-scoring", args->forScoring,
                  "Renders that only score a model: ADD's held-out test.json is then allowed (never train on them)");
    cmd->callback([args] {
        const auto start = std::chrono::steady_clock::now();
        const CocoDataset d = writeFigureSet(
            randomFigures(args->count, args->seed, args->size, args->add, args->plain, args->forScoring), args->out);
        report(d, args->out, start);
    });
}

void addMakeExamplesCommand(CLI::App& app) {
    struct Args {
        std::string out, add;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("make-examples", "Write the example library of rendered figures");
    cmd->add_option("--out", args->out, "Folder to write (created when absent)")->required();
    cmd->add_option("--add", args->add, "AnimeDrawingsDataset JSON for real illustrated poses (optional)")
        ->check(CLI::ExistingFile);
    cmd->callback([args] {
        const auto start = std::chrono::steady_clock::now();
        const CocoDataset d = writeFigureSet(exampleFigures(args->add), args->out);
        report(d, args->out, start);
    });
}

}  // namespace refpose::cli
