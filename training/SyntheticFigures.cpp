#include "SyntheticFigures.h"

#include "dataset/CocoDataset.h"
#include "schema/Pose.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>

namespace refpose::training {
namespace {

// Figure proportions, as shares of the figure's height.
constexpr float kHeadRadius = 0.07f, kTorso = 0.30f, kShoulderHalf = 0.09f, kHipHalf = 0.06f;
constexpr float kUpperArm = 0.16f, kForearm = 0.15f, kThigh = 0.22f, kShin = 0.21f;
// Box margin around the keypoints, share of their extent.
constexpr float kBoxMargin = 0.08f;

struct Drawer {
    std::mt19937_64& rng;
    float angle(float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng); }
};

cv::Point2f polar(cv::Point2f from, float length, float degrees) {
    const float a = degrees * std::numbers::pi_v<float> / 180.f;
    return {from.x + length * std::sin(a), from.y + length * std::cos(a)};
}

void set(Pose& p, Kp k, cv::Point2f q) { p[k] = Keypoint{q.x, q.y, 1.f, Visibility::Visible}; }

Pose randomPose(std::mt19937_64& rng, float side) {
    Drawer d{rng};
    const float h = side * d.angle(0.62f, 0.78f);  // figure height in pixels
    const cv::Point2f neck(side / 2.f + d.angle(-0.08f, 0.08f) * side, side * 0.5f - h * 0.3f);
    const float lean = d.angle(-15.f, 15.f);
    const cv::Point2f pelvis = polar(neck, kTorso * h, lean);
    Pose p;
    const cv::Point2f across(std::cos(lean * std::numbers::pi_v<float> / 180.f), 0.f);
    // The character faces the viewer: its left is on the picture's right.
    set(p, Kp::LeftShoulder, neck + across * (kShoulderHalf * h));
    set(p, Kp::RightShoulder, neck - across * (kShoulderHalf * h));
    set(p, Kp::LeftHip, pelvis + across * (kHipHalf * h));
    set(p, Kp::RightHip, pelvis - across * (kHipHalf * h));
    auto limb = [&](Kp root, Kp mid, Kp end, float l1, float l2, float lo, float hi) {
        const float a1 = d.angle(lo, hi), a2 = a1 + d.angle(-70.f, 70.f);
        const cv::Point2f m = polar({p[root].x, p[root].y}, l1 * h, a1);
        set(p, mid, m);
        set(p, end, polar(m, l2 * h, a2));
    };
    limb(Kp::LeftShoulder, Kp::LeftElbow, Kp::LeftWrist, kUpperArm, kForearm, -10.f, 150.f);
    limb(Kp::RightShoulder, Kp::RightElbow, Kp::RightWrist, kUpperArm, kForearm, -150.f, 10.f);
    limb(Kp::LeftHip, Kp::LeftKnee, Kp::LeftAnkle, kThigh, kShin, -5.f, 40.f);
    limb(Kp::RightHip, Kp::RightKnee, Kp::RightAnkle, kThigh, kShin, -40.f, 5.f);
    const cv::Point2f head = polar(neck, kHeadRadius * h * 1.6f, 180.f + lean);
    const float r = kHeadRadius * h;
    set(p, Kp::Nose, head + cv::Point2f(0, r * 0.25f));
    set(p, Kp::LeftEye, head + cv::Point2f(r * 0.4f, -r * 0.15f));
    set(p, Kp::RightEye, head + cv::Point2f(-r * 0.4f, -r * 0.15f));
    set(p, Kp::LeftEar, head + cv::Point2f(r * 0.95f, 0));
    set(p, Kp::RightEar, head + cv::Point2f(-r * 0.95f, 0));
    deriveMidpoints(p);
    p.box = boxAroundKeypoints(p, kBoxMargin);
    return p;
}

cv::Scalar bgr(Rgb c) { return {double(c.b), double(c.g), double(c.r)}; }

cv::Mat drawFigure(const Pose& p, int side) {
    cv::Mat image(side, side, CV_8UC3, cv::Scalar(255, 255, 255));
    const int thickness = std::max(2, side / 48);
    auto pt = [&](Kp k) { return cv::Point(int(std::lround(p[k].x)), int(std::lround(p[k].y))); };
    for (const auto& e : kSkeletonEdges) {
        if (groupOf(idx(e.a)) <= KpGroup::Ears && groupOf(idx(e.b)) <= KpGroup::Ears) continue;
        if (groupOf(idx(e.a)) <= KpGroup::Ears || groupOf(idx(e.b)) <= KpGroup::Ears) continue;
        cv::line(image, pt(e.a), pt(e.b), bgr(edgeColour(e)), thickness, cv::LINE_AA);
    }
    const float r = std::hypot(p[Kp::LeftEar].x - p[Kp::RightEar].x, p[Kp::LeftEar].y - p[Kp::RightEar].y) / 2.f;
    const cv::Point centre((pt(Kp::LeftEar) + pt(Kp::RightEar)) / 2);
    cv::circle(image, centre, int(r), cv::Scalar(60, 60, 60), thickness, cv::LINE_AA);
    cv::line(image, centre + cv::Point(0, int(r)), (pt(Kp::LeftShoulder) + pt(Kp::RightShoulder)) / 2,
             bgr(kCentreColour), thickness, cv::LINE_AA);
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i)
        cv::circle(image, pt(Kp(i)), thickness, bgr(colourOf(kKeypointSide[i])), cv::FILLED, cv::LINE_AA);
    return image;
}

}  // namespace

std::filesystem::path writeSyntheticFigures(const std::filesystem::path& folder, int count, std::uint64_t seed,
                                            int imageSide) {
    if (count < 1) throw std::invalid_argument("synthetic figures: count must be at least 1");
    std::filesystem::create_directories(folder);
    std::mt19937_64 rng(seed);
    CocoDataset data;
    data.categories.push_back(defaultPersonCategory());
    for (int i = 0; i < count; ++i) {
        const Pose pose = randomPose(rng, float(imageSide));
        const std::string name = "figure_" + std::to_string(i) + ".png";
        const auto file = folder / name;
        if (!cv::imwrite(file.string(), drawFigure(pose, imageSide)))
            throw std::runtime_error(file.string() + ": cannot write the image");
        CocoImage im;
        im.id = i + 1;
        im.fileName = name;
        im.width = im.height = imageSide;
        data.images.push_back(im);
        CocoAnnotation a;
        a.id = i + 1;
        a.imageId = im.id;
        a.pose = pose;
        a.area = double(pose.box.w) * pose.box.h;
        data.annotations.push_back(a);
    }
    const auto coco = folder / "annotations.json";
    writeCoco(data, coco);
    return coco;
}

}  // namespace refpose::training
