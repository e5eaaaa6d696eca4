#pragma once
// The distance RefPose ranks poses by (docs/search.md, "Distance"). For a query q and a library
// pose e, S = the pairs the query compares (PoseDescriptor::part / frame) whose joints both
// poses have; q^ and e^ = q and e on S, each rescaled to RMS 1 there:
//   D(q, e)   = sqrt(kNumPairs / |S|) * || q^ - e^ ||   ( = sqrt(600 (1 - cos(q_S, e_S))) )
// i.e. the paper's Euclidean distance of size-normalised descriptors when every pair is
// present, and for partial poses the distance over the shared pairs scaled to the full 300, so
// scores of partial and full queries are comparable (an RMS per pair, times sqrt(300)). The
// rescaling on S makes D exactly invariant to the figure's size whatever joints are missing.
// An entry sharing fewer than kMinSharedPairFraction of the query's pairs is not a match.
// Part query (SearchOptions::joints): S holds the pairs with one end in the part and the
// other in the part or in partFrame (head and trunk by default), so the part is ranked by
// where it is relative to the body; partFrame = kAllJoints compares every pair touching it.
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
// Orientation term: distance units per radian (30 degrees adds ~1, upside down ~6.3), so that
// with "Any rotation" off a figure turned by 90 degrees or more ranks below similar figures of
// the query's orientation (bench/RESULTS.md, "Retrieval quality", measures it).
inline constexpr float kDefaultOrientationWeight = 2.0f;
// What a part query's part is placed against (PoseDescriptor::frame).
inline constexpr JointMask kDefaultPartFrame = kBodyFrameJoints;

struct SearchOptions {
    std::size_t k = 10;
    bool mirror = true;                       // also match the query's left-right mirror
    std::optional<JointMask> joints;          // part query: pairs with an end in these joints count
    JointMask partFrame = kDefaultPartFrame;  // ... whose other end is in the part or here
    bool orientation = false;                 // penalise differing whole-body orientation
    float orientationWeight = kDefaultOrientationWeight;
    bool approximate = false;               // FAISS candidates + exact re-ranking (large libraries)
    std::size_t approximateCandidates = 0;  // candidates re-ranked per query variant; 0 = automatic
};

struct PoseMatch {
    float distance = std::numeric_limits<float>::infinity();  // infinity: not comparable
    bool mirrored = false;                                    // the mirrored query matched best
};

// The query as searched: compared pairs restricted to options.joints and partFrame.
PoseDescriptor restrictQuery(const PoseDescriptor& query, const SearchOptions& options);

// The orientation term of D for one query variant (0 when off or unknown).
float orientationPenalty(const PoseDescriptor& query, const PoseDescriptor& entry, const SearchOptions& options);

// D(query, entry) as defined above (query already restricted with restrictQuery).
PoseMatch poseDistance(const PoseDescriptor& query, const PoseDescriptor& entry, const SearchOptions& options);

}  // namespace refpose
