// Retrieval quality benchmark (bench/RESULTS.md, "Retrieval quality"; run with
// bench/run_retrieval_quality.sh). On the 136k-pose library search_bench times (AddPoseLibrary.h),
// queries are made from library poses and the benchmark measures recall@1 of the source pose:
//   (a) any in-plane rotation, (b) left-right mirror, (c) scale and translation, (d) joint noise
//   of 2% and 5% of the body size (the box's longest side), (e) 1-4 missing joints, (f) part
//   queries (both arms; the left leg) whose rest of the body comes from another pose;
// and, on illustrations-dev, how well the results for the estimated pose agree with those for
// the labelled pose (the share of the top 10 they have in common).
// Every measure runs twice: with the current descriptor and search (PoseIndex::search), and with
// the one before issue 12 ("before": pair distances divided by the box's longest side, a part
// query comparing only the pairs inside the part), re-implemented here by brute force.
//
//   retrieval_quality_bench [--size 136000] [--queries 200] [--estimates dev-estimates.json]
//                           [--before 1|0]   (run from the repository root)
#include "AddPoseLibrary.h"
#include "dataset/CocoDataset.h"
#include "retrieval/PoseIndex.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <complex>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

using namespace refpose;
using Clock = std::chrono::steady_clock;
constexpr float kPi = std::numbers::pi_v<float>;

JointMask bitsOf(std::initializer_list<Kp> joints) {
    JointMask m = 0;
    for (Kp k : joints) m |= JointMask{1} << idx(k);
    return m;
}

// The GUI's parts (ui/BodyPart.cpp, jointsOf): a limb with its root and the other root.
const JointMask kArms =
    bitsOf({Kp::LeftShoulder, Kp::LeftElbow, Kp::LeftWrist, Kp::LeftUpperArm, Kp::LeftForearm, Kp::RightShoulder,
            Kp::RightElbow, Kp::RightWrist, Kp::RightUpperArm, Kp::RightForearm});
const JointMask kLeftLeg =
    bitsOf({Kp::LeftHip, Kp::LeftKnee, Kp::LeftAnkle, Kp::LeftThigh, Kp::LeftShin, Kp::RightHip});
const JointMask kTorso = bitsOf({Kp::LeftShoulder, Kp::RightShoulder, Kp::LeftHip, Kp::RightHip});

// ---- The search before issue 12, for the "before" column --------------------------------

struct Before {
    std::vector<PoseDescriptor> library;  // values / box longest side; part/frame unused

    static PoseDescriptor describe(const Pose& pose) {
        PoseDescriptor d;
        d.joints = presentJoints(pose);
        const float scale = pose.box.longestSide();
        if (!(scale > 0) || d.presentJoints() < 2) return d;
        for (std::size_t p = 0; p < kNumPairs; ++p) {
            const auto [i, j] = pairJoints(p);
            if (!(d.joints >> i & 1u) || !(d.joints >> j & 1u)) continue;
            d.values[p] = float(std::hypot((double(pose.kp[i].x) - pose.kp[j].x) / scale,
                                           (double(pose.kp[i].y) - pose.kp[j].y) / scale));
        }
        return d;
    }

    // Euclidean over the shared pairs, scaled to 300; a part query kept only its own joints.
    static float distance(const PoseDescriptor& q, const PoseDescriptor& e) {
        const JointMask shared = q.joints & e.joints;
        const int n = std::popcount(shared), nq = std::popcount(q.joints);
        const int pairs = n * (n - 1) / 2;
        if (pairs == 0 || pairs < kMinSharedPairFraction * float(nq * (nq - 1) / 2))
            return std::numeric_limits<float>::infinity();
        const auto mask = pairMask(shared);
        double sum = 0;
        for (std::size_t p = 0; p < kNumPairs; ++p) {
            const double diff = double(q.values[p]) - e.values[p];
            sum += mask[p] * diff * diff;
        }
        return float(std::sqrt(sum * double(kNumPairs) / pairs));
    }

