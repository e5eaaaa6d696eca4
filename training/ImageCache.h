#pragma once
// Decoded images shared by the loader's workers: each file is decoded once, then served from
// memory while the cache stays under its byte budget (small annotated sets fit entirely).

#include <opencv2/core/mat.hpp>

#include <cstddef>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>

namespace refpose::training {

class ImageCache {
public:
    // Default budget: 2 GiB of decoded pixels.
    static constexpr std::size_t kDefaultBudgetBytes = std::size_t(2) << 30;

    explicit ImageCache(std::size_t budgetBytes = kDefaultBudgetBytes) : budget_(budgetBytes) {}

    // The decoded 8-bit BGR image (refpose::loadImage); throws ImageError naming the file.
    cv::Mat get(const std::filesystem::path& file);

private:
    std::size_t budget_;
    std::size_t used_ = 0;
    std::mutex mutex_;
    std::unordered_map<std::string, cv::Mat> images_;
};

}  // namespace refpose::training
