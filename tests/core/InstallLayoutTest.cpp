// Where the programs find their data: relative to themselves, installed or in the build tree.
#include "util/InstallLayout.h"

#include "TestPaths.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace refpose {
namespace {

namespace fs = std::filesystem;

void touch(const fs::path& file) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << "#!/bin/sh\n";
}

TEST(InstallLayout, DataLivesInShareBesideTheProgramsBin) {
    EXPECT_EQ(installedDataDir("/opt/x/usr/bin"), fs::path("/opt/x/usr/share/refpose"));
    EXPECT_EQ(installedDataDir("/work/build/app"), fs::path("/work/build/share/refpose"));
}

TEST(InstallLayout, RunningProgramDirIsThisTestsFolder) {
    EXPECT_TRUE(fs::exists(runningProgramDir() / "refpose_core_tests"));
}

TEST(InstallLayout, TrainerBesideAnInstalledProgramWins) {
    const fs::path root = test::freshTempDir();
    touch(root / "usr/bin/refpose-train");
    touch(root / "usr/training/refpose-train");  // a build-tree look-alike must not be preferred
    EXPECT_EQ(trainerProgram(root / "usr/bin"), root / "usr/bin/refpose-train");
}

TEST(InstallLayout, TrainerOfTheBuildTreeWhenNoneIsBeside) {
    const fs::path build = test::freshTempDir();
    fs::create_directories(build / "app");
    touch(build / "training/refpose-train");
    EXPECT_EQ(trainerProgram(build / "app"), build / "training/refpose-train");
}

TEST(InstallLayout, MissingTrainerNamesThePlaceBesideTheProgram) {
    const fs::path root = test::freshTempDir();
    EXPECT_EQ(trainerProgram(root / "bin"), root / "bin/refpose-train");
}

TEST(InstallLayout, EnvironmentOverridesTheModelsFolder) {
    const char* saved = std::getenv("REFPOSE_MODELS_DIR");
    const std::string restore = saved ? saved : "";
    ::setenv("REFPOSE_MODELS_DIR", "/elsewhere/models", 1);
    EXPECT_EQ(modelsDir(), fs::path("/elsewhere/models"));
    ::unsetenv("REFPOSE_MODELS_DIR");
    EXPECT_EQ(modelsDir(), installedDataDir() / "models");
    if (saved) ::setenv("REFPOSE_MODELS_DIR", restore.c_str(), 1);
}

// The build tree has the installed shape: the source tree's models are reachable from here.
TEST(InstallLayout, BuildTreeReachesTheSourceModelsThroughShare) {
    const fs::path models = installedDataDir() / "models";
    ASSERT_TRUE(fs::is_directory(models)) << models;
    EXPECT_EQ(fs::canonical(models), fs::canonical(test::modelsDir()));
}

}  // namespace
}  // namespace refpose
