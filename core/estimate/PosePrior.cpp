#include "estimate/PosePrior.h"

#include "util/SafeJson.h"
#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <limits>
#include <utility>

namespace refpose {
namespace {

constexpr std::size_t kJoints = kPriorJoints.size();
constexpr const char* kFormat = "refpose-pose-prior";
constexpr int kVersion = 1;
// Fill: the pose's centre and size are re-estimated from the completed pose this many times
// at most; they settle in a few rounds.
constexpr int kFillRounds = 20;
constexpr int kMaxSwapRounds = 4;  // each round takes the best swap; more than a few never helps

using Points = std::array<cv::Point2d, kJoints>;
using Known = std::array<bool, kNumKeypoints>;  // per keypoint of the schema, so swaps carry it
using KpPair = std::pair<Kp, Kp>;

// Where the normalised pose lies in the image: image point = scale * normalised + centre.
struct Frame {
    cv::Point2d centre;
    double scale = 0;
};

const std::array<KpPair, 4> kLimbs = {{{Kp::LeftShoulder, Kp::LeftElbow},
                                       {Kp::LeftElbow, Kp::LeftWrist},
                                       {Kp::LeftHip, Kp::LeftKnee},
                                       {Kp::LeftKnee, Kp::LeftAnkle}}};

Points priorPoints(const Pose& pose) {
    Points x;
    for (std::size_t j = 0; j < kJoints; ++j) x[j] = {pose[kPriorJoints[j]].x, pose[kPriorJoints[j]].y};
    return x;
}

// The pose's own frame: the centroid of its joints and their RMS distance from it.
Frame ownFrame(const Points& x) {
    Frame f;
    for (const auto& p : x) f.centre += p / double(kJoints);
    double sum = 0;
    for (const auto& p : x) sum += (p - f.centre).dot(p - f.centre);
    f.scale = std::sqrt(sum / double(kJoints));
    return f;
}

cv::Point2d meanPoint(const PosePrior& prior, std::size_t j) { return {prior.mean[2 * j], prior.mean[2 * j + 1]}; }

// The frame that best maps the prior's mean of the known joints onto them: the centres of
// both point sets match, and the spreads (rotation-free, so any view fits).
Frame fitFrame(const PosePrior& prior, const Points& x, const std::array<bool, kJoints>& known) {
    cv::Point2d meanX, meanMu;
    int count = 0;
    for (std::size_t j = 0; j < kJoints; ++j)
        if (known[j]) meanX += x[j], meanMu += meanPoint(prior, j), ++count;
    meanX /= double(count);
    meanMu /= double(count);
    double spreadX = 0, spreadMu = 0;
    for (std::size_t j = 0; j < kJoints; ++j) {
        if (!known[j]) continue;
        spreadX += (x[j] - meanX).dot(x[j] - meanX);
        const cv::Point2d m = meanPoint(prior, j) - meanMu;
        spreadMu += m.dot(m);
    }
    Frame f;
    f.scale = spreadMu > 0 ? std::sqrt(spreadX / spreadMu) : 0;
    f.centre = meanX - f.scale * meanMu;
    return f;
}

std::array<bool, kJoints> priorKnown(const Known& known) {
    std::array<bool, kJoints> k{};
    for (std::size_t j = 0; j < kJoints; ++j) k[j] = known[idx(kPriorJoints[j])];
    return k;
}

std::size_t countKnown(const std::array<bool, kJoints>& known) {
    return static_cast<std::size_t>(std::count(known.begin(), known.end(), true));
}

std::vector<int> dimsWhere(const std::array<bool, kJoints>& known, bool value) {
    std::vector<int> dims;
    for (std::size_t j = 0; j < kJoints; ++j)
        if (known[j] == value) dims.push_back(int(2 * j)), dims.push_back(int(2 * j + 1));
    return dims;
}

cv::Mat covarianceBlock(const PosePrior& prior, const std::vector<int>& rows, const std::vector<int>& cols) {
    cv::Mat m(int(rows.size()), int(cols.size()), CV_64F);
    for (int r = 0; r < m.rows; ++r)
        for (int c = 0; c < m.cols; ++c) m.at<double>(r, c) = prior.covariance[rows[r] * kPriorDims + cols[c]];
    return m;
}

// Normalised coordinates of the known joints minus their prior mean, as a column.
cv::Mat knownDeviation(const PosePrior& prior, const Points& x, const Frame& f, const std::vector<int>& dims) {
    cv::Mat d(int(dims.size()), 1, CV_64F);
    for (int r = 0; r < d.rows; ++r) {
        const std::size_t j = std::size_t(dims[r]) / 2;
        const cv::Point2d z = (x[j] - f.centre) / f.scale;
        d.at<double>(r) = (dims[r] % 2 ? z.y : z.x) - prior.mean[dims[r]];
    }
    return d;
}

double mahalanobis2(const PosePrior& prior, const Points& x, const std::array<bool, kJoints>& known) {
    if (countKnown(known) < kMinKnownPriorJoints) return 0;
    const Frame f = fitFrame(prior, x, known);
    if (!(f.scale > 0)) return 0;
    const std::vector<int> dims = dimsWhere(known, true);
    const cv::Mat d = knownDeviation(prior, x, f, dims);
    cv::Mat solved;
    cv::solve(covarianceBlock(prior, dims, dims), d, solved, cv::DECOMP_CHOLESKY);
    return d.dot(solved);
}

// Unknown joints at their conditional mean given the known ones; the frame is re-estimated
// from the completed pose, as the prior's poses were normalised by their own frame.
Points fillUnknown(const PosePrior& prior, Points x, const std::array<bool, kJoints>& known, Frame& f) {
    const std::vector<int> k = dimsWhere(known, true), u = dimsWhere(known, false);
    f = fitFrame(prior, x, known);
    if (u.empty()) return x;
    const cv::Mat sKK = covarianceBlock(prior, k, k), sUK = covarianceBlock(prior, u, k);
    for (int round = 0; round < kFillRounds && f.scale > 0; ++round) {
        cv::Mat solved;
        cv::solve(sKK, knownDeviation(prior, x, f, k), solved, cv::DECOMP_CHOLESKY);
        const cv::Mat zU = sUK * solved;
        double moved = 0;
        for (std::size_t r = 0; r < u.size(); r += 2) {
            const std::size_t j = std::size_t(u[r]) / 2;
            const cv::Point2d z(prior.mean[u[r]] + zU.at<double>(int(r)),
                                prior.mean[u[r + 1]] + zU.at<double>(int(r + 1)));
            const cv::Point2d next = f.centre + f.scale * z;
            moved = std::max(moved, cv::norm(next - x[j]));
            x[j] = next;
        }
        const Frame own = ownFrame(x);
        if (moved < 1e-6 * f.scale || !(own.scale > 0)) break;
        f = own;
    }
    return x;
}

// Squared Mahalanobis distance of each unknown joint's estimate from its conditional
// distribution given the known joints (2 x 2 blocks of the conditional covariance, in pixels).
std::array<double, kJoints> unknownSurprise(const PosePrior& prior, const Points& estimate, const Points& filled,
                                            const std::array<bool, kJoints>& known, const Frame& f) {
    std::array<double, kJoints> surprise{};
    const std::vector<int> k = dimsWhere(known, true), u = dimsWhere(known, false);
    if (u.empty() || !(f.scale > 0)) return surprise;
    cv::Mat gain;
    cv::solve(covarianceBlock(prior, k, k), covarianceBlock(prior, k, u), gain, cv::DECOMP_CHOLESKY);
    const cv::Mat conditional =
        (covarianceBlock(prior, u, u) - covarianceBlock(prior, u, k) * gain) * (f.scale * f.scale);
    for (int r = 0; r < int(u.size()); r += 2) {
        const std::size_t j = std::size_t(u[r]) / 2;
        const cv::Mat block = conditional(cv::Rect(r, r, 2, 2));
        const cv::Mat d = (cv::Mat_<double>(2, 1) << estimate[j].x - filled[j].x, estimate[j].y - filled[j].y);
        cv::Mat solved;
        cv::solve(block, d, solved, cv::DECOMP_CHOLESKY);
        surprise[j] = d.dot(solved);
    }
    return surprise;
}

// Limbs longer or shorter than any in the prior's poses: their less confident endpoint is
// no longer trusted.
void distrustImplausibleLimbs(const PosePrior& prior, const Pose& pose, Known& known) {
    const Points x = priorPoints(pose);
    const auto k = priorKnown(known);
    if (countKnown(k) < kMinKnownPriorJoints) return;
    const Frame f = fitFrame(prior, x, k);
    if (!(f.scale > 0)) return;
    for (const LimbRange& limb : prior.limbs) {
        if (!known[idx(limb.a)] || !known[idx(limb.b)]) continue;
        const double length = std::hypot(pose[limb.a].x - pose[limb.b].x, pose[limb.a].y - pose[limb.b].y) / f.scale;
        if (length >= limb.minLength && length <= limb.maxLength) continue;
        known[idx(pose[limb.a].score < pose[limb.b].score ? limb.a : limb.b)] = false;
    }
}

struct Working {
    Pose pose;
    Known known{};
};

Working swapped(Working w, const std::vector<KpPair>& pairs) {
    for (const auto& [a, b] : pairs) {
        std::swap(w.pose[a], w.pose[b]);
        std::swap(w.known[idx(a)], w.known[idx(b)]);
    }
    return w;
}

// Each limb's end, and the limb below the shoulder or hip. Not the whole body's left/right: the
// prior cannot tell a back view from a front view, and that swap turned correctly labelled back
// views into front views (OKS@50 -3.9 points on the held-out folds, bench/RESULTS.md).
std::vector<std::vector<KpPair>> swapCandidates() {
    return {{{Kp::LeftWrist, Kp::RightWrist}},
            {{Kp::LeftElbow, Kp::RightElbow}, {Kp::LeftWrist, Kp::RightWrist}},
            {{Kp::LeftAnkle, Kp::RightAnkle}},
            {{Kp::LeftKnee, Kp::RightKnee}, {Kp::LeftAnkle, Kp::RightAnkle}}};
}

double distanceOf(const PosePrior& prior, const Working& w) {
    return mahalanobis2(prior, priorPoints(w.pose), priorKnown(w.known));
}

Working fixSwaps(const PosePrior& prior, Working w, double margin) {
    static const auto candidates = swapCandidates();
    for (int round = 0; round < kMaxSwapRounds; ++round) {
        const double current = distanceOf(prior, w);
        double best = current - margin;
        const std::vector<KpPair>* chosen = nullptr;
        for (const auto& c : candidates) {
            const double d = distanceOf(prior, swapped(w, c));
            if (d < best) best = d, chosen = &c;
        }
        if (!chosen) break;
        w = swapped(std::move(w), *chosen);
    }
    return w;
}

// 64-bit FNV-1a, the content hash FileHash uses for model files.
std::string hashOf(const std::string& text) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return std::string(hex, 12);
}

[[noreturn]] void bad(const std::string& source, const std::string& what) {
    throw PosePriorError(source + ": not a usable pose prior: " + what);
}

std::vector<double> numbers(const nlohmann::json& j, std::size_t count, const std::string& source,
                            const std::string& field) {
    if (!j.is_array() || j.size() != count)
        bad(source, "\"" + field + "\" must hold " + std::to_string(count) + " numbers");
    std::vector<double> v;
    for (const auto& e : j) {
        if (!e.is_number() || !std::isfinite(e.get<double>()))
            bad(source, "\"" + field + "\" holds a value that is not a finite number");
        v.push_back(e.get<double>());
    }
    return v;
}

Kp keypointNamed(const nlohmann::json& j, const std::string& source) {
    const auto i = j.is_string() ? keypointIndex(j.get<std::string>()) : std::nullopt;
    if (!i) bad(source, "unknown keypoint " + j.dump() + " in \"limbs\"");
    return static_cast<Kp>(*i);
}

void checkPositiveDefinite(const std::vector<double>& covariance, const std::string& source) {
    const int n = static_cast<int>(kPriorDims);
    cv::Mat c(n, n, CV_64F, const_cast<double*>(covariance.data()));
    if (cv::norm(c, c.t(), cv::NORM_INF) > 1e-9 * (1 + cv::norm(c, cv::NORM_INF)))
        bad(source, "\"covariance\" is not symmetric");
    cv::Mat values;
    cv::eigen(c, values);
    double smallest = 0;
    cv::minMaxLoc(values, &smallest);
    if (!(smallest > 0)) bad(source, "\"covariance\" is not positive definite");
}

}  // namespace

