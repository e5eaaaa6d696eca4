#pragma once
// Where RefPose's programs find their data: relative to the running program, so that a package
// works wherever it is unpacked and no build path is compiled in.
//
//   installed:  <prefix>/bin/refpose, <prefix>/bin/refpose-train, <prefix>/share/refpose/models
//   build tree: <build>/app/refpose, <build>/training/refpose-train, <build>/share/refpose/models
//               (CMake links <build>/share/refpose/models to the source tree's models/ folder)
//
// The environment overrides: REFPOSE_MODELS_DIR for the models folder.

#include <filesystem>

namespace refpose {

// The folder of the running executable (/proc/self/exe, symbolic links resolved).
std::filesystem::path runningProgramDir();

// <program dir>/../share/refpose
std::filesystem::path installedDataDir(const std::filesystem::path& programDir = runningProgramDir());

// REFPOSE_MODELS_DIR when set, else installedDataDir()/models.
std::filesystem::path modelsDir();

// installedDataDir()/example-library (the rendered figures the app opens at first start).
std::filesystem::path exampleLibraryDir();

// The trainer beside the program (installed), else in the build tree's training/ folder; the
// first candidate when neither exists, so that an error can name where it was looked for.
std::filesystem::path trainerProgram(const std::filesystem::path& programDir = runningProgramDir());

}  // namespace refpose
