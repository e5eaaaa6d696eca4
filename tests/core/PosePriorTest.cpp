// The pose prior (core/estimate/PosePrior.h) on real AnimeDrawingsDataset poses: fitted on the
// train split, checked on the val split (poses it never saw).
#include "estimate/PosePrior.h"

#include "dataset/AddImport.h"
#include "estimate/PoseEstimator.h"

#include "TestPaths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>

namespace refpose {
namespace {

std::vector<Pose> addPoses(const std::string& split) {
    std::vector<Pose> poses;
    for (const auto& a : readAdd(test::sharedDir() / "add" / (split + ".json")).annotations) poses.push_back(a.pose);
    return poses;
}

// Fitting on the 1400 train poses takes well under a second; done once for every test.
const PosePrior& trainPrior() {
    static const PosePrior prior = fitPosePrior(addPoses("train"));
    return prior;
}

#define SKIP_WITHOUT_ADD() REFPOSE_SKIP_UNLESS_EXISTS(test::sharedDir() / "add" / "train.json")

// The RMS spread of the prior joints: the unit the prior measures poses in.
double spread(const Pose& p) {
    double cx = 0, cy = 0;
    for (Kp k : kPriorJoints) cx += p[k].x / 13.0, cy += p[k].y / 13.0;
    double s = 0;
    for (Kp k : kPriorJoints) s += (p[k].x - cx) * (p[k].x - cx) + (p[k].y - cy) * (p[k].y - cy);
    return std::sqrt(s / 13.0);
}

double distance(const Keypoint& a, const Keypoint& b) { return std::hypot(a.x - b.x, a.y - b.y); }

// A val pose as an estimate: every point confident.
Pose confident(Pose p) {
    for (auto& k : p.kp) k.score = 1.f, k.v = Visibility::Visible;
    return p;
}

Pose withSwapped(Pose p, std::initializer_list<std::pair<Kp, Kp>> pairs) {
    for (const auto& [a, b] : pairs) std::swap(p[a], p[b]);
    deriveMidpoints(p);
    return p;
}

double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
}

std::filesystem::path writeText(const std::string& name, const std::string& text) {
    const auto file = test::freshTempDir() / name;
    std::ofstream(file) << text;
    return file;
}

TEST(PosePrior, FitsOnRealAddPosesSymmetricAndInvertible) {
    SKIP_WITHOUT_ADD();
    const PosePrior& prior = trainPrior();
    ASSERT_EQ(prior.mean.size(), kPriorDims);
    ASSERT_EQ(prior.covariance.size(), kPriorDims * kPriorDims);
    EXPECT_EQ(prior.about["poses"], 1400);
    // Mirrored poses make the mean left/right symmetric: x of a left joint = -x of the right one.
    for (std::size_t j = 1; j < kPriorJoints.size(); j += 2) {
        EXPECT_NEAR(prior.mean[2 * j], -prior.mean[2 * (j + 1)], 1e-9);
        EXPECT_NEAR(prior.mean[2 * j + 1], prior.mean[2 * (j + 1) + 1], 1e-9);
    }
    // Upright on average: the nose above the shoulders, the ankles below the knees (y grows down).
    EXPECT_LT(prior.mean[1], prior.mean[3]);
    EXPECT_GT(prior.mean[2 * 11 + 1], prior.mean[2 * 9 + 1]);
    ASSERT_EQ(prior.limbs.size(), 8u);
    for (const LimbRange& l : prior.limbs) {
        EXPECT_LT(l.minLength, l.maxLength);
        EXPECT_GT(l.maxLength, 0.3);
    }
    // Held-out val poses are close to the prior, and far closer than the same poses upside down.
    std::vector<double> upright, upsideDown;
    for (Pose p : addPoses("val")) {
        p = confident(p);
        upright.push_back(posePriorDistance(prior, p, 0.5f));
        for (auto& k : p.kp) k.y = -k.y;
        upsideDown.push_back(posePriorDistance(prior, p, 0.5f));
    }
    std::cout << "median squared Mahalanobis distance of val poses: " << median(upright) << " upright, "
              << median(upsideDown) << " upside down\n";
    EXPECT_LT(median(upright), 15.0);  // measured 9.5 (chi-squared with about 23 degrees of freedom would say 22)
    EXPECT_GT(median(upsideDown), 3 * median(upright));
}

TEST(PosePrior, JsonRoundTripKeepsEverything) {
    SKIP_WITHOUT_ADD();
    const PosePrior& prior = trainPrior();
    const auto file = writeText("prior.json", posePriorToJson(prior).dump(1));
    const PosePrior read = readPosePrior(file);
    EXPECT_EQ(read.id, prior.id);
    EXPECT_EQ(read.mean, prior.mean);
    EXPECT_EQ(read.covariance, prior.covariance);
    ASSERT_EQ(read.limbs.size(), prior.limbs.size());
    EXPECT_EQ(read.limbs[3].b, prior.limbs[3].b);
    EXPECT_DOUBLE_EQ(read.limbs[3].maxLength, prior.limbs[3].maxLength);
}

TEST(PosePrior, SwappedLimbsOfRealPosesAreSwappedBack) {
    SKIP_WITHOUT_ADD();
    int tried = 0, restored = 0, untouched = 0;
    for (const Pose& truth : addPoses("val")) {
        const Pose p = confident(truth);
        // Only poses whose two hands are apart: with hands together a swap changes nothing.
        if (distance(p[Kp::LeftWrist], p[Kp::RightWrist]) < 0.5 * spread(p)) continue;
        const Pose swapped = withSwapped(p, {{Kp::LeftElbow, Kp::RightElbow}, {Kp::LeftWrist, Kp::RightWrist}});
        const Pose fixed = applyPosePrior(trainPrior(), swapped, {.fixSwaps = true});
        ++tried;
        restored += fixed[Kp::LeftWrist] == p[Kp::LeftWrist] && fixed[Kp::LeftElbow] == p[Kp::LeftElbow];
        untouched += applyPosePrior(trainPrior(), p, {.fixSwaps = true}) == p;  // a correct pose stays as it is
        EXPECT_EQ(applyPosePrior(trainPrior(), swapped, {.checkLimbs = false}), swapped)
            << "swaps are off unless asked for";
    }
    std::cout << "arm swaps undone: " << restored << " of " << tried << "; correct poses kept: " << untouched << "\n";
    ASSERT_GT(tried, 50);
    EXPECT_GE(restored, 0.85 * tried);  // measured 76 of 82 (0.93)
    EXPECT_GE(untouched, 0.9 * tried);  // measured 79 of 82 (0.96)
}

TEST(PosePrior, LowConfidenceJointFarAwayIsPulledBackNearItsPlace) {
    SKIP_WITHOUT_ADD();
    std::vector<double> before, after;
    for (const Kp moved : {Kp::LeftWrist, Kp::RightKnee, Kp::LeftElbow}) {
        for (const Pose& truth : addPoses("val")) {
            Pose p = confident(truth);
            const double unit = spread(p);
            p[moved].x += static_cast<float>(3 * unit);  // far outside the figure
            p[moved].score = 0.05f;
            const Pose fixed = applyPosePrior(trainPrior(), p, {.fixSwaps = false});
            before.push_back(distance(p[moved], truth[moved]) / unit);
            after.push_back(distance(fixed[moved], truth[moved]) / unit);
        }
    }
    std::cout << "moved joint's error, in pose spreads: median " << median(before) << " -> " << median(after) << "\n";
    EXPECT_LT(median(after), 0.4);  // measured 0.22
    EXPECT_LT(*std::max_element(after.begin(), after.end()), 3.0);
}

TEST(PosePrior, GateKeepsUnsureJointsThatArePlausible) {
    SKIP_WITHOUT_ADD();
    int kept = 0, tried = 0;
    for (const Pose& truth : addPoses("val")) {
        Pose nearby = confident(truth), far = nearby;
        const float unit = static_cast<float>(spread(truth));
        nearby[Kp::LeftWrist].x += 0.02f * unit, nearby[Kp::LeftWrist].score = 0.1f;  // unsure, but in place
        far[Kp::LeftWrist].x += 3 * unit, far[Kp::LeftWrist].score = 0.1f;
        deriveMidpoints(nearby);
        deriveMidpoints(far);
        ++tried;
        kept += applyPosePrior(trainPrior(), nearby, {.fillGate = 9.2}) == nearby;
        EXPECT_NE(applyPosePrior(trainPrior(), far, {.fillGate = 9.2})[Kp::LeftWrist], far[Kp::LeftWrist]);
    }
    std::cout << "unsure wrists in place kept by the gate: " << kept << " of " << tried << "\n";
    EXPECT_GE(kept, 0.85 * tried);  // measured 92 of 100
}

TEST(PosePrior, ConfidentJointsNeverMove) {
    SKIP_WITHOUT_ADD();
    int changedPoses = 0;
    for (const Pose& truth : addPoses("val")) {
        Pose p = confident(truth);
        // Scatter the arms and legs, unsure: the confident rest must stay where it is.
        for (Kp k : {Kp::LeftWrist, Kp::RightElbow, Kp::LeftAnkle}) p[k].x += 500, p[k].score = 0.1f;
        const Pose fixed = applyPosePrior(trainPrior(), p, {.fixSwaps = false});
        for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
            if (p.kp[i].score >= PosePriorOptions{}.minScore) {
                EXPECT_EQ(fixed.kp[i], p.kp[i]) << kKeypointNames[i];
            }
        }
        changedPoses += !(fixed == p);
    }
    EXPECT_EQ(changedPoses, 100);
}

