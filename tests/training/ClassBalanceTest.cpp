#include "ClassBalance.h"
#include "Losses.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

using namespace refpose::training;

TEST(ClassBalance, RatioMatchesHandComputedValues) {
    // 1 of 4 images: r = 1 / (1 + sqrt 3) = 0.36603
    EXPECT_NEAR(classBalanceRatio(1, 4), 0.3660254, 1e-6);
    // 9 of 25: r = 3 / (3 + 4) = 0.428571
    EXPECT_NEAR(classBalanceRatio(9, 25), 3.0 / 7.0, 1e-9);
    // An even split weighs both labels 1.
    EXPECT_DOUBLE_EQ(classBalanceRatio(50, 100), 0.5);
    EXPECT_DOUBLE_EQ(classBalanceWeight(1.0, 0.5), 1.0);
    EXPECT_DOUBLE_EQ(classBalanceWeight(0.0, 0.5), 1.0);
}

TEST(ClassBalance, RareTagsWeighPositivesUp) {
    const double r = classBalanceRatio(9, 25);  // 3/7
    // w(1) = (7/3)/2 = 1.16667, w(0) = (7/4)/2 = 0.875
    EXPECT_NEAR(classBalanceWeight(1.0, r), 7.0 / 6.0, 1e-9);
    EXPECT_NEAR(classBalanceWeight(0.0, r), 7.0 / 8.0, 1e-9);
    // A soft label interpolates linearly.
    EXPECT_NEAR(classBalanceWeight(0.5, r), (7.0 / 6.0 + 7.0 / 8.0) / 2.0, 1e-9);
}

TEST(ClassBalance, RefusesImpossibleCounts) {
    EXPECT_THROW(classBalanceRatio(5, 4), std::invalid_argument);
    EXPECT_THROW(classBalanceRatio(0, 0), std::invalid_argument);
    // A tag on every image stays finite instead of dividing by zero.
    EXPECT_TRUE(std::isfinite(classBalanceWeight(0.0, classBalanceRatio(4, 4))));
}

TEST(ClassBalance, TorchLossMatchesTheFormula) {
    // Two images, two tags; logits 0 give yhat = 0.5, so BCE = ln 2 for every entry.
    const auto logits = torch::zeros({2, 2});
    const auto labels = torch::tensor({{1.f, 0.f}, {0.f, 0.f}});
    const double r0 = classBalanceRatio(1, 2), r1 = classBalanceRatio(1, 4);
    const auto ratios = torch::tensor({float(r0), float(r1)});
    const double expected = std::log(2.0) *
                            (classBalanceWeight(1, r0) + classBalanceWeight(0, r1) + classBalanceWeight(0, r0) +
                             classBalanceWeight(0, r1)) /
                            4.0;
    EXPECT_NEAR(classBalancedBce(logits, labels, ratios).item<double>(), expected, 1e-6);
}
