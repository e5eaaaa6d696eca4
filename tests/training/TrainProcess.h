#pragma once
// Runs refpose-train as a child process and collects its JSON-lines progress; can kill it
// (SIGKILL, no clean-up) once a given step has been reported.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <vector>

namespace refpose::test {

struct TrainProcessResult {
    std::vector<nlohmann::json> events;
    int exitStatus = -1;  // -1 when killed
};

TrainProcessResult runTrainProcess(const std::filesystem::path& config, long killAfterStep = -1);

}  // namespace refpose::test
