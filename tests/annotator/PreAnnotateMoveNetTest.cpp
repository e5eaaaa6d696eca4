// Pre-annotation with the real MoveNet Thunder model on a real illustration (data beside the
// project): the estimator runs in the worker, the pose lands on the character.
#include "AnnotationDocument.h"
#include "AnnotatorTestSupport.h"
#include "AnnotatorView.h"
#include "TestPaths.h"

#include <QSignalSpy>

#include <gtest/gtest.h>

#include <algorithm>

namespace refpose::annotator {
namespace {

constexpr char kImage[] = "002.png";    // a full-body frontal character
constexpr double kMinBoxOverlap = 0.5;  // IoU of the estimated and the labelled box

double iou(const Box& a, const Box& b) {
    const double x0 = std::max(a.x, b.x), y0 = std::max(a.y, b.y);
    const double x1 = std::min(a.x + a.w, b.x + b.w), y1 = std::min(a.y + a.h, b.y + b.h);
    const double inter = std::max(0.0, x1 - x0) * std::max(0.0, y1 - y0);
    return inter / (double(a.w) * a.h + double(b.w) * b.h - inter);
}

TEST(PreAnnotateMoveNet, LandsOnTheCharacterOfARealIllustration) {
    const auto model = test::modelsDir() / "movenet-thunder.json";
    const auto shared = test::sharedDir() / "illustrations-dev";
    REFPOSE_SKIP_UNLESS_EXISTS(model);
    REFPOSE_SKIP_UNLESS_EXISTS(shared / "images" / kImage);
    const std::shared_ptr<PoseEstimator> estimator = PoseEstimator::open(model);  // a ModelError fails the test
    test::ensureApp();
    const auto dir = test::freshTempDir();
    std::filesystem::copy_file(shared / "images" / kImage, dir / kImage);
    AnnotatorView view;
    view.setEstimatorFactory([estimator] { return estimator; });
    QString error;
    ASSERT_TRUE(view.openFolder(QString::fromStdString(dir.string()), {}, &error)) << error.toStdString();
    view.resize(1200, 800);
    view.show();
    QSignalSpy done(view.preAnnotator(), &PreAnnotator::finished);
    view.preAnnotateCurrent();
    ASSERT_TRUE(done.wait(120000));
    ASSERT_EQ(done.at(0).at(0).toInt(), 1) << view.statusText().toStdString();

    const CocoDataset truth = readCoco(shared / "annotations.json");
    const auto img =
        std::find_if(truth.images.begin(), truth.images.end(), [](auto& i) { return i.fileName == kImage; });
    ASSERT_NE(img, truth.images.end());
    const auto ann =
        std::find_if(truth.annotations.begin(), truth.annotations.end(), [&](auto& a) { return a.imageId == img->id; });
    ASSERT_NE(ann, truth.annotations.end());
    const Pose got = readCoco(dir / "annotations.json").annotations.at(0).pose;
    EXPECT_EQ(countLabelled(got, kNumCocoKeypoints), int(kNumCocoKeypoints));
    EXPECT_GT(iou(got.box, ann->pose.box), kMinBoxOverlap);
    EXPECT_LE(got.box.y + got.box.h, float(img->height));  // the box stays inside the image
    ASSERT_TRUE(
        view.grab().save(QString::fromStdString((test::binaryDir() / "annotator-movenet.png").string()), "PNG"));
}

}  // namespace
}  // namespace refpose::annotator
