// refpose-cli: RefPose without a window, for batch jobs, servers and scripts.
#include "Commands.h"

#include "TrainedModel.h"
#include "util/ErrorText.h"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"RefPose command line: datasets, metrics, pose estimation and pose search"};
    refpose::training::registerTrainedModelLoader();  // refpose-cli estimate --model X.refpose
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(REFPOSE_VERSION));
    refpose::cli::addConvertAddCommand(app);
    refpose::cli::addEvalCommand(app);
    refpose::cli::addEvalModelCommand(app);
    refpose::cli::addFitPosePriorCommand(app);
    refpose::cli::addCheckDatasetCommand(app);
    refpose::cli::addCheckLibraryCommand(app);
    refpose::cli::addIndexCommand(app);
    refpose::cli::addQueryCommand(app);
    refpose::cli::addImportPosesCommand(app);
    refpose::cli::addEstimateCommand(app);
    refpose::cli::addRenderFiguresCommand(app);
    refpose::cli::addMakeExamplesCommand(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const std::exception& e) {
        std::cerr << "refpose-cli: error: " << refpose::shortenedErrorText(e.what()) << "\n";
        return 1;
    }
    return 0;
}