TEST(PosePrior, TooFewConfidentJointsLeaveThePoseAsItWas) {
    SKIP_WITHOUT_ADD();
    Pose p = confident(addPoses("val").front());
    for (auto& k : p.kp) k.score = 0.1f;
    for (Kp k : {Kp::Nose, Kp::LeftShoulder, Kp::RightShoulder, Kp::LeftHip}) p[k].score = 0.9f;  // 4 < 5
    p[Kp::LeftWrist].x += 1000;
    EXPECT_EQ(applyPosePrior(trainPrior(), p), p);
}

TEST(PosePrior, ImplausiblyLongLimbIsDistrustedAndFilled) {
    SKIP_WITHOUT_ADD();
    const Pose truth = confident(addPoses("val")[3]);
    Pose p = truth;
    p[Kp::RightAnkle].y += static_cast<float>(4 * spread(truth));  // a shin no ADD pose has
    p[Kp::RightAnkle].score = 0.8f;                                // and confident
    deriveMidpoints(p);
    const Pose fixed = applyPosePrior(trainPrior(), p, {.fixSwaps = false});
    EXPECT_LT(distance(fixed[Kp::RightAnkle], truth[Kp::RightAnkle]), 0.5 * spread(truth));
    EXPECT_EQ(fixed[Kp::RightKnee], p[Kp::RightKnee]);  // the more confident endpoint stays
    EXPECT_EQ(applyPosePrior(trainPrior(), p, {.fixSwaps = false, .checkLimbs = false}), p);  // not without the check
}

