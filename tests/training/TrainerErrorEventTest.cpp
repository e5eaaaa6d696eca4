// refpose-train reports every failure as an "error" event on stdout and exits 1, even when the
// message holds bytes that are not UTF-8 or the config is absurdly nested (no SIGABRT, no SIGSEGV).
#include "TestPaths.h"
#include "TrainProcess.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace refpose;

namespace {

std::filesystem::path writeText(const std::filesystem::path& file, const std::string& text) {
    std::ofstream(file) << text;
    return file;
}

// The last event, which must be the error the GUI shows.
nlohmann::json lastEvent(const test::TrainProcessResult& r) {
    return r.events.empty() ? nlohmann::json() : r.events.back();
}

}  // namespace

TEST(TrainerErrorEvent, AFileNameThatIsNotUtf8GivesAnErrorEvent) {
    // "café" in Latin-1: every path of the run holds the byte 0xE9 (before the fix: SIGABRT, no event).
    const auto dir = test::freshTempDir() / "caf\xe9";
    std::filesystem::create_directories(dir);
    const auto config =
        writeText(dir / "run.json", R"({"dataset": "missing.json", "image_dir": ".", "out_dir": "out"})");
    const auto r = test::runTrainProcess(config);
    EXPECT_EQ(r.exitStatus, 1);  // -1: killed by a signal
    const auto e = lastEvent(r);
    ASSERT_EQ(e.value("event", ""), "error") << e;
    const std::string message = e.value("message", "");
    EXPECT_NE(message.find("caf\xef\xbf\xbd/missing.json: cannot open the file"), std::string::npos) << message;
}

TEST(TrainerErrorEvent, ADeeplyNestedConfigGivesAnErrorEventNamingTheFile) {
    const auto dir = test::freshTempDir();
    for (const int depth : {100000, 1000000}) {  // 200 KB as reported, and 2 MB
        const auto config = writeText(dir / "deep.json", R"({"dataset": "a.json", "out_dir": "o", "notes": )" +
                                                             std::string(depth, '[') + std::string(depth, ']') + "}");
        const auto r = test::runTrainProcess(config);
        EXPECT_EQ(r.exitStatus, 1);
        const auto e = lastEvent(r);
        ASSERT_EQ(e.value("event", ""), "error") << e;
        const std::string message = e.value("message", "");
        EXPECT_NE(message.find("deep.json: not valid JSON"), std::string::npos) << message;
        EXPECT_NE(message.find("nested deeper than 256 levels"), std::string::npos) << message;
    }
}
