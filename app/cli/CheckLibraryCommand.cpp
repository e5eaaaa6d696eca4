// refpose-cli check-library LIB.db [--rebuild]: SQLite's full integrity_check and a check of
// every pose row. Prints what is wrong and exits 1 when the library is damaged; --rebuild then
// copies every readable, sound row into a new library that replaces it (the old file is kept
// as LIB.db.damaged) and says which folders to index again.
#include "Commands.h"

#include "library/LibraryRepair.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace refpose::cli {
namespace {

void printCounts(const LibraryCounts& c) {
    std::cout << c.images << " images, " << c.poses << " poses (" << c.poseOnly << " without image), " << c.failures
              << " unreadable images, " << c.folders << " folders";
}

void rebuild(const std::filesystem::path& file) {
    const RebuildReport r = rebuildLibrary(file);
    std::cout << file.string() << ": rebuilt; kept ";
    printCounts(r.kept);
    std::cout << "; left out " << r.rowsLeftOut << " unusable rows and " << r.unreadableStretches
              << " unreadable stretches; the damaged file is kept as " << r.damagedCopy.string() << "\n";
    const auto folders = LibraryStore(file, LibraryAccess::ReadOnly).folders();
    if (folders.empty()) return;
    std::cout << "index its folders again to estimate the images that were lost:\n  refpose-cli index";
    for (const auto& f : folders) std::cout << " '" << f.string() << "'";
    std::cout << " --library '" << file.string() << "'\n";
}

}  // namespace

void addCheckLibraryCommand(CLI::App& app) {
    struct Args {
        std::string library;
        bool rebuild = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("check-library", "Check a pose library for damage (and rebuild a damaged one)");
    cmd->add_option("library", args->library, "library file")->required()->check(CLI::ExistingFile);
    cmd->add_flag("--rebuild", args->rebuild,
                  "when damaged: copy what is readable into a new library that replaces it (the old file is kept "
                  "as LIB.damaged); close the library in RefPose first");
    cmd->callback([args] {
        const std::filesystem::path file = args->library;
        const LibraryCheck check = checkLibrary(file);
        if (check.ok()) {
            std::cout << file.string() << ": sound (";
            printCounts(check.counts);
            std::cout << ")" << (args->rebuild ? "; nothing to rebuild" : "") << "\n";
            return;
        }
        std::cout << file.string() << ": damaged:\n";
        for (const std::string& p : check.problems) std::cout << "  " << p << "\n";
        if (args->rebuild) return rebuild(file);
        throw std::runtime_error(file.string() +
                                 ": the library is damaged; rebuild it with `refpose-cli check-library "
                                 "--rebuild " +
                                 file.string() + "`");
    });
}

}  // namespace refpose::cli
