#include "library/ImageJob.h"

#include "estimate/PoseEstimator.h"
#include "image/ImageLoader.h"
#include "library/LibraryIndexer.h"
#include "util/FileHash.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace refpose::detail {
namespace {

// JPEG quality of thumbnails: small blobs, no visible artefacts at 256 px.
constexpr int kThumbnailQuality = 85;

LibraryStore::ImageResult failure(const ScannedFile& f, const std::string& modelId, const std::string& reason) {
    LibraryStore::ImageResult r;
    r.image.path = f.path.string();
    r.image.size = f.size;
    r.image.mtime = f.mtime;
    r.image.modelId = modelId;
    r.image.status = ImageStatus::Failed;
    r.image.error = reason;
    return r;
}

}  // namespace

std::vector<std::uint8_t> makeThumbnail(const cv::Mat& bgr) {
    if (bgr.empty()) return {};
    const double scale = std::min(1.0, double(kThumbnailSide) / std::max(bgr.cols, bgr.rows));
    cv::Mat small;
    if (scale < 1.0)
        cv::resize(bgr, small, cv::Size(), scale, scale, cv::INTER_AREA);
    else
        small = bgr;
    std::vector<std::uint8_t> jpeg;
    cv::imencode(".jpg", small, jpeg, {cv::IMWRITE_JPEG_QUALITY, kThumbnailQuality});
    return jpeg;
}

std::vector<LibraryStore::ImageResult> processBatch(const std::vector<ScannedFile>& files, PoseEstimator& estimator,
                                                    const std::string& modelId) {
    std::vector<LibraryStore::ImageResult> results;
    std::vector<cv::Mat> images;
    std::vector<std::size_t> decodedAt;  // result index of each decoded image
    for (const ScannedFile& f : files) {
        try {
            const auto bytes = readImageFile(f.path);
            LibraryStore::ImageResult r = failure(f, modelId, "");
            r.image.status = ImageStatus::Indexed;
            r.image.contentHash = hashBytes(bytes.data(), bytes.size());
            images.push_back(decodeImage(bytes, f.path.string()));
            r.image.width = images.back().cols;
            r.image.height = images.back().rows;
            decodedAt.push_back(results.size());
            results.push_back(std::move(r));
        } catch (const std::exception& e) {
            results.push_back(failure(f, modelId, e.what()));
        }
    }
    if (images.empty()) return results;
    try {
        const auto estimates = estimator.estimateBatch(images);
        if (estimates.size() != images.size())
            throw std::runtime_error("the estimator returned " + std::to_string(estimates.size()) + " poses for " +
                                     std::to_string(images.size()) + " images");
        for (std::size_t i = 0; i < decodedAt.size() && i < estimates.size(); ++i) {
            LibraryStore::ImageResult& r = results[decodedAt[i]];
            PoseRecord pose;
            pose.pose = estimates[i].pose;
            pose.descriptor = describePose(pose.pose);
            pose.modelId = modelId;
            r.pose = std::move(pose);
            r.thumbnail = makeThumbnail(images[i]);
        }
    } catch (const std::exception& e) {
        for (std::size_t i : decodedAt)
            results[i] = failure(files[i], modelId, std::string("pose estimation failed: ") + e.what());
    }
    return results;
}

}  // namespace refpose::detail
