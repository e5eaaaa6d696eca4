// Every RefPose program starts LibTorch's OpenMP threads with a passive wait policy
// (app/startup/PassiveOpenMpWait.cpp), unless the user set OMP_WAIT_POLICY.
#include "RunCommand.h"
#include "TestPaths.h"

#include <gtest/gtest.h>

namespace refpose {
namespace {

// What libgomp says of its wait policy when refpose-cli starts under `env`.
std::string waitPolicyUnder(const std::string& env) {
    // OMP_DISPLAY_ENV makes libgomp print its settings when it initialises.
    const test::CommandResult r = test::runCommand("env -u OMP_WAIT_POLICY " + env + " OMP_DISPLAY_ENV=true \"" +
                                                   test::cliPath().string() + "\" --version");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    const auto at = r.output.find("OMP_WAIT_POLICY = '");
    if (at == std::string::npos) return "(not printed: " + r.output + ")";
    const auto start = at + 19;
    return r.output.substr(start, r.output.find('\'', start) - start);
}

TEST(PassiveOpenMpWait, IsTheDefaultAndTheUsersChoiceWins) {
    EXPECT_EQ(waitPolicyUnder(""), "PASSIVE");
    EXPECT_EQ(waitPolicyUnder("OMP_WAIT_POLICY=active"), "ACTIVE");
}

}  // namespace
}  // namespace refpose