    std::vector<std::int64_t> search(const Pose& query, const SearchOptions& o) const {
        PoseDescriptor q = describe(query);
        if (o.joints) q.joints &= *o.joints;
        const PoseDescriptor m = mirrorDescriptor(q);
        std::vector<std::pair<float, std::int64_t>> all;
        all.reserve(library.size());
        for (std::size_t i = 0; i < library.size(); ++i) {
            float d = distance(q, library[i]);
            if (o.mirror) d = std::min(d, distance(m, library[i]));
            all.emplace_back(d, std::int64_t(i));
        }
        const std::size_t k = std::min(o.k, all.size());
        std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(k), all.end());
        std::vector<std::int64_t> ids;
        for (std::size_t i = 0; i < k; ++i) ids.push_back(all[i].second);
        return ids;
    }
};

// ---- Query makers -------------------------------------------------------------------------

Pose transformed(const Pose& p, float angle, float scale, float tx, float ty) {
    Pose out = p;
    const float c = std::cos(angle), s = std::sin(angle);
    for (auto& k : out.kp) {
        if (!k.labelled()) continue;
        const float x = k.x, y = k.y;
        k.x = scale * (c * x - s * y) + tx;
        k.y = scale * (s * x + c * y) + ty;
    }
    out.box = boxAroundKeypoints(out, kAddBoxMargin);  // measured again, as a detector would
    return out;
}

Pose rotatedAboutCentre(const Pose& p, float angle) {
    const float cx = p.box.x + p.box.w / 2, cy = p.box.y + p.box.h / 2;
    Pose t = transformed(p, 0.f, 1.f, -cx, -cy);
    return transformed(t, angle, 1.f, cx, cy);
}

Pose noisy(const Pose& p, float share, std::mt19937& rng) {
    std::normal_distribution<float> noise(0.f, share * p.box.longestSide());
    Pose out = p;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i)
        if (out.kp[i].labelled()) {
            out.kp[i].x += noise(rng);
            out.kp[i].y += noise(rng);
        }
    deriveMidpoints(out);
    return out;
}

// Removes `count` of the present COCO joints (their midpoints go with them); the box stays:
// the figure is still there, only joints were not found.
Pose withMissingJoints(const Pose& p, int count, std::mt19937& rng) {
    std::vector<std::size_t> present;
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i)
        if (p.kp[i].labelled()) present.push_back(i);
    std::shuffle(present.begin(), present.end(), rng);
    Pose out = p;
    for (int i = 0; i < count && i < int(present.size()); ++i) out.kp[present[std::size_t(i)]] = Keypoint{};
    deriveMidpoints(out);
    return out;
}

// `from`'s part on `from`'s head and trunk (kBodyFrameJoints); the other limbs from `other`,
// moved, turned and scaled so that its shoulders and hips fit `from`'s best (least squares):
// the same arms (or leg) held the same way on the body, whatever the rest of the figure does.
Pose partOnAnotherBody(const Pose& from, const Pose& other, JointMask part) {
    using C = std::complex<double>;
    std::vector<C> a, b;
    for (std::size_t i = 0; i < kNumKeypoints; ++i)
        if (kTorso >> i & 1u) {
            a.emplace_back(from.kp[i].x, from.kp[i].y);
            b.emplace_back(other.kp[i].x, other.kp[i].y);
        }
    C ma = 0, mb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) ma += a[i], mb += b[i];
    ma /= double(a.size());
    mb /= double(b.size());
    C num = 0;
    double den = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        num += (a[i] - ma) * std::conj(b[i] - mb);
        den += std::norm(b[i] - mb);
    }
    const C w = num / den;  // scale and rotation
    Pose out = from;
    for (std::size_t i = 0; i < kNumKeypoints; ++i) {
        if ((part | kBodyFrameJoints) >> i & 1u) continue;
        const Keypoint& k = other.kp[i];
        if (!k.labelled()) {
            out.kp[i] = Keypoint{};
            continue;
        }
        const C z = w * (C(k.x, k.y) - mb) + ma;
        out.kp[i] = {float(z.real()), float(z.imag()), k.score, k.v};
    }
    out.box = boxAroundKeypoints(out, kAddBoxMargin);
    return out;
}

// ---- Measuring ---------------------------------------------------------------------------

struct Setup {
    std::vector<bench::LibraryPose> library;
    PoseIndex index;
    Before before;
    bool runBefore = true;
};

std::vector<std::int64_t> searchNow(const Setup& s, const Pose& query, const SearchOptions& o) {
    std::vector<std::int64_t> ids;
    for (const IndexHit& h : s.index.search(describePose(query), o)) ids.push_back(h.id);
    return ids;
}

