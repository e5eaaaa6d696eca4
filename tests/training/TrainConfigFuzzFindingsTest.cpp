// The training config's reproducers found by tests/fuzz (the other readers': tests/core/FuzzFindingsTest.cpp).
#include "TestPaths.h"
#include "TrainConfig.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace refpose {
namespace {

// train_config_fuzz: "dataset_repeat": 2.1e47 was cast to int (undefined behaviour); an
// out-of-range number is refused naming the file and the field.
TEST(TrainConfigFuzzFindingsTest, ConfigNumberBeyondItsFieldsRangeIsRefused) {
    for (const std::string field : {"dataset_repeat", "epochs", "batch_size", "padding", "seed"}) {
        const std::filesystem::path file = test::freshTempDir() / "run.json";
        std::ofstream(file) << R"({"dataset": "a.json", "out_dir": "out", ")" << field << R"(": 2.1e47})";
        try {
            (void)training::readConfig(file);
            FAIL() << field << ": 2.1e47 was accepted";
        } catch (const training::ConfigError& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find(file.string()), std::string::npos) << what;
            EXPECT_NE(what.find(field), std::string::npos) << what;
        }
    }
}

}  // namespace
}  // namespace refpose
