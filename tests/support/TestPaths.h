#pragma once
// Where tests find data that lives outside the repository, and a skip helper for when it is absent.

#include <filesystem>

namespace refpose::test {

// ../shared beside the project (REFPOSE_SHARED_DIR overrides); may not exist.
std::filesystem::path sharedDir();
// The folder the set-up fetched MoveNet into (REFPOSE_MODELS_DIR overrides); may not exist.
std::filesystem::path modelsDir();
// tests/ in the source tree, and this suite's build folder (for outputs such as screenshots).
std::filesystem::path sourceDir();
std::filesystem::path binaryDir();
// The built refpose-cli executable.
std::filesystem::path cliPath();
// A fresh, empty temporary folder unique to the calling test.
std::filesystem::path freshTempDir();

}  // namespace refpose::test

namespace refpose::test {
// REFPOSE_REQUIRE_DATA=1 (set by .ci/run): missing data fails the test instead of skipping it,
// so that CI cannot pass with tests that never ran.
bool dataRequired();
}  // namespace refpose::test

// Skips the current test (fails it when data is required) with a message naming what is missing.
#define REFPOSE_SKIP_FOR_MISSING(what)                                                                     \
    do {                                                                                                   \
        if (::refpose::test::dataRequired()) GTEST_FAIL() << "missing (REFPOSE_REQUIRE_DATA=1): " << what; \
        GTEST_SKIP() << "skipped: " << what;                                                               \
    } while (0)

#define REFPOSE_SKIP_UNLESS_EXISTS(path)                                                \
    do {                                                                                \
        if (!std::filesystem::exists(path))                                             \
            REFPOSE_SKIP_FOR_MISSING((path) << " is absent (data beside the project)"); \
    } while (0)
