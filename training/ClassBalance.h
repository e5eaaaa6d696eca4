#pragma once
// Class-balanced weights of the tagger's multi-label BCE (DESIGN.md, "Training"):
//   L = (1/C) sum_i w_i(y_i) BCE(y_i, yhat_i),  w_i(z) = (z / r_i + (1 - z) / (1 - r_i)) / 2,
//   r_i = sqrt(N_i) / (sqrt(N_i) + sqrt(N - N_i)),
// N_i = images with tag i, N = all images. Rare tags weigh their positives up.

#include <cstddef>
#include <vector>

namespace refpose::training {

// r_i for a tag seen on `positives` of `total` images; 0.5 when the split is even.
// Throws std::invalid_argument when positives > total or total == 0.
double classBalanceRatio(std::size_t positives, std::size_t total);

// w_i(z) for a label z in [0, 1].
double classBalanceWeight(double z, double ratio);

// r_i for every tag.
std::vector<double> classBalanceRatios(const std::vector<std::size_t>& positives, std::size_t total);

}  // namespace refpose::training
