#pragma once
// The orthonormal projection behind PoseIndex's lower bounds: the top principal axes of a
// sample of the library's descriptors. Any orthonormal rows give |P(x - y)| <= |x - y|; the
// principal ones make the bound tight. Private to retrieval/.

#include <cstddef>
#include <vector>

namespace refpose::detail {

// Most rows the covariance is computed from (an even stride through the data beyond it).
inline constexpr std::size_t kMaxPcaSamples = 50'000;

// rows x cols data (row-major) -> dims x cols basis (row-major, orthonormal rows).
// Fewer rows than dims (or no data): the first `dims` unit vectors.
std::vector<float> principalAxes(const float* data, std::size_t rows, std::size_t cols, int dims);

// out[d] = sum_c basis[d][c] * x[c]
void project(const std::vector<float>& basis, int dims, std::size_t cols, const float* x, float* out);

}  // namespace refpose::detail
