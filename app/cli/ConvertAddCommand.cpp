// refpose-cli convert-add IN.json -o OUT.json: AnimeDrawingsDataset -> COCO keypoints.
#include "Commands.h"

#include "dataset/AddImport.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace refpose::cli {

void addConvertAddCommand(CLI::App& app) {
    struct Args {
        std::string in, out;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("convert-add", "Convert AnimeDrawingsDataset annotations to COCO keypoints");
    cmd->add_option("input", args->in, "ADD JSON file (a list of records)")->required()->check(CLI::ExistingFile);
    cmd->add_option("-o,--output", args->out, "COCO keypoints JSON to write")->required();
    cmd->callback([args] {
        const CocoDataset d = readAdd(args->in);
        writeCoco(d, args->out);
        std::cout << "wrote " << d.annotations.size() << " poses to " << args->out << "\n";
    });
}

}  // namespace refpose::cli
