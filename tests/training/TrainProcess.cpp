#include "TrainProcess.h"

#include <csignal>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace refpose::test {

TrainProcessResult runTrainProcess(const std::filesystem::path& config, long killAfterStep) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl(REFPOSE_TRAIN_PATH, REFPOSE_TRAIN_PATH, "--config", config.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(fds[1]);
    TrainProcessResult r;
    FILE* in = fdopen(fds[0], "r");
    char* line = nullptr;
    size_t cap = 0;
    bool killed = false;
    while (getline(&line, &cap, in) > 0) {
        auto e = nlohmann::json::parse(line, nullptr, false);
        if (e.is_discarded()) continue;
        r.events.push_back(e);
        if (killAfterStep >= 0 && e.value("event", "") == "step" && e.value("step", 0L) >= killAfterStep) {
            kill(pid, SIGKILL);
            killed = true;
            break;
        }
    }
    free(line);
    fclose(in);
    int status = 0;
    waitpid(pid, &status, 0);
    r.exitStatus = killed ? -1 : (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return r;
}

}  // namespace refpose::test
