// refpose-train: trains a pose model from a run config, printing JSON-lines progress on stdout
// (DESIGN.md, "Training"). The training panel runs it as a child process; it works headless too.
//   refpose-train --config RUN.json [--stdin-control]
//   refpose-train --config RUN.json --bench STEPS
#include "TrainConfig.h"
#include "TaggerTrainer.h"
#include "Trainer.h"
#include "util/ErrorText.h"
#include "util/SafeJson.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <iostream>
#include <string>
#include <thread>

namespace {

std::atomic<bool> gStop{false};

// With --stdin-control, a line "stop" on stdin asks for a graceful stop (keep the best model).
void watchStdin() {
    std::thread([] {
        std::string line;
        while (std::getline(std::cin, line))
            if (line == "stop") gStop = true;
    }).detach();
}

void emit(const nlohmann::json& event) {
    std::cout << refpose::dumpJson(event) << std::endl;  // one flushed line per event: the panel reads it live
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"RefPose trainer: trains a pose model from a run config (JSON lines on stdout)"};
    app.set_version_flag("--version", std::string(REFPOSE_VERSION));
    std::string config;
    int benchSteps = 0;
    bool stdinControl = false;
    app.add_option("--config", config, "run config (JSON)");
    app.add_option("--bench", benchSteps, "measure training images/s over this many steps instead of training");
    app.add_flag("--stdin-control", stdinControl, "read \"stop\" lines from stdin");
    CLI11_PARSE(app, argc, argv);
    try {
        if (config.empty()) throw refpose::training::ConfigError("--config is required");
        const auto c = refpose::training::readConfig(config);
        if (benchSteps > 0) {
            const double rate = refpose::training::benchmarkTraining(c, benchSteps, 2);
            emit({{"event", "bench"},
                  {"architecture", refpose::training::architectureName(c.architecture)},
                  {"images_per_s", rate},
                  {"batch_size", c.batchSize},
                  {"input_size", c.inputSize}});
            return 0;
        }
        if (stdinControl) watchStdin();
        if (c.mode == "tagger")
            refpose::training::trainTagger(c, emit, &gStop);
        else
            refpose::training::trainPose(c, emit, &gStop);
    } catch (const std::exception& e) {
        const std::string message = refpose::shortenedErrorText(e.what());
        emit({{"event", "error"}, {"message", message}});
        std::cerr << "refpose-train: error: " << message << "\n";
        return 1;
    }
    return 0;
}
