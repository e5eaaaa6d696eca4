// core/util/SafeJson: the depth limit of every reader of user JSON, and dumps that survive
// bytes that are not UTF-8.
#include "util/SafeJson.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace refpose;

namespace {
std::string nestedArrays(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }
}  // namespace

TEST(SafeJson, ParsesNestingUpToTheLimit) {
    const auto j = parseJson(nestedArrays(kMaxJsonDepth));
    EXPECT_TRUE(j.is_array());
    std::istringstream in(R"({"images": [{"id": 1, "file_name": "a.png"}], "info": {"a": [1, 2]}})");
    EXPECT_EQ(parseJson(in)["images"][0]["file_name"], "a.png");
}

TEST(SafeJson, RefusesDeeperNestingWithAParseError) {
    EXPECT_THROW(parseJson(nestedArrays(kMaxJsonDepth + 1)), nlohmann::json::parse_error);
    // 1,000,000 levels (2 MB): measured to overflow an 8 MB stack in refpose-cli eval without the limit.
    std::istringstream deep(nestedArrays(1000000));
    try {
        parseJson(deep);
        FAIL() << "a 1,000,000-level array was accepted";
    } catch (const nlohmann::json::parse_error& e) {
        EXPECT_NE(std::string(e.what()).find("nested deeper than 256 levels"), std::string::npos) << e.what();
    }
    std::string nestedObjects;
    for (int i = 0; i < 300; ++i) nestedObjects += R"({"a":)";
    nestedObjects += "1" + std::string(300, '}');
    EXPECT_THROW(parseJson(nestedObjects), nlohmann::json::parse_error);
}

TEST(SafeJson, OrDiscardedNeverThrows) {
    std::istringstream deep(nestedArrays(100000)), broken("{\"a\": "), good("[1]");
    EXPECT_TRUE(parseJsonOrDiscarded(deep).is_discarded());
    EXPECT_TRUE(parseJsonOrDiscarded(broken).is_discarded());
    EXPECT_EQ(parseJsonOrDiscarded(good), nlohmann::json::array({1}));
}

TEST(SafeJson, DumpReplacesBytesThatAreNotUtf8) {
    const nlohmann::json event = {{"event", "error"}, {"message", "/data/caf\xe9/missing.json: cannot open the file"}};
    EXPECT_THROW((void)event.dump(), nlohmann::json::type_error);  // what aborted refpose-train
    const std::string line = dumpJson(event);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    const auto back = nlohmann::json::parse(line);
    EXPECT_EQ(back["message"], "/data/caf\xef\xbf\xbd/missing.json: cannot open the file");  // U+FFFD
    EXPECT_EQ(nlohmann::json::parse(dumpJson(event, 2)), back);
    EXPECT_EQ(dumpJson({{"name", "café"}}), R"({"name":"café"})");  // valid UTF-8 is kept as is
}

TEST(SafeJson, DeepNestingAndHugeNumbersNameTheirLineAndColumn) {
    const std::string deep = "{\"images\": [],\n \"x\": " + nestedArrays(kMaxJsonDepth + 5) + "}";
    try {
        parseJson(deep);
        FAIL() << "accepted";
    } catch (const nlohmann::json::parse_error& e) {
        // Inside the outer "{", the 256th "[" of line 2 (at column 6 + 256) opens level 257.
        EXPECT_NE(std::string(e.what()).find("at line 2, column 262"), std::string::npos) << e.what();
    }
    const std::string huge = "{\"note\": \"1e999 [[[\",\n \"y\": [2, -1e999]}";
    try {
        parseJson(huge);
        FAIL() << "accepted";
    } catch (const nlohmann::json::parse_error& e) {
        // Not the text inside the string: the number itself.
        EXPECT_NE(std::string(e.what()).find("at line 2, column 11"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("number -1e999 is out of range"), std::string::npos) << e.what();
    }
    EXPECT_EQ(parseJson(std::string("[1e-400]"))[0], 0.0);  // underflow is zero, as nlohmann reads it
}