PosePrior fitPosePrior(const std::vector<Pose>& poses, const PosePriorFitOptions& options) {
    std::vector<Points> normalised;
    std::size_t skipped = 0;
    for (const Pose& p : poses) {
        if (!std::all_of(kPriorJoints.begin(), kPriorJoints.end(), [&](Kp k) { return p[k].labelled(); })) {
            ++skipped;
            continue;
        }
        for (const Pose& q : options.addMirrored ? std::vector<Pose>{p, mirrored(p, 0)} : std::vector<Pose>{p}) {
            Points x = priorPoints(q);
            const Frame f = ownFrame(x);
            if (!(f.scale > 0)) continue;
            for (auto& pt : x) pt = (pt - f.centre) / f.scale;
            normalised.push_back(x);
        }
    }
    if (normalised.size() < 2 * kPriorDims)
        throw std::invalid_argument("fitPosePrior: " + std::to_string(normalised.size()) + " usable poses; at least " +
                                    std::to_string(2 * kPriorDims) + " are needed");
    cv::Mat samples(int(normalised.size()), int(kPriorDims), CV_64F);
    for (int r = 0; r < samples.rows; ++r)
        for (std::size_t j = 0; j < kJoints; ++j)
            samples.at<double>(r, int(2 * j)) = normalised[r][j].x,
                                          samples.at<double>(r, int(2 * j + 1)) = normalised[r][j].y;
    cv::Mat covariance, mean;
    cv::calcCovarMatrix(samples, covariance, mean, cv::COVAR_NORMAL | cv::COVAR_ROWS | cv::COVAR_SCALE, CV_64F);
    covariance *= double(samples.rows) / double(samples.rows - 1);  // unbiased
    const double meanVariance = cv::trace(covariance)[0] / double(kPriorDims);
    covariance = (1 - options.shrinkage) * covariance +
                 options.shrinkage * meanVariance * cv::Mat::eye(int(kPriorDims), int(kPriorDims), CV_64F);

    PosePrior prior;
    prior.mean.assign(mean.begin<double>(), mean.end<double>());
    prior.covariance.assign(covariance.begin<double>(), covariance.end<double>());
    for (const auto& [a, b] : kLimbs)
        for (const KpPair& limb :
             {KpPair{a, b}, KpPair{static_cast<Kp>(kFlip[idx(a)]), static_cast<Kp>(kFlip[idx(b)])}}) {
            const auto ja = std::find(kPriorJoints.begin(), kPriorJoints.end(), limb.first) - kPriorJoints.begin();
            const auto jb = std::find(kPriorJoints.begin(), kPriorJoints.end(), limb.second) - kPriorJoints.begin();
            LimbRange range{limb.first, limb.second, std::numeric_limits<double>::max(), 0};
            for (const Points& x : normalised) {
                const double length = cv::norm(x[ja] - x[jb]);
                range.minLength = std::min(range.minLength, length);
                range.maxLength = std::max(range.maxLength, length);
            }
            prior.limbs.push_back(range);
        }
    prior.about = {{"poses", poses.size() - skipped},
                   {"poses_skipped_incomplete", skipped},
                   {"mirrored", options.addMirrored},
                   {"shrinkage", options.shrinkage},
                   {"normalisation", "centre = mean of the 13 joints, scale = their RMS distance from it"},
                   {"limb_range", "min and max normalised length over the poses"}};
    prior.id = hashOf(dumpJson(posePriorToJson(prior)));
    return prior;
}

