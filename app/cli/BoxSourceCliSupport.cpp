#include "BoxSourceCliSupport.h"

#include <CLI/CLI.hpp>

namespace refpose::cli {

void addBoxSourceOptions(CLI::App* command, BoxSourceArgs& args) {
    command
        ->add_option("--box", args.source,
                     "where the character's box comes from: pose (a first pose pass on the whole image) or "
                     "segmenter (the largest region of a segmentation mask, the paper's way)")
        ->check(CLI::IsMember({"pose", "segmenter"}))
        ->capture_default_str();
    command->add_option("--segmenter-model", args.segmenterModel,
                        "segmentation model of --box segmenter (default: selfie.json beside the pose model)");
}

void applyBoxSourceArgs(const BoxSourceArgs& args, EstimatorOptions& options) {
    options.boxSource = args.source == "segmenter" ? BoxSource::Segmenter : BoxSource::Pose;
    options.segmenterModel = args.segmenterModel;
}

}  // namespace refpose::cli
