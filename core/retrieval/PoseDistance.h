#pragma once
// The distance RefPose ranks poses by (docs/search.md, "Distance"). For a query q and a library
// pose e with present pair sets Q and E, S = Q n E:
//   D(q, e)   = sqrt(kNumPairs / |S|) * || (q - e) restricted to S ||
// i.e. the paper's Euclidean distance when every pair is present, and for partial poses the
// distance over the shared pairs scaled to the full 300, so scores of partial and full queries
// are comparable (an RMS per pair, times sqrt(300)). An entry sharing fewer than
// kMinSharedPairFraction of the query's pairs is not a match.
// Mirror (on by default): D = min(D(q, e), D(mirror(q), e)), the hit says which won.
// Orientation (off by default): adds orientationWeight * |angle difference| (radians) of the
// neck -> hip-centre vectors, so an upside-down figure ranks below an upright one; the term is
// 0 when either orientation is unknown.

#include "retrieval/PoseDescriptor.h"

#include <cstddef>
#include <limits>
#include <optional>

namespace refpose {

// Below this share of the query's pairs in common, a library pose is not compared at all.
inline constexpr float kMinSharedPairFraction = 0.5f;
// Orientation term: distance units per radian (pi radians = upside down adds ~1.57).
inline constexpr float kDefaultOrientationWeight = 0.5f;

struct SearchOptions {
    std::size_t k = 10;
    bool mirror = true;                     // also match the query's left-right mirror
    std::optional<JointMask> joints;        // partial query: only these joints count (with the present ones)
    bool orientation = false;               // penalise differing whole-body orientation
    float orientationWeight = kDefaultOrientationWeight;
    bool approximate = false;               // FAISS candidates + exact re-ranking (large libraries)
    std::size_t approximateCandidates = 0;  // candidates re-ranked per query variant; 0 = automatic
};

struct PoseMatch {
    float distance = std::numeric_limits<float>::infinity();  // infinity: not comparable
    bool mirrored = false;                                      // the mirrored query matched best
};

// The query as searched: joints restricted to options.joints.
PoseDescriptor restrictQuery(const PoseDescriptor& query, const SearchOptions& options);

// The orientation term of D for one query variant (0 when off or unknown).
float orientationPenalty(const PoseDescriptor& query, const PoseDescriptor& entry, const SearchOptions& options);

// D(query, entry) as defined above (query already restricted with restrictQuery).
PoseMatch poseDistance(const PoseDescriptor& query, const PoseDescriptor& entry,
                       const SearchOptions& options);

}  // namespace refpose
