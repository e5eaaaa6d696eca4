#include "util/InstallLayout.h"

#include <cstdlib>
#include <system_error>

namespace refpose {

namespace fs = std::filesystem;

fs::path runningProgramDir() {
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    return error ? fs::current_path() : self.parent_path();
}

fs::path installedDataDir(const fs::path& programDir) {
    return (programDir / ".." / "share" / "refpose").lexically_normal();
}

fs::path modelsDir() {
    const char* env = std::getenv("REFPOSE_MODELS_DIR");
    if (env && *env) return env;
    return installedDataDir() / "models";
}

fs::path exampleLibraryDir() { return installedDataDir() / "example-library"; }

fs::path trainerProgram(const fs::path& programDir) {
    const fs::path beside = programDir / "refpose-train";
    const fs::path buildTree = (programDir / ".." / "training" / "refpose-train").lexically_normal();
    std::error_code error;
    if (!fs::exists(beside, error) && fs::exists(buildTree, error)) return buildTree;
    return beside;
}

}  // namespace refpose
