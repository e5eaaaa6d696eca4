#pragma once
// Each refpose-cli sub-command lives in its own file and registers itself through one of these.

namespace CLI {
class App;
}

namespace refpose::cli {

void addConvertAddCommand(CLI::App& app);
void addEvalCommand(CLI::App& app);
void addEvalModelCommand(CLI::App& app);
void addFitPosePriorCommand(CLI::App& app);
void addCheckDatasetCommand(CLI::App& app);
void addCheckLibraryCommand(CLI::App& app);
void addIndexCommand(CLI::App& app);
void addQueryCommand(CLI::App& app);
void addImportPosesCommand(CLI::App& app);
void addEstimateCommand(CLI::App& app);
void addRenderFiguresCommand(CLI::App& app);
void addMakeExamplesCommand(CLI::App& app);

}  // namespace refpose::cli