// hits: the source entry itself first; samePose: an entry made from the same ADD pose first (the
// library holds about 68 jittered variants of each ADD pose, 2% apart, so under noise the source
// entry's own siblings are as right an answer as the source).
struct Recall {
    int hits = 0, samePose = 0, hitsBefore = 0, total = 0;
};

void count(const Setup& s, Recall& r, std::size_t source, const Pose& query, SearchOptions o, bool withBefore = true) {
    o.k = 1;
    const auto now = searchNow(s, query, o);
    r.hits += !now.empty() && now[0] == std::int64_t(source);
    r.samePose += !now.empty() && s.library[std::size_t(now[0])].base == s.library[source].base;
    if (s.runBefore && withBefore) {
        const auto before = s.before.search(query, o);
        r.hitsBefore += !before.empty() && before[0] == std::int64_t(source);
    }
    ++r.total;
}

void printRow(const std::string& name, const std::string& options, const Recall& r, bool before) {
    const double now = double(r.hits) / r.total, pose = double(r.samePose) / r.total;
    const std::string old = before ? std::to_string(double(r.hitsBefore) / r.total).substr(0, 5) : "-";
    std::printf("| %s | %s | %.3f (%d/%d) | %.3f (%d/%d) | %s |\n", name.c_str(), options.c_str(), now, r.hits, r.total,
                pose, r.samePose, r.total, old.c_str());
    std::fflush(stdout);
}

// The orientation option ("Any rotation" off): the share of queries turned by `angle` whose
// first hit is within 45 degrees of the query's own orientation.
void orientationCheck(const Setup& s, const std::vector<std::size_t>& sources, float angle) {
    int sameWay[2] = {0, 0}, sourceFirst[2] = {0, 0}, n = 0;
    for (std::size_t src : sources) {
        const Pose q = rotatedAboutCentre(s.library[src].pose, angle);
        const auto qo = bodyOrientation(q);
        if (!qo) continue;
        ++n;
        for (int oriented = 0; oriented < 2; ++oriented) {
            SearchOptions o;
            o.k = 1;
            o.orientation = oriented == 1;
            const auto ids = searchNow(s, q, o);
            if (ids.empty()) continue;
            const auto eo = bodyOrientation(s.library[std::size_t(ids[0])].pose);
            sameWay[oriented] += eo && angleDifference(*qo, *eo) < kPi / 4;
            sourceFirst[oriented] += ids[0] == std::int64_t(src);
        }
    }
    std::printf("| %.0f | %.3f | %.3f | %.3f | %.3f |\n", angle * 180 / kPi, double(sourceFirst[0]) / n,
                double(sameWay[0]) / n, double(sourceFirst[1]) / n, double(sameWay[1]) / n);
}

std::vector<Pose> readEstimates(const std::string& file, const std::vector<std::string>& imageNames) {
    std::ifstream in(file);
    const auto j = nlohmann::json::parse(in);
    std::vector<Pose> out(imageNames.size());
    for (const auto& r : j.at("results")) {
        const std::string image = std::filesystem::path(r.at("image").get<std::string>()).filename().string();
        const auto it = std::find(imageNames.begin(), imageNames.end(), image);
        if (it == imageNames.end()) continue;
        Pose p;
        const auto& b = r.at("box");
        p.box = {b[0].get<float>(), b[1].get<float>(), b[2].get<float>(), b[3].get<float>()};
        for (const auto& k : r.at("keypoints")) {
            const auto name = k.at("name").get<std::string>();
            const auto n = std::find(kKeypointNames.begin(), kKeypointNames.end(), name);
            if (n == kKeypointNames.end()) continue;
            p.kp[std::size_t(n - kKeypointNames.begin())] = {k.at("x").get<float>(), k.at("y").get<float>(),
                                                             k.at("score").get<float>(), Visibility::Visible};
        }
        out[std::size_t(it - imageNames.begin())] = p;
    }
    return out;
}

// The ADD poses behind a list of entries (several variants of one pose count once).
std::vector<std::int64_t> basesOf(const Setup& s, const std::vector<std::int64_t>& ids) {
    std::vector<std::int64_t> bases;
    for (const std::int64_t id : ids) bases.push_back(std::int64_t(s.library[std::size_t(id)].base));
    std::sort(bases.begin(), bases.end());
    bases.erase(std::unique(bases.begin(), bases.end()), bases.end());
    return bases;
}

