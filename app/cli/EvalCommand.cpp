// refpose-cli eval --gt GT.json --pred PRED.json [--json]: the paper's metrics tables.
// PRED is a COCO dataset or a COCO results list (core/dataset/CocoResults.h).
#include "Commands.h"

#include "dataset/CocoResults.h"
#include "metrics/PoseMetrics.h"
#include "util/SafeJson.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace refpose::cli {

void addEvalCommand(CLI::App& app) {
    struct Args {
        std::string gt, pred;
        bool json = false;
        MetricThresholds t;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("eval", "Score predicted keypoints against ground truth (OKS, PCKh, PDJ, PCPm)");
    cmd->add_option("--gt", args->gt, "ground-truth COCO keypoints JSON")->required()->check(CLI::ExistingFile);
    cmd->add_option("--pred", args->pred,
                    "predicted keypoints: a COCO keypoints JSON, or a COCO results list (a JSON array of "
                    "{image_id, category_id, keypoints, score}, placed on --gt's images by image_id; "
                    "single-person: the highest-scoring result per image counts)")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_flag("--json", args->json, "print the report as JSON");
    cmd->add_option("--pckh", args->t.pckh, "PCKh threshold (fraction of the head size)")->capture_default_str();
    cmd->add_option("--pdj", args->t.pdj, "PDJ threshold (fraction of the torso diagonal)")->capture_default_str();
    cmd->add_option("--pcpm", args->t.pcpm, "PCPm threshold (fraction of the mean limb length)")->capture_default_str();
    cmd->callback([args] {
        const CocoDataset gt = readCoco(args->gt);
        const CocoDataset pred = readPredictions(args->pred, gt);
        const EvaluationReport report = evaluate(pairByImage(gt, pred), args->t);
        if (args->json)
            std::cout << dumpJson(reportToJson(report), 2) << "\n";
        else
            std::cout << formatReport(report);
    });
}

}  // namespace refpose::cli
