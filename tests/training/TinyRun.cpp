#include "TinyRun.h"

#include "TestPaths.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace refpose::test {

std::filesystem::path renderTinyFigures(const std::filesystem::path& dir, int count) {
    const auto folder = dir / "figures";
    const std::string cmd = cliPath().string() + " render-figures --out " + folder.string() + " --count " +
                            std::to_string(count) + " --size 160 --seed 5 --plain > /dev/null";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("render-figures failed: " + cmd);
    return folder / "annotations.json";
}

nlohmann::json tinyRunJson(const std::filesystem::path& dataset, const std::filesystem::path& outDir) {
    std::ifstream in(sourceDir() / "training" / "tiny_run.json");
    nlohmann::json j = nlohmann::json::parse(in);
    j["dataset"] = dataset.string();
    j["out_dir"] = outDir.string();
    return j;
}

}  // namespace refpose::test