double overlap(std::vector<std::int64_t> a, std::vector<std::int64_t> b) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    std::vector<std::int64_t> common;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
    return a.empty() ? 0.0 : double(common.size()) / double(a.size());
}

void agreement(const Setup& s, const std::string& estimatesFile) {
    const auto annotations = std::filesystem::path(REFPOSE_BENCH_SHARED_DIR) / "illustrations-dev" / "annotations.json";
    const CocoDataset truth = readCoco(annotations);
    std::vector<std::string> names;
    for (const auto& a : truth.annotations)
        for (const auto& im : truth.images)
            if (im.id == a.imageId) names.push_back(im.fileName);
    const auto estimates = readEstimates(estimatesFile, names);
    std::printf(
        "\n| image | top-10 overlap, now (entries) | now, ADD poses behind them | before (entries) |\n"
        "|---|---|---|---|\n");
    double sumNow = 0, sumPoses = 0, sumBefore = 0;
    SearchOptions o;  // the GUI's defaults: mirror on, any rotation, k = 10
    for (std::size_t i = 0; i < names.size(); ++i) {
        const Pose& labelled = truth.annotations[i].pose;
        const auto fromLabels = searchNow(s, labelled, o), fromEstimate = searchNow(s, estimates[i], o);
        const double now = overlap(fromLabels, fromEstimate);
        const double poses = overlap(basesOf(s, fromLabels), basesOf(s, fromEstimate));
        const double before =
            s.runBefore ? overlap(s.before.search(labelled, o), s.before.search(estimates[i], o)) : NAN;
        sumNow += now;
        sumPoses += poses;
        sumBefore += before;
        std::printf("| %s | %.1f | %.2f | %.1f |\n", names[i].c_str(), now, poses, before);
    }
    const double n = double(names.size());
    std::printf("| mean of %zu | %.3f | %.3f | %.3f |\n", names.size(), sumNow / n, sumPoses / n, sumBefore / n);
}

struct Args {
    std::size_t size = 136000, queries = 200;
    std::string estimates;
    bool before = true;
};

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--size")
            a.size = std::stoul(v);
        else if (k == "--queries")
            a.queries = std::stoul(v);
        else if (k == "--estimates")
            a.estimates = v;
        else if (k == "--before")
            a.before = v != "0";
        else
            throw std::invalid_argument("unknown option " + k);
    }
    return a;
}

}  // namespace

