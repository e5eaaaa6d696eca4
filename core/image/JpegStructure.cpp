#include "image/JpegStructure.h"

#include <cstring>

namespace refpose {
namespace {

using Bytes = std::span<const std::uint8_t>;
using Verdict = JpegStructure::Verdict;

constexpr std::uint8_t kMarker = 0xFF;
constexpr std::uint8_t kSoi = 0xD8, kEoi = 0xD9, kSos = 0xDA, kTem = 0x01;

bool isRestart(std::uint8_t m) { return m >= 0xD0 && m <= 0xD7; }

// Markers followed by a length and a segment: frames, tables, restart interval, application
// data, comments, and the extensions F0-FD (JPEG-LS and others). 02-BF are reserved and never
// appear in a valid file.
bool hasSegment(std::uint8_t m) { return (m >= 0xC0 && m <= 0xCF) || (m >= 0xDA && m <= 0xFE); }

JpegStructure verdict(Verdict v, const std::string& what, std::size_t at) {
    return {v, what + " at byte " + std::to_string(at), 0};
}

// The position of the marker that ends the entropy-coded data starting at `at`: FF 00 is a
// stuffed FF and FF D0-D7 a restart marker, both part of the data; any other FF xx ends it.
// Returns the file size when the data runs to the end.
std::size_t endOfEntropyData(Bytes b, std::size_t at) {
    while (at < b.size()) {
        const void* ff = std::memchr(b.data() + at, kMarker, b.size() - at);
        if (!ff) return b.size();
        at = static_cast<std::size_t>(static_cast<const std::uint8_t*>(ff) - b.data());
        if (at + 1 >= b.size()) return b.size();
        const std::uint8_t next = b[at + 1];
        if (next == 0x00 || isRestart(next))
            at += 2;
        else
            return at;
    }
    return b.size();
}

}  // namespace

JpegStructure checkJpegStructure(Bytes b) {
    if (b.size() < 2 || b[0] != kMarker || b[1] != kSoi)
        return verdict(Verdict::Corrupt, "no start-of-image marker", 0);
    std::size_t at = 2;
    while (true) {
        if (at >= b.size()) return verdict(Verdict::Truncated, "the data ends before the end-of-image marker", at);
        if (b[at] != kMarker) return verdict(Verdict::Corrupt, "stray data where a marker belongs", at);
        const std::size_t markerAt = at;
        while (at < b.size() && b[at] == kMarker) ++at;  // fill bytes may precede a marker
        if (at >= b.size()) return verdict(Verdict::Truncated, "the data ends inside a marker", markerAt);
        const std::uint8_t m = b[at++];
        if (m == kEoi) return {Verdict::Complete, "", at};
        if (m == kTem || isRestart(m)) continue;  // markers without a segment
        if (!hasSegment(m)) return verdict(Verdict::Corrupt, "an invalid marker", markerAt);
        if (at + 2 > b.size()) return verdict(Verdict::Truncated, "the data ends inside a segment", markerAt);
        const std::size_t length = (std::size_t(b[at]) << 8) | b[at + 1];
        if (length < 2) return verdict(Verdict::Corrupt, "a segment with an impossible length", markerAt);
        if (at + length > b.size()) return verdict(Verdict::Truncated, "the data ends inside a segment", markerAt);
        at += length;
        if (m == kSos) at = endOfEntropyData(b, at);
    }
}

}  // namespace refpose
