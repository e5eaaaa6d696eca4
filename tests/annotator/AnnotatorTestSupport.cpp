#include "AnnotatorTestSupport.h"

#include "TestPaths.h"

#include <QApplication>
#include <QSettings>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace refpose::test {

void ensureApp() {
    static int argc = 1;
    static char name[] = "refpose_annotator_tests";
    static char* argv[] = {name, nullptr};
    // Never destroyed: destroying a QApplication during static destruction, after Qt's own
    // globals are gone, crashes at exit.
    static QApplication* app = [] {
        auto* a = new QApplication(argc, argv);
        // The annotator remembers its last folder in QSettings: keep the tests' out of the user's.
        const QString settings = QString::fromStdString(freshTempDir().string());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings);
        return a;
    }();
    (void)app;
}

Pose figurePose(int w, int h) {
    Pose p;
    // Fractions of the image: a frontal figure (character's left on the image's right).
    auto set = [&](Kp k, double fx, double fy) { p[k] = {float(fx * w), float(fy * h), 1.f, Visibility::Visible}; };
    set(Kp::Nose, .50, .12);
    set(Kp::LeftEye, .54, .10);
    set(Kp::RightEye, .46, .10);
    set(Kp::LeftEar, .58, .11);
    set(Kp::RightEar, .42, .11);
    set(Kp::LeftShoulder, .64, .25);
    set(Kp::RightShoulder, .36, .25);
    set(Kp::LeftElbow, .72, .38);
    set(Kp::RightElbow, .28, .38);
    set(Kp::LeftWrist, .78, .50);
    set(Kp::RightWrist, .22, .50);
    set(Kp::LeftHip, .58, .55);
    set(Kp::RightHip, .42, .55);
    set(Kp::LeftKnee, .60, .72);
    set(Kp::RightKnee, .40, .72);
    set(Kp::LeftAnkle, .62, .90);
    set(Kp::RightAnkle, .38, .90);
    deriveMidpoints(p);
    p.box = boxAroundKeypoints(p, 0.1f);
    return p;
}

std::vector<std::filesystem::path> writeFigureImages(const std::filesystem::path& dir, int count, int w, int h) {
    std::vector<std::filesystem::path> out;
    const Pose p = figurePose(w, h);
    for (int i = 0; i < count; ++i) {
        cv::Mat img(h, w, CV_8UC3, cv::Scalar(255, 255, 255));
        for (const Edge& e : kSkeletonEdges)
            cv::line(img, cv::Point2f(p[e.a].x, p[e.a].y), cv::Point2f(p[e.b].x, p[e.b].y), cv::Scalar(60, 60, 60), 3);
        cv::circle(img, cv::Point2f(p[Kp::Nose].x, p[Kp::Nose].y), w / 12, cv::Scalar(40, 40, 40), 2);
        out.push_back(dir / ("img" + std::to_string(i) + ".png"));
        cv::imwrite(out.back().string(), img);
    }
    return out;
}

PoseEstimate figureEstimate(const cv::Mat& bgr) {
    PoseEstimate e;
    e.pose = figurePose(bgr.cols, bgr.rows);
    for (auto& k : e.pose.kp) k.score = kFigureHighScore;
    e.pose[Kp::LeftWrist].score = kFigureLowScore;
    e.pose.box.h = float(bgr.rows) - e.pose.box.y + 50.f;
    e.score = kFigureHighScore;
    return e;
}

std::shared_ptr<FakePoseEstimator> makeFigureEstimator(bool holdFirstCall) {
    auto estimator = std::make_shared<FakePoseEstimator>(figureEstimate);
    if (holdFirstCall) estimator->holdFirstCall();
    return estimator;
}

}  // namespace refpose::test
