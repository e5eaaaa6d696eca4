#include "TestPaths.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace refpose::test {
namespace {
std::filesystem::path fromEnvOr(const char* var, const char* fallback) {
    const char* v = std::getenv(var);
    return (v && *v) ? std::filesystem::path(v) : std::filesystem::path(fallback);
}
}  // namespace

std::filesystem::path sharedDir() { return fromEnvOr("REFPOSE_SHARED_DIR", REFPOSE_TEST_SHARED_DIR); }
std::filesystem::path modelsDir() { return fromEnvOr("REFPOSE_MODELS_DIR", REFPOSE_TEST_MODELS_DIR); }
std::filesystem::path sourceDir() { return REFPOSE_TEST_SOURCE_DIR; }
std::filesystem::path binaryDir() { return REFPOSE_TEST_BINARY_DIR; }
std::filesystem::path cliPath() { return REFPOSE_CLI_PATH; }

bool dataRequired() {
    const char* v = std::getenv("REFPOSE_REQUIRE_DATA");
    return v && std::string(v) == "1";
}

std::filesystem::path freshTempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "test";
    for (char& c : name)
        if (c == '/') c = '_';
    auto dir = std::filesystem::temp_directory_path() / ("refpose-test-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace refpose::test