TEST(PosePrior, TooFewPosesToFitIsAnError) {
    SKIP_WITHOUT_ADD();
    std::vector<Pose> few = addPoses("val");
    few.resize(20);  // 40 with mirrors, fewer than the 52 needed
    EXPECT_THROW(fitPosePrior(few), std::invalid_argument);
}

TEST(PosePrior, MissingOrCorruptPriorFilesGiveClearErrors) {
    const auto expectError = [](const std::filesystem::path& file, const std::string& words) {
        try {
            readPosePrior(file);
            ADD_FAILURE() << "no error for " << file;
        } catch (const PosePriorError& e) {
            EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
        }
    };
    expectError(test::freshTempDir() / "absent.json", "no such pose prior file");
    expectError(writeText("cut.json", "{\"format\": \"refpose-pose-pr"), "not valid JSON");
    expectError(writeText("other.json", "{\"format\": \"coco\"}"), "\"format\"");
    nlohmann::json j = {{"format", "refpose-pose-prior"}, {"version", 1}};
    for (Kp k : kPriorJoints) j["joints"].push_back(kKeypointNames[idx(k)]);
    j["mean"] = std::vector<double>(kPriorDims, 0.0);
    expectError(writeText("short.json", j.dump()), "\"covariance\"");
    j["covariance"] = std::vector<std::vector<double>>(kPriorDims, std::vector<double>(kPriorDims, 0.0));
    expectError(writeText("singular.json", j.dump()), "not positive definite");
    j["mean"] = std::vector<double>(3, 0.0);
    expectError(writeText("mean.json", j.dump()), "\"mean\" must hold 26 numbers");
}

TEST(PosePrior, EstimatorWithAMissingPriorFailsToOpen) {
    REFPOSE_SKIP_UNLESS_EXISTS(test::modelsDir() / "movenet-lightning.json");
    EstimatorOptions options;
    options.posePrior = test::freshTempDir() / "absent-prior.json";
    EXPECT_THROW(PoseEstimator::open(test::modelsDir() / "movenet-lightning.json", options), PosePriorError);
}

}  // namespace
}  // namespace refpose
