// refpose-cli check-dataset FILE.json: the annotator's export check (core/dataset/
// AnnotationChecks.h) without a window: points outside the image or the box, likely left/right
// swaps, missing points. Prints one line per finding; exits 1 when any is an error.
#include "Commands.h"

#include "dataset/AnnotationChecks.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace refpose::cli {

void addCheckDatasetCommand(CLI::App& app) {
    auto file = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("check-dataset", "Check COCO keypoint labels as the annotator's export does");
    cmd->add_option("file", *file, "COCO keypoints JSON")->required()->check(CLI::ExistingFile);
    cmd->callback([file] {
        const CocoDataset dataset = readCoco(*file);
        std::size_t errors = 0, warnings = 0;
        for (const AnnotationIssue& issue : checkDataset(dataset)) {
            const bool error = issue.severity == IssueSeverity::Error;
            (error ? errors : warnings) += 1;
            std::cout << (error ? "error" : "warning") << ": image " << issue.imageId << ", annotation "
                      << issue.annotationId << ": " << issueKindName(issue.kind) << ": " << issue.message << "\n";
        }
        std::cout << dataset.annotations.size() << " annotations: " << errors << " errors, " << warnings
                  << " warnings\n";
        if (errors) throw std::runtime_error(*file + ": " + std::to_string(errors) + " labelling errors");
    });
}

}  // namespace refpose::cli