int main(int argc, char** argv) try {
    const Args args = parse(argc, argv);
    const auto addFile = std::filesystem::path(REFPOSE_BENCH_SHARED_DIR) / "add" / "data.json";
    if (!std::filesystem::exists(addFile)) {
        std::cerr << "retrieval_quality_bench: " << addFile << " is absent (data beside the project)\n";
        return 1;
    }
    const auto start = Clock::now();
    Setup s;
    s.runBefore = args.before;
    s.library = bench::makeLibrary(bench::addBasePoses(addFile), args.size, bench::librarySeed(args.size));
    for (std::size_t i = 0; i < s.library.size(); ++i) {
        s.index.add(std::int64_t(i), describePose(s.library[i].pose));
        if (s.runBefore) s.before.library.push_back(Before::describe(s.library[i].pose));
    }
    IndexBuildOptions build;
    build.buildApproximate = false;  // as PoseLibrary below 300k poses
    s.index.rebuild(build);

    std::mt19937 rng(12);
    std::uniform_int_distribution<std::size_t> pick(0, s.library.size() - 1);
    std::vector<std::size_t> sources;
    for (std::size_t i = 0; i < args.queries; ++i) sources.push_back(pick(rng));

    std::printf("library: %zu poses from %s (seed %u); %zu queries\n\n", s.library.size(), addFile.c_str(),
                bench::librarySeed(args.size), sources.size());
    std::printf(
        "| query | options | recall@1 now (source entry) | now, same ADD pose | before (source entry) |\n"
        "|---|---|---|---|---|\n");
    SearchOptions gui;  // mirror on, any rotation (no orientation term)
    SearchOptions noMirror = gui;
    noMirror.mirror = false;

    Recall rot, mir, mirOff, sc, n2, n5;
    Recall partRecall[2][2][2];  // [arms, left leg][exact, 2% noise][frame rule, every pair]
    Recall missing[4], fixedAngle[5];
    const float angles[5] = {30, 45, 60, 90, 180};
    std::uniform_real_distribution<float> anyAngle(0.f, 2 * kPi), logScale(std::log(0.25f), std::log(4.f)),
        shift(-2000.f, 2000.f);
    std::uniform_int_distribution<std::size_t> other(0, s.library.size() - 1);
    for (std::size_t src : sources) {
        const Pose& p = s.library[src].pose;
        count(s, rot, src, rotatedAboutCentre(p, anyAngle(rng)), gui);
        for (int a = 0; a < 5; ++a) count(s, fixedAngle[a], src, rotatedAboutCentre(p, angles[a] * kPi / 180), gui);
        const Pose m = mirrored(p, 123.f);
        count(s, mir, src, m, gui);
        count(s, mirOff, src, m, noMirror);
        count(s, sc, src, transformed(p, 0.f, std::exp(logScale(rng)), shift(rng), shift(rng)), gui);
        count(s, n2, src, noisy(p, 0.02f, rng), gui);
        count(s, n5, src, noisy(p, 0.05f, rng), gui);
        for (int k = 1; k <= 4; ++k) count(s, missing[k - 1], src, withMissingJoints(p, k, rng), gui);
        std::size_t b = other(rng);
        while (s.library[b].base == s.library[src].base) b = other(rng);
        for (int part = 0; part < 2; ++part) {
            const JointMask joints = part == 0 ? kArms : kLeftLeg;
            const Pose exact = partOnAnotherBody(p, s.library[b].pose, joints);
            for (int noise = 0; noise < 2; ++noise) {
                const Pose q = noise == 0 ? exact : noisy(exact, 0.02f, rng);
                SearchOptions o = gui;
                o.joints = joints;
                count(s, partRecall[part][noise][0], src, q, o);
                o.partFrame = kAllJoints;
                count(s, partRecall[part][noise][1], src, q, o, false);  // "before" is the same for both rules
            }
        }
    }
    const bool before = args.before;
    printRow("(a) rotated by a random angle", "any rotation, mirror", rot, before);
    for (int a = 0; a < 5; ++a)
        printRow("(a) rotated by " + std::to_string(int(angles[a])) + " deg", "any rotation, mirror", fixedAngle[a],
                 before);
    printRow("(b) mirrored", "mirror on", mir, before);
    printRow("(b) mirrored", "mirror off", mirOff, before);
    printRow("(c) scaled 0.25-4x and moved", "defaults", sc, before);
    printRow("(d) noise 2% of body size", "defaults", n2, before);
    printRow("(d) noise 5% of body size", "defaults", n5, before);
    for (int k = 0; k < 4; ++k)
        printRow("(e) " + std::to_string(k + 1) + " missing joint(s)", "defaults", missing[k], before);
    for (int part = 0; part < 2; ++part)
        for (int noise = 0; noise < 2; ++noise) {
            const std::string name = std::string("(f) ") + (part == 0 ? "arms" : "left leg") + " on another body" +
                                     (noise == 1 ? ", 2% noise" : "");
            const std::string option = part == 0 ? "Part = Arms" : "Part = Left leg";
            printRow(name, option + " (default: part against head and trunk)", partRecall[part][noise][0], before);
            printRow(name, option + ", every pair touching the part", partRecall[part][noise][1], false);
        }

    std::printf("\nOrientation option (\"Any rotation\" off = orientation term on), queries turned by an angle:\n\n");
    std::printf(
        "| turned by (deg) | any rotation: source first | first hit within 45 deg of query | rotation off: source "
        "first | first hit within 45 deg |\n|---|---|---|---|---|\n");
    for (float a : {0.f, 30.f, 90.f, 180.f}) orientationCheck(s, sources, a * kPi / 180);

    if (!args.estimates.empty()) agreement(s, args.estimates);
    std::printf("\nwall time %.0f s\n", std::chrono::duration<double>(Clock::now() - start).count());
    return 0;
} catch (const std::exception& e) {
    std::cerr << "retrieval_quality_bench: " << e.what() << "\n";
    return 1;
}
