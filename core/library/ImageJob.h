#pragma once
// One indexing batch on a worker thread: read each file once (hash and decode from the same
// bytes), estimate the batch, describe the poses and make thumbnails. Failures become records
// with a reason. Private to library/.

#include "library/FolderScanner.h"
#include "library/LibraryStore.h"

#include <opencv2/core/mat.hpp>

#include <vector>

namespace refpose {
class PoseEstimator;
}

namespace refpose::detail {

std::vector<LibraryStore::ImageResult> processBatch(const std::vector<ScannedFile>& files, PoseEstimator& estimator,
                                                    const std::string& modelId);

// A JPEG of the image scaled to at most kThumbnailSide on its longest side.
std::vector<std::uint8_t> makeThumbnail(const cv::Mat& bgr);

}  // namespace refpose::detail