nlohmann::json posePriorToJson(const PosePrior& prior) {
    nlohmann::json joints = nlohmann::json::array(), covariance = nlohmann::json::array(),
                   limbs = nlohmann::json::array();
    for (Kp k : kPriorJoints) joints.push_back(kKeypointNames[idx(k)]);
    for (std::size_t r = 0; r < kPriorDims; ++r)
        covariance.push_back(std::vector<double>(prior.covariance.begin() + r * kPriorDims,
                                                 prior.covariance.begin() + (r + 1) * kPriorDims));
    for (const LimbRange& l : prior.limbs)
        limbs.push_back({{"a", kKeypointNames[idx(l.a)]},
                         {"b", kKeypointNames[idx(l.b)]},
                         {"min", l.minLength},
                         {"max", l.maxLength}});
    return {{"format", kFormat},  {"version", kVersion},      {"about", prior.about}, {"joints", joints},
            {"mean", prior.mean}, {"covariance", covariance}, {"limbs", limbs}};
}

PosePrior posePriorFromJson(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object() || j.value("format", "") != kFormat)
        bad(source, "\"format\" is not \"" + std::string(kFormat) + "\"");
    if (j.value("version", 0) != kVersion)
        bad(source, "unsupported \"version\" (this build reads " + std::to_string(kVersion) + ")");
    if (!j.contains("joints") || !j["joints"].is_array() || j["joints"].size() != kJoints)
        bad(source, "\"joints\" must name the 13 prior joints");
    for (std::size_t i = 0; i < kJoints; ++i)
        if (j["joints"][i] != kKeypointNames[idx(kPriorJoints[i])])
            bad(source, "\"joints\" are not the 13 prior joints in order");
    PosePrior prior;
    prior.about = j.value("about", nlohmann::json::object());
    prior.mean = numbers(j.value("mean", nlohmann::json()), kPriorDims, source, "mean");
    const nlohmann::json rows = j.value("covariance", nlohmann::json());
    if (!rows.is_array() || rows.size() != kPriorDims)
        bad(source, "\"covariance\" must have " + std::to_string(kPriorDims) + " rows");
    for (const auto& row : rows) {
        const auto values = numbers(row, kPriorDims, source, "covariance");
        prior.covariance.insert(prior.covariance.end(), values.begin(), values.end());
    }
    checkPositiveDefinite(prior.covariance, source);
    const nlohmann::json limbs = j.value("limbs", nlohmann::json::array());
    if (!limbs.is_array()) bad(source, "\"limbs\" must be a list");
    for (const auto& l : limbs) {
        if (!l.is_object() || !l.contains("a") || !l.contains("b"))
            bad(source, "each limb needs \"a\", \"b\", \"min\" and \"max\"");
        const auto range =
            numbers(nlohmann::json::array({l.value("min", nlohmann::json()), l.value("max", nlohmann::json())}), 2,
                    source, "limbs");
        if (range[0] > range[1]) bad(source, "a limb's \"min\" exceeds its \"max\"");
        prior.limbs.push_back({keypointNamed(l["a"], source), keypointNamed(l["b"], source), range[0], range[1]});
    }
    prior.id = hashOf(dumpJson(posePriorToJson(prior)));
    return prior;
}

