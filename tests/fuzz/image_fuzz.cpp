// Image files (loadImage): header reading, the JPEG structure check and decoding with OpenCV,
// for `index`, `estimate`, the annotator and the trainer. The pixel limit is lowered so that
// the fuzzer spends its time in the readers rather than in allocating large valid images.
#include "FuzzSupport.h"

#include "image/ImageLoader.h"

#include <opencv2/core.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path file = refpose::fuzz::writeInput("image", data, size);
    refpose::ImageLoadOptions options;
    options.maxPixels = 1 << 20;
    try {
        const cv::Mat image = refpose::loadImage(file, options);
        if (image.type() != CV_8UC3 || image.empty())
            refpose::fuzz::finding("loadImage returned no BGR image", file.string());
        if (image.total() > static_cast<std::size_t>(options.maxPixels))
            refpose::fuzz::finding("an image above the pixel limit was decoded", std::to_string(image.total()));
    } catch (const refpose::ImageError& e) {
        refpose::fuzz::requireNamesFile(e, file);
    }
    return 0;
}
