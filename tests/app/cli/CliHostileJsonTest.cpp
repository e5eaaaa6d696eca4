// refpose-cli on hostile JSON, end to end: absurdly nested files get a clear error naming the
// file and exit code 1 (not SIGSEGV), and a library whose names are not UTF-8 still gives valid --json.
#include "RunCommand.h"
#include "TestPaths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace refpose::test;

namespace {

std::string cli() { return cliPath().string(); }
std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// A COCO file whose "info" nests `depth` arrays; 1,000,000 levels (2 MB) overflowed an 8 MB stack
// in eval before the depth limit, 100,000 levels (200 KB) is the size the issue reported.
std::filesystem::path writeDeepCoco(const std::filesystem::path& file, int depth) {
    std::ofstream(file) << R"({"images": [], "annotations": [], "info": )" << std::string(depth, '[')
                        << std::string(depth, ']') << "}";
    return file;
}

void expectDepthError(const CommandResult& r, const std::string& fileName) {
    EXPECT_EQ(r.exitCode, 1) << r.output;  // -1 would be a signal
    EXPECT_NE(r.output.find(fileName + ": not valid JSON"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("nested deeper than 256 levels"), std::string::npos) << r.output;
}

}  // namespace

TEST(CliHostileJson, DeeplyNestedFilesAreRefusedWithTheFileName) {
    const auto dir = freshTempDir();
    for (const int depth : {100000, 1000000}) {
        const auto deep = writeDeepCoco(dir / "deep.json", depth);
        expectDepthError(runCommand(cli() + " eval --gt " + quoted(deep) + " --pred " + quoted(deep)), "deep.json");
        expectDepthError(runCommand(cli() + " import-poses " + quoted(deep) + " --library " + quoted(dir / "lib.db")),
                         "deep.json");
        expectDepthError(
            runCommand(cli() + " import-poses --add " + quoted(deep) + " --library " + quoted(dir / "lib.db")),
            "deep.json");
        expectDepthError(runCommand(cli() + " convert-add " + quoted(deep) + " -o " + quoted(dir / "o.json")),
                         "deep.json");
        EXPECT_FALSE(std::filesystem::exists(dir / "o.json"));
    }
}

TEST(CliHostileJson, DeeplyNestedModelJsonIsRefusedWithTheFileName) {
    const auto image = sharedDir() / "illustrations-dev" / "images" / "002.png";
    REFPOSE_SKIP_UNLESS_EXISTS(image);
    const auto dir = freshTempDir();
    const auto model = writeDeepCoco(dir / "model.json", 1000000);
    expectDepthError(runCommand(cli() + " estimate --model " + quoted(model) + " " + quoted(image)), "model.json");
}

TEST(CliHostileJson, QueryJsonOverALibraryWithANameThatIsNotUtf8IsValidJson) {
    const auto coco = sharedDir() / "illustrations-dev" / "annotations.json";
    REFPOSE_SKIP_UNLESS_EXISTS(coco);
    const auto dir = freshTempDir();
    const auto latin1 = dir / "caf\xe9.json";  // "café" in Latin-1: the source name of the imported poses
    std::filesystem::copy_file(coco, latin1);
    const auto lib = dir / "lib.db";
    const auto imp = runCommand(cli() + " import-poses " + quoted(latin1) + " --library " + quoted(lib));
    ASSERT_EQ(imp.exitCode, 0) << imp.output;
    const auto q = runCommand(cli() + " query --pose " + quoted(coco) + " --library " + quoted(lib) + " -k 2 --json");
    ASSERT_EQ(q.exitCode, 0) << q.output;
    const auto j = nlohmann::json::parse(q.output, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << q.output;
    ASSERT_EQ(j["hits"].size(), 2u);
    EXPECT_EQ(j["hits"][0]["source"].get<std::string>().rfind("caf\xef\xbf\xbd:", 0), 0u) << q.output;  // U+FFFD
    // A pose file read by query goes through the same depth limit.
    const auto deep = writeDeepCoco(dir / "deep.json", 100000);
    expectDepthError(runCommand(cli() + " query --pose " + quoted(deep) + " --library " + quoted(lib)), "deep.json");
}
