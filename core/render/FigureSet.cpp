#include "render/FigureSet.h"

#include "util/AtomicFile.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <string_view>
#include <system_error>

namespace refpose {

std::vector<unsigned char> encodePng(const cv::Mat& image) {
    std::vector<unsigned char> bytes;
    if (!cv::imencode(".png", image, bytes)) throw FileWriteError("cannot encode a PNG image");
    return bytes;
}

CocoDataset writeFigureSet(const std::vector<FigureRequest>& requests, const std::filesystem::path& folder) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw FileWriteError(folder.string() + ": cannot create the folder (" + ec.message() + ")");
    CocoDataset data;
    data.categories = {defaultPersonCategory()};
    data.extra["info"] = {{"description", "Figures rendered by RefPose (exact keypoints, no third-party images)"},
                          {"version", REFPOSE_VERSION}};
    std::int64_t id = 0;
    for (const FigureRequest& r : requests) {
        ++id;
        const RenderedFigure fig = renderFigure(r.pose, r.style);
        const auto png = encodePng(fig.image);
        writeFileAtomically(folder / r.fileName,
                            std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
        CocoImage image{id, r.fileName, fig.image.cols, fig.image.rows, nlohmann::json::object()};
        image.extra["pose_name"] = r.poseName;
        image.extra["look"] = fig.description;
        image.extra["seed"] = r.style.seed;
        data.images.push_back(std::move(image));
        CocoAnnotation a;
        a.id = id;
        a.imageId = id;
        a.pose = fig.pose;
        a.area = cv::countNonZero(fig.alpha);
        data.annotations.push_back(std::move(a));
    }
    writeCoco(data, folder / kFigureSetCocoName);
    return data;
}

}  // namespace refpose
