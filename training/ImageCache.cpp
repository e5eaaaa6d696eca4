#include "ImageCache.h"

#include "image/ImageLoader.h"

namespace refpose::training {

cv::Mat ImageCache::get(const std::filesystem::path& file) {
    const std::string key = file.string();
    {
        std::lock_guard lock(mutex_);
        if (auto it = images_.find(key); it != images_.end()) return it->second;
    }
    cv::Mat image = loadImage(file);  // decoded outside the lock: workers decode in parallel
    const std::size_t bytes = image.total() * image.elemSize();
    std::lock_guard lock(mutex_);
    if (used_ + bytes <= budget_ && images_.emplace(key, image).second) used_ += bytes;
    return image;
}

}  // namespace refpose::training
