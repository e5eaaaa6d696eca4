// The paper's metrics on hand-computed cases. Ground truth: a frontal figure in a 100x100 box,
// so normalised distances are pixels / 100 and the OKS scale s = sqrt(w h) / max(w, h) = 1.
#include "metrics/PoseMetrics.h"

#include <gtest/gtest.h>

using namespace refpose;

namespace {

Pose groundTruth() {
    Pose p;
    p.box = {0, 0, 100, 100};
    const std::pair<Kp, std::pair<float, float>> points[] = {
        {Kp::Nose, {50, 20}},          {Kp::LeftEye, {55, 15}},    {Kp::RightEye, {45, 15}},
        {Kp::LeftEar, {60, 18}},       {Kp::RightEar, {40, 18}},   {Kp::LeftShoulder, {60, 40}},
        {Kp::RightShoulder, {40, 40}}, {Kp::LeftElbow, {70, 55}},  {Kp::RightElbow, {30, 55}},
        {Kp::LeftWrist, {75, 70}},     {Kp::RightWrist, {25, 70}}, {Kp::LeftHip, {57, 65}},
        {Kp::RightHip, {43, 65}},      {Kp::LeftKnee, {58, 80}},   {Kp::RightKnee, {42, 80}},
        {Kp::LeftAnkle, {58, 95}},     {Kp::RightAnkle, {42, 95}},
    };
    for (const auto& [k, xy] : points) p[k] = {xy.first, xy.second, 1.f, Visibility::Visible};
    deriveMidpoints(p);
    return p;
}

Pose shifted(const Pose& p, float dx) {
    Pose q = p;
    for (auto& k : q.kp) k.x += dx;
    return q;
}

double overall(const EvaluationReport& r, Metric m) { return r[m].overall.rate(); }
double group(const EvaluationReport& r, Metric m, KpGroup g) {
    return r[m].perGroup[static_cast<std::size_t>(g)].rate();
}

}  // namespace

TEST(PoseMetrics, IdenticalPredictionScoresOne) {
    const Pose gt = groundTruth();
    const EvaluationReport r = evaluate({{&gt, &gt}});
    for (Metric m : {Metric::OksLow, Metric::OksHigh, Metric::Pckh, Metric::Pdj, Metric::Pcpm})
        EXPECT_DOUBLE_EQ(overall(r, m), 1.0);
    EXPECT_EQ(r[Metric::OksLow].overall.total, 17);
    EXPECT_EQ(r[Metric::Pcpm].overall.total, 14);
}

TEST(PoseMetrics, KnownDisplacementGivesAnalyticValues) {
    // Every point 8 px (0.08 normalised) off: ks = exp(-0.0064 / (2 sigma^2)).
    // shoulders .599, elbows .539, wrists .435, hips .756, knees .655, ankles .668, head < .1.
    const Pose gt = groundTruth();
    const Pose pred = shifted(gt, 8);
    const EvaluationReport r = evaluate({{&gt, &pred}});
    EXPECT_DOUBLE_EQ(overall(r, Metric::OksLow), 10.0 / 17);  // shoulders, elbows, hips, knees, ankles
    EXPECT_DOUBLE_EQ(overall(r, Metric::OksHigh), 2.0 / 17);  // hips only
    EXPECT_DOUBLE_EQ(group(r, Metric::OksLow, KpGroup::Wrists), 0.0);
    EXPECT_DOUBLE_EQ(group(r, Metric::OksLow, KpGroup::Elbows), 1.0);
    EXPECT_DOUBLE_EQ(group(r, Metric::OksHigh, KpGroup::Hips), 1.0);
    EXPECT_DOUBLE_EQ(group(r, Metric::OksHigh, KpGroup::Knees), 0.0);
    // PCKh@0.5: head = |nose - shoulder centre| = 20 px, limit 10 px: all correct.
    EXPECT_DOUBLE_EQ(overall(r, Metric::Pckh), 1.0);
    // PDJ@0.2: |left hip - right shoulder| = 30.2 px, limit 6.05 px: all wrong.
    EXPECT_DOUBLE_EQ(overall(r, Metric::Pdj), 0.0);
    // PCPm@0.5 over the reference implementation's 14 parts: a part is correct when half its
    // length >= 8 px: the upper arms (18.0) and the shoulder line (20); not the forearms (15.8),
    // thighs (15.0), shins (15), the hip line (14), eye-nose (7.1) or ear-eye (5.8). 3 of 14.
    EXPECT_DOUBLE_EQ(overall(r, Metric::Pcpm), 3.0 / 14);
    // Per group: the parts with an end in it. Shoulders: upper arms and the shoulder line (all
    // correct; the torso sides are not parts). Elbows: upper arms (correct) and forearms (wrong).
    EXPECT_DOUBLE_EQ(group(r, Metric::Pcpm, KpGroup::Shoulders), 1.0);
    EXPECT_EQ(r[Metric::Pcpm].perGroup[static_cast<std::size_t>(KpGroup::Shoulders)].total, 3);
    EXPECT_EQ(r[Metric::Pcpm].perGroup[static_cast<std::size_t>(KpGroup::Ears)].total, 2);
    EXPECT_DOUBLE_EQ(group(r, Metric::Pcpm, KpGroup::Elbows), 0.5);
}

