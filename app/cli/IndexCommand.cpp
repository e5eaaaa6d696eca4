// refpose-cli index DIR... --library LIB.db [--model thunder|lightning|PATH] [--jobs N]:
// indexes folders into a pose library, with a progress bar; Ctrl-C stops cleanly.
#include "Commands.h"
#include "SearchCliSupport.h"

#include "library/PoseLibrary.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>

namespace refpose::cli {
namespace {

// Set by SIGINT; a second Ctrl-C kills the process the usual way.
std::atomic<bool> gInterrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);  // safe to store from a signal handler

extern "C" void onInterrupt(int) {
    gInterrupted.store(true);
    std::signal(SIGINT, SIG_DFL);
}

// Width of the progress bar, characters.
constexpr int kBarWidth = 30;
// Redraws per second at most.
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

std::string clock(double seconds) {
    const long s = long(seconds + 0.5);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    return buf;
}

void drawBar(const IndexProgress& p) {
    const double share = p.total > 0 ? double(p.done) / double(p.total) : 1.0;
    const int filled = int(share * kBarWidth);
    std::fprintf(stderr, "\r[%s%s] %lld/%lld  %.1f img/s  ETA %s  failed %lld ",
                 std::string(std::size_t(filled), '#').c_str(),
                 std::string(std::size_t(kBarWidth - filled), '.').c_str(), (long long)p.done, (long long)p.total,
                 p.rate, clock(p.etaSeconds).c_str(), (long long)p.failed);
    std::fflush(stderr);
}

struct IndexArgs {
    std::vector<std::string> dirs;
    std::string library, model = kDefaultSearchModel;
    int jobs = 0;
    bool quiet = false;
};

// Runs the indexing; false when Ctrl-C stopped it.
bool runIndex(const IndexArgs& args) {
    auto library = PoseLibrary::open(args.library);
    std::vector<std::filesystem::path> dirs;
    for (const auto& d : args.dirs) dirs.push_back(std::filesystem::absolute(d).lexically_normal());
    for (const auto& d : dirs) library->addFolder(d);  // a read-only library fails here, before the model loads
    auto estimator = openEstimator(args.model);

    IndexOptions o;
    o.jobs = args.jobs;
    o.cancel = &gInterrupted;
    auto lastDraw = std::chrono::steady_clock::now() - kRedrawInterval;
    if (!args.quiet)
        o.onProgress = [&](const IndexProgress& p) {
            const auto now = std::chrono::steady_clock::now();
            if (now - lastDraw < kRedrawInterval && p.done < p.total) return;
            lastDraw = now;
            drawBar(p);
        };
    std::signal(SIGINT, onInterrupt);
    const IndexReport r = library->index(*estimator, o, dirs);
    std::signal(SIGINT, SIG_DFL);
    if (!args.quiet) std::fputc('\n', stderr);
    for (const IndexFailure& f : r.failures) std::cerr << "unreadable: " << f.path << ": " << f.reason << "\n";
    const LibraryCounts c = library->counts();
    std::cout << (r.cancelled ? "interrupted: " : "") << "found " << r.found << " images, estimated " << r.estimated
              << ", unchanged " << r.unchanged << ", removed " << r.removed << ", failed " << r.failed
              << ", skipped non-images " << r.skipped << " in " << r.seconds << " s; library: " << c.images
              << " images, " << c.poses << " poses" << std::endl;
    return !r.cancelled;
}

}  // namespace

void addIndexCommand(CLI::App& app) {
    auto args = std::make_shared<IndexArgs>();
    auto* cmd = app.add_subcommand("index", "Index image folders into a pose library (incremental)");
    cmd->add_option("dirs", args->dirs, "folders of images (searched recursively)")
        ->required()
        ->check(CLI::ExistingDirectory);
    cmd->add_option("--library", args->library, "library file (created when absent)")->required();
    cmd->add_option("--model", args->model, "thunder, lightning or a model file")->capture_default_str();
    cmd->add_option("--jobs", args->jobs, "worker threads (0 = automatic: one per core)")->capture_default_str();
    cmd->add_flag("--quiet", args->quiet, "no progress bar");
    cmd->callback([args] {
        if (runIndex(*args)) return;
        std::exit(130);  // interrupted by Ctrl-C (the shell's code); committed work is kept
    });
}

}  // namespace refpose::cli
