#pragma once
// Shared by the libFuzzer targets (tests/fuzz/README.md). Each target hands the fuzzer's bytes
// to one reader of user files the way the programs do: through a real file, since the readers'
// contract is about files (errors name them). A reader may refuse an input only with its
// documented exception, whose message names the file; anything else (a crash, an AddressSanitizer
// report, another exception, a message without the file's name) aborts the run as a finding.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace refpose::fuzz {

// A folder of this process's own (several fuzzers may run at once), in memory when /dev/shm
// exists: a target rewrites its input file at every execution.
inline const std::filesystem::path& scratchDir() {
    static const std::filesystem::path dir = [] {
        const std::filesystem::path shm = "/dev/shm";
        const std::filesystem::path base =
            std::filesystem::is_directory(shm) ? shm : std::filesystem::temp_directory_path();
        const std::filesystem::path d = base / ("refpose-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(scratchDir(), ec);
        });
        return d;
    }();
    return dir;
}

// Writes `size` bytes to `name` in the scratch folder; returns its path.
inline std::filesystem::path writeInput(const std::string& name, const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path file = scratchDir() / name;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) {
        std::fprintf(stderr, "fuzz: cannot write %s\n", file.c_str());
        std::abort();
    }
    return file;
}

[[noreturn]] inline void finding(const char* what, const std::string& detail) {
    std::fprintf(stderr, "fuzz finding: %s: %s\n", what, detail.c_str());
    std::abort();
}

// Issue 15, item 6: every error names the file it is about. Long messages are a finding too,
// since a message that quotes a whole damaged file is no use in a dialog or a terminal.
inline constexpr std::size_t kMaxErrorLength = 2000;

// With REFPOSE_FUZZ_AS_PROGRAM set, a replayed input that is refused ends the process as the
// programs do, its message on stderr and exit status 1 (bench/hostile_inputs_campaign.py runs
// the training config's reader this way, there being no program that only reads a config).
inline void requireNamesFile(const std::exception& e, const std::filesystem::path& file) {
    const std::string_view message = e.what();
    if (message.find(file.string()) == std::string_view::npos)
        finding("the error does not name the file", std::string(message));
    if (message.size() > kMaxErrorLength)
        finding("the error is longer than kMaxErrorLength", std::string(message.substr(0, 300)) + "...");
    if (std::getenv("REFPOSE_FUZZ_AS_PROGRAM")) {
        std::fprintf(stderr, "error: %s\n", e.what());
        std::error_code ec;
        std::filesystem::remove_all(scratchDir(), ec);  // _Exit skips the atexit clean-up
        std::_Exit(1);
    }
}

}  // namespace refpose::fuzz
