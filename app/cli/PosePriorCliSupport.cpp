#include "PosePriorCliSupport.h"

#include "SearchCliSupport.h"

#include <CLI/CLI.hpp>

namespace refpose::cli {

void addPosePriorOptions(CLI::App* command, PosePriorArgs& args) {
    command
        ->add_option("--pose-prior", args.prior,
                     "pose prior applied after decoding (fixes left/right swaps, fills unsure joints): a "
                     "prior file (refpose-cli fit-pose-prior), 'default' (pose-prior.json among the models) "
                     "or 'off'")
        ->capture_default_str();
    command
        ->add_option("--pose-prior-min-score", args.minScore,
                     "joints less confident than this are filled by the pose prior")
        ->check(CLI::Range(0.0f, 1.0f))
        ->capture_default_str();
    command
        ->add_option("--pose-prior-gate", args.fillGate,
                     "an unsure joint moves only when its squared Mahalanobis distance from where the prior "
                     "expects it exceeds this (0 = always)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    command->add_flag("--pose-prior-swaps", args.fixSwaps, "let the pose prior swap a limb's left and right");
}

void applyPosePriorArgs(const PosePriorArgs& args, EstimatorOptions& options) {
    if (args.prior == "off")
        options.posePrior.clear();
    else if (args.prior == "default")
        options.posePrior = resolveModel("thunder").parent_path() / "pose-prior.json";
    else
        options.posePrior = args.prior;
    options.posePriorOptions.minScore = args.minScore;
    options.posePriorOptions.fillGate = args.fillGate;
    options.posePriorOptions.fixSwaps = args.fixSwaps;
}

}  // namespace refpose::cli
