// refpose-cli estimate IMG... [--model thunder|lightning|PATH] [--box-model M] [--json OUT|-] [--draw OUT.png]
//   [--pose-prior FILE|default|off] [--box pose|segmenter]:
// each image's character pose (25 named points with scores, and the box).
#include "Commands.h"
#include "BoxSourceCliSupport.h"
#include "PosePriorCliSupport.h"
#include "SearchCliSupport.h"

#include "estimate/PoseEstimator.h"
#include "image/ImageLoader.h"
#include "util/AtomicFile.h"
#include "util/ErrorText.h"
#include "util/SafeJson.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>

namespace refpose::cli {
namespace {

constexpr float kDrawMinScore = 0.2f;  // points less confident than this are not drawn
constexpr double kLineShare = 0.006;   // skeleton line width, as a share of the image's longest side

nlohmann::json poseJson(const std::string& image, const PoseEstimate& e) {
    nlohmann::json points = nlohmann::json::array();
    for (std::size_t i = 0; i < kNumKeypoints; ++i)
        points.push_back(
            {{"name", kKeypointNames[i]}, {"x", e.pose.kp[i].x}, {"y", e.pose.kp[i].y}, {"score", e.pose.kp[i].score}});
    const Box& b = e.pose.box;
    return {{"image", image}, {"score", e.score}, {"box", {b.x, b.y, b.w, b.h}}, {"keypoints", points}};
}

cv::Scalar bgr(Rgb c) { return cv::Scalar(c.b, c.g, c.r); }

void drawPose(cv::Mat& image, const Pose& pose) {
    const int width = std::max(2, static_cast<int>(kLineShare * std::max(image.cols, image.rows)));
    const auto at = [&](Kp k) { return cv::Point2f(pose[k].x, pose[k].y); };
    for (const Edge& e : kSkeletonEdges)
        if (pose[e.a].score >= kDrawMinScore && pose[e.b].score >= kDrawMinScore)
            cv::line(image, at(e.a), at(e.b), bgr(edgeColour(e)), width, cv::LINE_AA);
    for (std::size_t i = 0; i < kNumKeypoints; ++i)
        if (pose.kp[i].score >= kDrawMinScore)
            cv::circle(image, cv::Point2f(pose.kp[i].x, pose.kp[i].y), width + 1, bgr(colourOf(kKeypointSide[i])),
                       cv::FILLED, cv::LINE_AA);
}

// OUT.png for one image; OUT-<k>.png (k = position in the argument list) for several.
std::filesystem::path drawPath(const std::filesystem::path& out, std::size_t k, std::size_t count) {
    if (count == 1) return out;
    std::filesystem::path p = out;
    p.replace_filename(out.stem().string() + "-" + std::to_string(k) + out.extension().string());
    return p;
}

void writeDrawing(const cv::Mat& image, const Pose& pose, const std::filesystem::path& file) {
    cv::Mat canvas = image.clone();
    drawPose(canvas, pose);
    std::vector<uchar> bytes;
    const std::string ext = file.extension().empty() ? ".png" : file.extension().string();
    if (!cv::imencode(ext, canvas, bytes)) throw std::runtime_error(file.string() + ": cannot encode the drawing");
    writeFileAtomically(file, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

void printText(const std::string& image, const PoseEstimate& e) {
    const Box& b = e.pose.box;
    std::cout << image << ": score " << e.score << ", box " << b.x << " " << b.y << " " << b.w << " " << b.h << "\n";
    for (std::size_t i = 0; i < kNumKeypoints; ++i)
        std::cout << "  " << kKeypointNames[i] << " " << e.pose.kp[i].x << " " << e.pose.kp[i].y << " "
                  << e.pose.kp[i].score << "\n";
}

// Each image's refusal by checkImageFile ("" for the usable ones). Checked before the model is
// loaded, so that a run whose images are all unusable is refused at once, without the seconds
// (and the model file) that loading the model takes.
std::vector<std::string> refusedImages(const std::vector<std::string>& images) {
    std::vector<std::string> refusals(images.size());
    for (std::size_t k = 0; k < images.size(); ++k) {
        try {
            checkImageFile(images[k]);
        } catch (const ImageError& error) {
            refusals[k] = error.what();
        }
    }
    return refusals;
}

}  // namespace

void addEstimateCommand(CLI::App& app) {
    struct Args {
        std::vector<std::string> images;
        std::string model = kDefaultEstimateModel, boxModel, json, draw;
        int threads = 0;
        PosePriorArgs prior;
        BoxSourceArgs box;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("estimate", "Estimate the pose of the character in each image (25 keypoints)");
    cmd->add_option("images", args->images, "image files")->required();
    cmd->add_option("--model", args->model, "illustrated, thunder, lightning or a model file")->capture_default_str();
    cmd->add_option("--json", args->json, "write the poses as JSON to this file ('-' = standard output)");
    cmd->add_option("--draw", args->draw, "draw the skeleton onto the image into this file (OUT-<k>.png for several)");
    cmd->add_option("--box-model", args->boxModel,
                    "model of the first, whole-image pass that finds the character: thunder, lightning or a "
                    "model file (default: lightning when it lies beside the model, else the model itself)");
    cmd->add_option("--threads", args->threads, "CPU threads per image (0 = every core)");
    addPosePriorOptions(cmd, args->prior);
    addBoxSourceOptions(cmd, args->box);
    cmd->callback([args] {
        EstimatorOptions options{.intraOpThreads = args->threads,
                                 .boxModel = args->boxModel.empty() ? "" : resolveModel(args->boxModel)};
        applyPosePriorArgs(args->prior, options);
        applyBoxSourceArgs(args->box, options);
        const std::vector<std::string> refusals = refusedImages(args->images);
        const bool anyUsable = std::ranges::any_of(refusals, [](const std::string& r) { return r.empty(); });
        const std::unique_ptr<PoseEstimator> estimator =
            anyUsable ? PoseEstimator::open(resolveModel(args->model), options) : nullptr;
        nlohmann::json results = nlohmann::json::array();
        std::size_t failures = 0;
        for (std::size_t k = 0; k < args->images.size(); ++k) {
            const std::string& file = args->images[k];
            try {
                if (!refusals[k].empty()) throw ImageError(refusals[k]);
                const cv::Mat image = loadImage(file);
                const PoseEstimate e = estimator->estimate(image);
                results.push_back(poseJson(file, e));
                if (args->json.empty()) printText(file, e);
                if (!args->draw.empty()) writeDrawing(image, e.pose, drawPath(args->draw, k, args->images.size()));
            } catch (const std::exception& error) {  // report, and go on with the other images
                const std::string message = shortenedErrorText(error.what());
                std::cerr << "refpose-cli estimate: " << message << "\n";
                results.push_back({{"image", file}, {"error", message}});
                ++failures;
            }
        }
        // No usable image: the model was never loaded, so the document names it as given.
        const nlohmann::json doc = {{"model", estimator ? estimator->modelId() : args->model},
                                    {"device", estimator ? nlohmann::json(estimator->deviceName()) : nlohmann::json()},
                                    {"results", results}};
        if (args->json == "-")
            std::cout << dumpJson(doc, 2) << "\n";
        else if (!args->json.empty())
            writeFileAtomically(args->json, dumpJson(doc, 2) + "\n");
        if (failures)
            throw std::runtime_error(std::to_string(failures) + " of " + std::to_string(args->images.size()) +
                                     " images failed");
    });
}

}  // namespace refpose::cli