TEST(PoseMetrics, SmallerShiftCrossesThresholdsAsExpected) {
    // 5 px: PDJ limit 6.05 px -> all correct; nose ks = exp(-.0025/.001352) = .157 -> wrong.
    const Pose gt = groundTruth();
    const Pose pred = shifted(gt, 5);
    const EvaluationReport r = evaluate({{&gt, &pred}});
    EXPECT_DOUBLE_EQ(overall(r, Metric::Pdj), 1.0);
    EXPECT_DOUBLE_EQ(group(r, Metric::OksLow, KpGroup::Nose), 0.0);
    EXPECT_DOUBLE_EQ(group(r, Metric::OksLow, KpGroup::Wrists), 1.0);  // exp(-.0025/.007688) = .72
}

TEST(PoseMetrics, UnlabelledPointsAreIgnored) {
    Pose gt = groundTruth();
    gt[Kp::LeftEar].v = Visibility::Unlabelled;
    gt[Kp::RightEar].v = Visibility::Unlabelled;
    Pose pred = gt;
    pred[Kp::LeftEar].x = 999;  // wrong, but not labelled in the ground truth
    const EvaluationReport r = evaluate({{&gt, &pred}});
    EXPECT_DOUBLE_EQ(overall(r, Metric::OksHigh), 1.0);
    EXPECT_EQ(r[Metric::OksHigh].overall.total, 15);
    EXPECT_TRUE(r[Metric::OksHigh].perGroup[static_cast<std::size_t>(KpGroup::Ears)].empty());
}

TEST(PoseMetrics, ScaleIsTheLongestSideOfTheBox) {
    // Doubling every coordinate and the box leaves normalised errors unchanged.
    Pose gt = groundTruth(), big = gt;
    for (auto& k : big.kp) {
        k.x *= 2;
        k.y *= 2;
    }
    big.box = {0, 0, 200, 200};
    const Pose pred = shifted(gt, 8), bigPred = shifted(big, 16);
    const EvaluationReport a = evaluate({{&gt, &pred}}), b = evaluate({{&big, &bigPred}});
    for (std::size_t m = 0; m < kNumMetrics; ++m)
        EXPECT_DOUBLE_EQ(a.metrics[m].overall.rate(), b.metrics[m].overall.rate());
}

TEST(PoseMetrics, MissingPredictionCountsAsWrong) {
    const Pose gt = groundTruth();
    const EvaluationReport r = evaluate({{&gt, &gt}, {&gt, nullptr}});
    EXPECT_DOUBLE_EQ(overall(r, Metric::OksLow), 0.5);
    EXPECT_EQ(r.unmatchedPoses, 1);
}

TEST(PoseMetrics, PairsByAnnotationIdThenImage) {
    CocoDataset gt, pred;
    gt.images = {{1, "a.png", 100, 100}, {2, "b.png", 100, 100}};
    pred.images = gt.images;
    gt.annotations = {{.id = 10, .imageId = 1, .pose = groundTruth()}, {.id = 11, .imageId = 2, .pose = groundTruth()}};
    pred.annotations = {{.id = 99, .imageId = 2, .pose = shifted(groundTruth(), 8)},
                        {.id = 10, .imageId = 1, .pose = groundTruth()}};
    const auto pairs = pairByImage(gt, pred);
    ASSERT_EQ(pairs.size(), 2u);
    EXPECT_EQ(pairs[0].prediction, &pred.annotations[1].pose);
    EXPECT_EQ(pairs[1].prediction, &pred.annotations[0].pose);
}

TEST(PoseMetrics, ReportLayoutNamesEveryMetricAndGroup) {
    const Pose gt = groundTruth();
    const EvaluationReport r = evaluate({{&gt, &gt}});
    const std::string text = formatReport(r);
    for (const char* s : {"OKS@50", "OKS@75", "PCKh@50", "PDJ@20", "PCPm@50", "shoulders", "ankles", "1.0000"})
        EXPECT_NE(text.find(s), std::string::npos) << s;
    const auto j = reportToJson(r);
    EXPECT_DOUBLE_EQ(j["overall"]["PCKh@50"].get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(j["groups"]["wrists"]["OKS@75"].get<double>(), 1.0);
}
