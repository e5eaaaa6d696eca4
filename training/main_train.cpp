// refpose-train: trains a pose model from a run config, printing JSON-lines progress on stdout
// (DESIGN.md, "Training"). The training panel runs it as a child process; it works headless too.
//   refpose-train --config RUN.json [--stdin-control]
//   refpose-train --config RUN.json --bench STEPS
//   refpose-train --synthetic-figures DIR --count N [--seed S]
#include "SyntheticFigures.h"
#include "TrainConfig.h"
#include "Trainer.h"

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
    std::cout << event.dump() << std::endl;  // one flushed line per event: the panel reads it live
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"RefPose trainer: trains a pose model from a run config (JSON lines on stdout)"};
    std::string config, synthetic;
    int benchSteps = 0, count = 8;
    std::uint64_t seed = 1;
    bool stdinControl = false;
    app.add_option("--config", config, "run config (JSON)");
    app.add_option("--bench", benchSteps, "measure training images/s over this many steps instead of training");
    app.add_option("--synthetic-figures", synthetic, "write stick-figure images and their COCO file to this folder");
    app.add_option("--count", count, "number of synthetic figures");
    app.add_option("--seed", seed, "seed of the synthetic figures");
    app.add_flag("--stdin-control", stdinControl, "read \"stop\" lines from stdin");
    CLI11_PARSE(app, argc, argv);
    try {
        if (!synthetic.empty()) {
            std::cout << refpose::training::writeSyntheticFigures(synthetic, count, seed).string() << "\n";
            return 0;
        }
        if (config.empty()) throw refpose::training::ConfigError("--config is required");
        const auto c = refpose::training::readConfig(config);
        if (benchSteps > 0) {
            const double rate = refpose::training::benchmarkTraining(c, benchSteps, 2);
            emit({{"event", "bench"}, {"architecture", refpose::training::architectureName(c.architecture)},
                  {"images_per_s", rate}, {"batch_size", c.batchSize}, {"input_size", c.inputSize}});
            return 0;
        }
        if (stdinControl) watchStdin();
        refpose::training::trainPose(c, emit, &gStop);
    } catch (const std::exception& e) {
        emit({{"event", "error"}, {"message", e.what()}});
        std::cerr << "refpose-train: error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
