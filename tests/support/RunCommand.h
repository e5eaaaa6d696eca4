#pragma once
// Runs a command line in a shell and captures what it prints (stdout and stderr together).

#include <string>

namespace refpose::test {

struct CommandResult {
    int exitCode = -1;
    std::string output;
};

CommandResult runCommand(const std::string& commandLine);

}  // namespace refpose::test
