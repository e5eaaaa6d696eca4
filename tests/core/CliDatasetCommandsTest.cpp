// refpose-cli convert-add and eval, end to end as a user runs them.
#include "RunCommand.h"
#include "TestPaths.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace refpose::test;

namespace {
std::string cli() { return cliPath().string(); }
int count(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
    return n;
}
}  // namespace

TEST(CliDatasetCommands, ConvertAddThenEvalAgainstItselfScoresOne) {
    const auto add = sharedDir() / "add" / "test.json";
    REFPOSE_SKIP_UNLESS_EXISTS(add);
    const auto out = freshTempDir() / "add.json";
    const auto conv = runCommand(cli() + " convert-add " + add.string() + " -o " + out.string());
    ASSERT_EQ(conv.exitCode, 0) << conv.output;
    EXPECT_NE(conv.output.find("500 poses"), std::string::npos);
    const auto eval = runCommand(cli() + " eval --gt " + out.string() + " --pred " + out.string());
    ASSERT_EQ(eval.exitCode, 0) << eval.output;
    EXPECT_NE(eval.output.find("Overall (500 poses)"), std::string::npos) << eval.output;
    // Overall row, the nose row (no PCPm: ADD has no eyes) and six body groups; eyes and ears are "-".
    EXPECT_EQ(count(eval.output, "1.0000"), 5 + 4 + 6 * 5) << eval.output;
    EXPECT_EQ(eval.output.find("0."), std::string::npos) << eval.output;
}

TEST(CliDatasetCommands, EvalJsonOutput) {
    const auto gt = sharedDir() / "illustrations-dev" / "annotations.json";
    REFPOSE_SKIP_UNLESS_EXISTS(gt);
    const auto r = runCommand(cli() + " eval --json --gt " + gt.string() + " --pred " + gt.string());
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const auto j = nlohmann::json::parse(r.output);
    EXPECT_EQ(j["poses"], 7);
    EXPECT_DOUBLE_EQ(j["overall"]["OKS@50"].get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(j["groups"]["ears"]["PCKh@50"].get<double>(), 1.0);
}

TEST(CliDatasetCommands, BrokenInputGivesAClearErrorAndFailure) {
    const auto dir = freshTempDir();
    std::ofstream(dir / "broken.json") << "{\"images\": [";
    const auto r = runCommand(cli() + " eval --gt " + (dir / "broken.json").string() + " --pred " + (dir / "broken.json").string());
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.output.find("broken.json: not valid JSON"), std::string::npos) << r.output;

    std::ofstream(dir / "notadd.json") << "{\"a\": 1}";
    const auto c = runCommand(cli() + " convert-add " + (dir / "notadd.json").string() + " -o " + (dir / "o.json").string());
    EXPECT_EQ(c.exitCode, 1);
    EXPECT_NE(c.output.find("expected a JSON array"), std::string::npos) << c.output;
    EXPECT_FALSE(std::filesystem::exists(dir / "o.json"));

    const auto m = runCommand(cli() + " convert-add " + (dir / "missing.json").string() + " -o " + (dir / "o.json").string());
    EXPECT_NE(m.exitCode, 0);
}
