// refpose-cli import-poses (COCO.json | --add ADD.json) --library LIB.db [--source NAME]:
// adds poses without images (pose-only entries) to a library.
#include "Commands.h"

#include "dataset/AddImport.h"
#include "dataset/CocoDataset.h"
#include "library/PoseLibrary.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace refpose::cli {

void addImportPosesCommand(CLI::App& app) {
    struct Args {
        std::string coco, add, library, source;
    };
    auto args = std::make_shared<Args>();
    auto* cmd =
        app.add_subcommand("import-poses", "Add the poses of a COCO or AnimeDrawingsDataset file as pose-only entries");
    auto* coco = cmd->add_option("coco", args->coco, "COCO keypoints JSON")->check(CLI::ExistingFile);
    auto* add =
        cmd->add_option("--add", args->add, "AnimeDrawingsDataset JSON (a list of records)")->check(CLI::ExistingFile);
    coco->excludes(add);
    cmd->add_option("--library", args->library, "library file (created when absent)")->required();
    cmd->add_option("--source", args->source,
                    "source name of the entries (default: the file's name); "
                    "re-importing a source replaces its entries");
    cmd->callback([args] {
        if (args->coco.empty() == args->add.empty())
            throw CLI::ValidationError("import-poses", "give a COCO file or --add");
        const bool isAdd = !args->add.empty();
        const std::filesystem::path file = isAdd ? args->add : args->coco;
        const CocoDataset d = isAdd ? readAdd(file) : readCoco(file);
        const std::string source = !args->source.empty() ? args->source : (isAdd ? "add-" : "") + file.stem().string();
        auto library = PoseLibrary::open(args->library);
        const std::size_t n = library->importPoses(d, source);
        std::cout << "imported " << n << " poses as source \"" << source << "\"; library: " << library->counts().poses
                  << " poses\n";
    });
}

}  // namespace refpose::cli
