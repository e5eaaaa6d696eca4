#include "ClassBalance.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace refpose::training {
namespace {

// Keeps r_i inside (0, 1) for tags on no image or on every image (w would divide by zero).
constexpr double kRatioEpsilon = 1e-6;

}  // namespace

double classBalanceRatio(std::size_t positives, std::size_t total) {
    if (total == 0 || positives > total)
        throw std::invalid_argument("class balance: " + std::to_string(positives) + " positives of " +
                                    std::to_string(total) + " images");
    const double a = std::sqrt(double(positives)), b = std::sqrt(double(total - positives));
    return std::clamp(a / (a + b), kRatioEpsilon, 1.0 - kRatioEpsilon);
}

double classBalanceWeight(double z, double ratio) { return (z / ratio + (1.0 - z) / (1.0 - ratio)) / 2.0; }

std::vector<double> classBalanceRatios(const std::vector<std::size_t>& positives, std::size_t total) {
    std::vector<double> r;
    r.reserve(positives.size());
    for (std::size_t n : positives) r.push_back(classBalanceRatio(n, total));
    return r;
}

}  // namespace refpose::training
