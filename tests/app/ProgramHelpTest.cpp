// Every program answers --help and --version without a display (a terminal, an ssh session,
// a packaging check), through the real executables.
#include "RunCommand.h"

#include <gtest/gtest.h>

#include <string>

namespace refpose {
namespace {

struct Program {
    const char* path;
    const char* helpMentions;  // a line of the program's own help text
};

const Program kPrograms[] = {
    {REFPOSE_GUI_PATH, "--library"},
    {REFPOSE_CLI_PATH, "render-figures"},
    {REFPOSE_TRAIN_PATH, "--config"},
    {REFPOSE_RENDER_SVG_PATH, "--svg-root"},
};

// No X11, no Wayland, no platform chosen: as on a headless machine.
test::CommandResult runHeadless(const std::string& program, const std::string& argument) {
    return test::runCommand("env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM \"" + program + "\" " + argument +
                            " 2>&1");
}

TEST(ProgramHelp, EveryProgramPrintsItsHelpWithoutADisplay) {
    for (const Program& program : kPrograms) {
        const auto run = runHeadless(program.path, "--help");
        EXPECT_EQ(run.exitCode, 0) << program.path << "\n" << run.output;
        EXPECT_NE(run.output.find(program.helpMentions), std::string::npos) << program.path << "\n" << run.output;
    }
}

TEST(ProgramHelp, EveryProgramPrintsItsVersionWithoutADisplay) {
    for (const Program& program : kPrograms) {
        const auto run = runHeadless(program.path, "--version");
        EXPECT_EQ(run.exitCode, 0) << program.path << "\n" << run.output;
        EXPECT_NE(run.output.find(REFPOSE_VERSION), std::string::npos) << program.path << "\n" << run.output;
    }
}

// Without --help the GUI still needs a display, and says so instead of hanging.
TEST(ProgramHelp, TheGuiWithoutADisplayFailsWithAMessage) {
    const auto run = runHeadless(REFPOSE_GUI_PATH, "--library /nonexistent/lib.db");
    EXPECT_NE(run.exitCode, 0);
    EXPECT_NE(run.output.find("display"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace refpose
