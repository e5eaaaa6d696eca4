// core/util/ErrorText: long messages are cut at a character boundary with the count of what
// was cut; short ones pass unchanged.
#include "util/ErrorText.h"

#include <gtest/gtest.h>

using namespace refpose;

TEST(ErrorText, ShortMessagesPassUnchanged) {
    EXPECT_EQ(shortenedErrorText("a.json: line 2: not a number"), "a.json: line 2: not a number");
    const std::string exact(kMaxErrorTextLength, 'x');
    EXPECT_EQ(shortenedErrorText(exact), exact);
}

TEST(ErrorText, LongMessagesKeepTheirStartAndSayHowMuchWasCut) {
    const std::string message = "big.json: field \"name\": " + std::string(100'000'000, '[');
    const std::string shown = shortenedErrorText(message);
    EXPECT_EQ(shown.substr(0, 24), "big.json: field \"name\": ");
    EXPECT_EQ(shown.substr(kMaxErrorTextLength),
              " ... (" + std::to_string(message.size() - kMaxErrorTextLength) + " more characters)");
}

TEST(ErrorText, NeverSplitsAUtf8Character) {
    // "é" is two bytes; placed so that the cut would fall between them.
    const std::string message = std::string(kMaxErrorTextLength - 1, 'a') + "\xc3\xa9" + std::string(50, 'b');
    const std::string shown = shortenedErrorText(message);
    EXPECT_EQ(shown.substr(0, kMaxErrorTextLength - 1), std::string(kMaxErrorTextLength - 1, 'a'));
    EXPECT_EQ(shown.substr(kMaxErrorTextLength - 1), " ... (52 more characters)");
}
