#include "estimate/CharacterSegmenter.h"

#include "estimate/PoseEstimator.h"
#include "model/TfjsGraph.h"
#include "model/TfjsWeights.h"
#include "util/FileHash.h"

#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <mutex>

namespace refpose {

std::optional<Box> largestRegionBox(const cv::Mat& mask, float threshold) {
    if (mask.empty() || mask.type() != CV_32F) throw std::invalid_argument("largestRegionBox: the mask must be CV_32F");
    cv::Mat above = mask > threshold;
    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(above, labels, stats, centroids, 8, CV_32S);
    int largest = 0;  // label 0 is the background
    for (int label = 1; label < count; ++label)
        if (largest == 0 || stats.at<int>(label, cv::CC_STAT_AREA) > stats.at<int>(largest, cv::CC_STAT_AREA))
            largest = label;
    if (largest == 0) return std::nullopt;
    return Box{static_cast<float>(stats.at<int>(largest, cv::CC_STAT_LEFT)),
               static_cast<float>(stats.at<int>(largest, cv::CC_STAT_TOP)),
               static_cast<float>(stats.at<int>(largest, cv::CC_STAT_WIDTH)),
               static_cast<float>(stats.at<int>(largest, cv::CC_STAT_HEIGHT))};
}

struct CharacterSegmenter::Impl {
    Impl(TfjsGraph g, torch::Device d) : graph(std::move(g)), device(d) {}
    TfjsGraph graph;
    torch::Device device;
    std::string input, output;
    int width = 0, height = 0;
    std::mutex mutex;  // never two threads in the graph at once
};

CharacterSegmenter::CharacterSegmenter(const std::filesystem::path& modelJson, const torch::Device& device) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(modelJson, ec))
        throw ModelError(modelJson.string() +
                         ": no such segmentation model file (scripts/fetch-models.sh fetches selfie.json)");
    impl_ = std::make_unique<Impl>(TfjsGraph::load(modelJson), device);
    const auto inputs = impl_->graph.inputNames();
    const auto outputs = impl_->graph.outputNames();
    if (inputs.size() != 1 || outputs.size() != 1)
        throw ModelError(modelJson.string() + ": not a segmentation model (needs one input and one output)");
    const auto shape = impl_->graph.inputShape(inputs[0]);
    if (shape.size() != 4 || shape[1] <= 0 || shape[2] <= 0 || shape[3] != 3)
        throw ModelError(modelJson.string() + ": the segmentation model's input is not one fixed-size RGB image");
    impl_->input = inputs[0];
    impl_->output = outputs[0];
    impl_->height = static_cast<int>(shape[1]);
    impl_->width = static_cast<int>(shape[2]);
    impl_->graph.to(device);
    id_ = modelJson.stem().string() + "@" + shortHashOfFiles(tfjsModelFiles(modelJson));
}

CharacterSegmenter::~CharacterSegmenter() = default;

cv::Mat CharacterSegmenter::mask(const cv::Mat& bgr) {
    if (bgr.empty() || bgr.type() != CV_8UC3) throw std::invalid_argument("segment: the image must be 8-bit BGR");
    const Impl& m = *impl_;
    cv::Mat resized, rgb;
    // Area averaging when shrinking (no aliasing), bilinear when enlarging.
    const bool shrinking = bgr.cols > m.width || bgr.rows > m.height;
    cv::resize(bgr, resized, cv::Size(m.width, m.height), 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);
    rgb.convertTo(rgb, CV_32FC3, 1.0 / 255);  // the model reads RGB in [0, 1]
    torch::InferenceMode inference;
    const torch::Tensor input = torch::from_blob(rgb.data, {1, m.height, m.width, 3}, torch::kFloat32).to(m.device);
    torch::Tensor out;
    {
        std::lock_guard lock(impl_->mutex);
        out = m.graph.run({{m.input, input}}, {m.output}).at(m.output);
    }
    out = out.to(torch::kCPU, torch::kFloat32).contiguous();
    if (out.numel() != static_cast<int64_t>(m.width) * m.height)
        throw ModelError("segmenter " + id_ + ": the output is not one mask of the input's size");
    return cv::Mat(m.height, m.width, CV_32F, out.data_ptr<float>()).clone();
}

std::optional<Box> CharacterSegmenter::characterBox(const cv::Mat& bgr) {
    const cv::Mat m = mask(bgr);
    const std::optional<Box> cells = largestRegionBox(m);
    if (!cells) return std::nullopt;
    // Mask pixel j covers the image's [j, j+1) * cols / width (the image was stretched).
    const float sx = static_cast<float>(bgr.cols) / m.cols, sy = static_cast<float>(bgr.rows) / m.rows;
    return Box{cells->x * sx, cells->y * sy, cells->w * sx, cells->h * sy};
}

}  // namespace refpose
