#include "retrieval/ProjectionBasis.h"

#include <opencv2/core.hpp>

#include <algorithm>

namespace refpose::detail {
namespace {

std::vector<float> unitAxes(std::size_t cols, int dims) {
    std::vector<float> basis(std::size_t(dims) * cols, 0.f);
    for (int d = 0; d < dims && std::size_t(d) < cols; ++d) basis[std::size_t(d) * cols + d] = 1.f;
    return basis;
}

}  // namespace

std::vector<float> principalAxes(const float* data, std::size_t rows, std::size_t cols, int dims) {
    if (rows <= std::size_t(dims)) return unitAxes(cols, dims);
    const std::size_t samples = std::min(rows, kMaxPcaSamples);
    cv::Mat sample(int(samples), int(cols), CV_32F);
    for (std::size_t r = 0; r < samples; ++r) {
        const std::size_t src = r * rows / samples;  // even stride: deterministic, spans the library
        std::copy_n(data + src * cols, cols, sample.ptr<float>(int(r)));
    }
    // cv::PCA: covariance then cv::eigen; eigenvectors are orthonormal rows, largest first.
    const cv::PCA pca(sample, cv::noArray(), cv::PCA::DATA_AS_ROW, dims);
    cv::Mat axes;
    pca.eigenvectors.convertTo(axes, CV_32F);
    std::vector<float> basis = unitAxes(cols, dims);
    for (int d = 0; d < std::min(dims, axes.rows); ++d)
        std::copy_n(axes.ptr<float>(d), cols, basis.data() + std::size_t(d) * cols);
    return basis;
}

void project(const std::vector<float>& basis, int dims, std::size_t cols, const float* x, float* out) {
    for (int d = 0; d < dims; ++d) {
        const float* row = basis.data() + std::size_t(d) * cols;
        double s = 0;
        for (std::size_t c = 0; c < cols; ++c) s += double(row[c]) * x[c];
        out[d] = static_cast<float>(s);
    }
}

}  // namespace refpose::detail
