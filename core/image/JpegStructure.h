#pragma once
// Walks a JPEG file's marker segments and entropy-coded scans up to its end-of-image marker,
// without decoding. libjpeg decodes a truncated or damaged stream into a grey-padded image with
// only a warning that OpenCV does not pass on, so the structure is checked here; whatever
// follows the end-of-image marker is ignored (phone "motion photos" append a video there).

#include <cstdint>
#include <span>
#include <string>

namespace refpose {

struct JpegStructure {
    enum class Verdict { Complete, Truncated, Corrupt };
    Verdict verdict = Verdict::Corrupt;
    std::string detail;   // what is wrong and at which byte (empty when complete)
    std::size_t end = 0;  // just past the end-of-image marker when complete
};

// `bytes` must start with the start-of-image marker (FF D8).
JpegStructure checkJpegStructure(std::span<const std::uint8_t> bytes);

}  // namespace refpose