PosePrior readPosePrior(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) throw PosePriorError(file.string() + ": no such pose prior file");
    std::ifstream in(file);
    if (!in) throw PosePriorError(file.string() + ": cannot open the pose prior");
    nlohmann::json j;
    try {
        j = parseJson(in);
    } catch (const nlohmann::json::exception& e) {
        throw PosePriorError(file.string() + ": the pose prior is not valid JSON (" + e.what() + ")");
    }
    try {
        return posePriorFromJson(j, file.string());
    } catch (const nlohmann::json::exception& e) {
        bad(file.string(), e.what());
    }
}

double posePriorDistance(const PosePrior& prior, const Pose& pose, float minScore) {
    std::array<bool, kJoints> known{};
    for (std::size_t j = 0; j < kJoints; ++j) known[j] = pose[kPriorJoints[j]].score >= minScore;
    return mahalanobis2(prior, priorPoints(pose), known);
}

Pose applyPosePrior(const PosePrior& prior, const Pose& pose, const PosePriorOptions& options) {
    Working w{pose, {}};
    for (std::size_t i = 0; i < kNumKeypoints; ++i) w.known[i] = pose.kp[i].score >= options.minScore;
    if (options.checkLimbs) distrustImplausibleLimbs(prior, w.pose, w.known);
    if (countKnown(priorKnown(w.known)) < kMinKnownPriorJoints) return pose;
    if (options.fixSwaps) w = fixSwaps(prior, std::move(w), options.swapMargin);
    const auto known = priorKnown(w.known);
    const Points estimate = priorPoints(w.pose);
    Frame frame;
    const Points filled = fillUnknown(prior, estimate, known, frame);
    const auto surprise = unknownSurprise(prior, estimate, filled, known, frame);
    for (std::size_t j = 0; j < kJoints; ++j) {
        if (known[j] || surprise[j] <= options.fillGate) continue;
        w.pose[kPriorJoints[j]].x = static_cast<float>(filled[j].x);
        w.pose[kPriorJoints[j]].y = static_cast<float>(filled[j].y);
    }
    deriveMidpoints(w.pose);
    return w.pose;
}

}  // namespace refpose
