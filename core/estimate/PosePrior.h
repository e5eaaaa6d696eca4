#pragma once
// A pose prior learned from illustrated poses (AnimeDrawingsDataset, ../shared/add), applied to
// an estimate after decoding: it fixes left/right swaps, distrusts joints whose limbs have a
// length no ADD pose has, and fills the joints the estimator is unsure of from the ones it is
// sure of. Pure functions; no LibTorch, no Qt.
//
// Model. The 13 COCO joints ADD labels (kPriorJoints; ADD has no eyes or ears). Each pose is
// normalised: centred at the mean of its 13 joints and divided by their RMS distance from that
// centre (rotation-invariant, and defined for any view). The 26 normalised coordinates are a
// Gaussian: their mean and covariance over the poses (each also mirrored, so the prior is
// left/right symmetric), the covariance shrunk towards the mean variance so it can be inverted
// (normalisation ties the coordinates: centre 0 and spread 1).
//
// Applying it to an estimate, with `known` = the joints at least options.minScore confident:
//  1. limbs (upper arm, forearm, thigh, shin) longer or shorter than any in ADD, relative to the
//     pose's size: their less confident endpoint leaves `known`;
//  2. swaps (options.fixSwaps): each limb's left/right swap (wrists; elbows with wrists; ankles;
//     knees with ankles) is scored by the Mahalanobis distance of the known joints; the best is
//     taken when it is shorter by options.swapMargin, repeatedly. A swap exchanges the two
//     points' names (positions and scores travel together), so no point moves;
//  3. fill: every other prior joint is set to its conditional mean given the known ones (the
//     pose's centre and size re-estimated from the completed pose until they settle), unless
//     the estimator's point is plausible under that conditional distribution (options.fillGate).
// Measured on held-out folds of illustrations (bench/RESULTS.md, "Pose prior"): the best setting
// changed about one keypoint in a thousand, so no command applies it unless asked.
// Known joints never move; scores are the estimator's and are kept; midpoints are re-derived.

#include "schema/Pose.h"

#include <nlohmann/json.hpp>

#include <array>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace refpose {

// A prior file that cannot be used: what() names the file and the reason.
class PosePriorError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr std::array<Kp, 13> kPriorJoints = {
    Kp::Nose,    Kp::LeftShoulder, Kp::RightShoulder, Kp::LeftElbow, Kp::RightElbow, Kp::LeftWrist, Kp::RightWrist,
    Kp::LeftHip, Kp::RightHip,     Kp::LeftKnee,      Kp::RightKnee, Kp::LeftAnkle,  Kp::RightAnkle};
inline constexpr std::size_t kPriorDims = 2 * kPriorJoints.size();

// A limb's plausible length, in normalised units (times the pose's RMS spread).
struct LimbRange {
    Kp a, b;
    double minLength = 0, maxLength = 0;
};

struct PosePrior {
    std::vector<double> mean;        // kPriorDims: x, y of each joint of kPriorJoints in turn
    std::vector<double> covariance;  // kPriorDims x kPriorDims, row-major, already shrunk
    std::vector<LimbRange> limbs;
    nlohmann::json about;  // provenance: source files, pose count, how it was fit
    std::string id;        // content hash, so estimates made with another prior differ
};

struct PosePriorFitOptions {
    double shrinkage = 0.05;  // covariance = (1 - s) * sample + s * mean variance * identity
    bool addMirrored = true;  // fit on each pose and its mirror image
};

// Fits the prior on poses with all 13 prior joints labelled (others are skipped).
// Throws std::invalid_argument when fewer than 2 * kPriorDims such poses remain.
PosePrior fitPosePrior(const std::vector<Pose>& poses, const PosePriorFitOptions& options = {});

nlohmann::json posePriorToJson(const PosePrior& prior);
// Throws PosePriorError naming `source` when a field is missing or malformed.
PosePrior posePriorFromJson(const nlohmann::json& json, const std::string& source);
// Throws PosePriorError naming the file: missing, unreadable, not JSON or not a prior.
PosePrior readPosePrior(const std::filesystem::path& file);

struct PosePriorOptions {
    float minScore = 0.2f;  // joints less confident than this are filled from the others
    // An unsure joint is moved only when its squared Mahalanobis distance from its conditional
    // distribution exceeds this (0: always moved; 9.2: outside the 99% ellipse). 0.2 and 9.2
    // were the best of the settings tried on the held-out folds (bench/RESULTS.md).
    double fillGate = 9.2;
    bool fixSwaps = false;    // limb swaps cost accuracy on the held-out folds
    double swapMargin = 4.0;  // a swap must shorten the squared Mahalanobis distance by this
    bool checkLimbs = true;
};

// At least this many known joints are needed to say anything about the others: with fewer the
// pose is returned as it was.
inline constexpr std::size_t kMinKnownPriorJoints = 5;

// The estimate with swaps fixed and unsure joints filled (see the top of this file).
Pose applyPosePrior(const PosePrior& prior, const Pose& pose, const PosePriorOptions& options = {});

// Squared Mahalanobis distance of the prior joints at least minScore confident, after fitting
// the pose's centre and size to the prior's mean; 0 with fewer than kMinKnownPriorJoints.
double posePriorDistance(const PosePrior& prior, const Pose& pose, float minScore);

}  // namespace refpose
