// refpose-cli fit-pose-prior --add FILE... --out PRIOR.json [--shrinkage S]: fits the pose
// prior (core/estimate/PosePrior.h) on AnimeDrawingsDataset poses. Fit it on ADD's train and
// val splits only: test stays unseen.
#include "Commands.h"

#include "dataset/AddImport.h"
#include "estimate/PosePrior.h"
#include "util/AtomicFile.h"
#include "util/SafeJson.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace refpose::cli {

void addFitPosePriorCommand(CLI::App& app) {
    struct Args {
        std::vector<std::string> add;
        std::string out;
        double shrinkage = PosePriorFitOptions{}.shrinkage;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("fit-pose-prior", "Fit the pose prior on AnimeDrawingsDataset poses");
    cmd->add_option("--add", args->add, "ADD JSON file (train.json, val.json; never test.json)")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("-o,--out", args->out, "pose prior JSON to write")->required();
    cmd->add_option("--shrinkage", args->shrinkage, "covariance shrinkage towards the mean variance")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->callback([args] {
        std::vector<Pose> poses;
        nlohmann::json sources = nlohmann::json::array();
        for (const auto& file : args->add) {
            const CocoDataset d = readAdd(file);
            for (const auto& a : d.annotations) poses.push_back(a.pose);
            sources.push_back(
                {{"file", std::filesystem::path(file).filename().string()}, {"poses", d.annotations.size()}});
        }
        PosePrior prior = fitPosePrior(poses, {.shrinkage = args->shrinkage});
        prior.about["fit_from"] = sources;
        prior.about["fit_by"] = "refpose-cli fit-pose-prior (core/estimate/PosePrior.cpp)";
        writeFileAtomically(args->out, dumpJson(posePriorToJson(prior), 1) + "\n");
        std::cout << "fit the pose prior on " << prior.about["poses"] << " poses; wrote " << args->out << "\n";
    });
}

}  // namespace refpose::cli
