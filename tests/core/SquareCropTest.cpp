// Square crops: where they lie, and that cropToRgb puts every image pixel where
// SquareCrop::imageX/imageY say it is, whether it shrinks by blocks first, shrinks or enlarges.
#include "estimate/SquareCrop.h"

#include <opencv2/imgproc.hpp>

#include <gtest/gtest.h>

namespace refpose {
namespace {

// A black image with a white square of side 2 * half centred on (cx, cy).
cv::Mat imageWithSquare(int width, int height, int cx, int cy, int half) {
    cv::Mat image(height, width, CV_8UC3, cv::Scalar::all(0));
    cv::rectangle(image, cv::Rect(cx - half, cy - half, 2 * half, 2 * half), cv::Scalar::all(255), cv::FILLED);
    return image;
}

// The brightness-weighted centre of the crop's pixels, mapped back to image pixels.
cv::Point2f centreInImage(const cv::Mat& rgb, const SquareCrop& crop) {
    cv::Mat grey;
    cv::cvtColor(rgb, grey, cv::COLOR_RGB2GRAY);
    const cv::Moments m = cv::moments(grey);
    // Output pixel j covers the crop's fractions [j, j+1) / size: its centre is (j + 0.5) / size.
    const float u = static_cast<float>(m.m10 / m.m00 + 0.5) / rgb.cols,
                v = static_cast<float>(m.m01 / m.m00 + 0.5) / rgb.rows;
    return {crop.imageX(u), crop.imageY(v)};
}

TEST(SquareCrop, LetterboxCentresTheImageInASquareWhoseSideIsAMultipleOfEight) {
    const SquareCrop tall = letterboxCrop(704, 1216);
    EXPECT_EQ(tall.side, 1216);
    EXPECT_EQ(tall.x0, -256);
    EXPECT_EQ(tall.y0, 0);
    const SquareCrop wide = letterboxCrop(501, 300);  // 501 -> 504
    EXPECT_EQ(wide.side, 504);
    EXPECT_NEAR(wide.x0, -1.5f, 0.51f);
    EXPECT_NEAR(wide.y0, -102.f, 0.51f);
}

TEST(SquareCrop, CropAroundABoxIsCentredPaddedAndWhole) {
    const Box box{100, 50, 200, 400};
    const SquareCrop crop = cropAroundBox(box, 0.25f, 10);
    EXPECT_GE(crop.side, 600);
    EXPECT_LT(crop.side, 608);
    EXPECT_EQ(static_cast<int>(crop.side) % 8, 0);
    EXPECT_NEAR(crop.x0 + crop.side / 2, 200, 0.5f);
    EXPECT_NEAR(crop.y0 + crop.side / 2, 250, 0.5f);
    EXPECT_EQ(crop.x0, std::round(crop.x0));
    EXPECT_EQ(cropAroundBox(box, 0.25f, 900).side, 904);  // the minimum side wins, rounded up
}

TEST(SquareCrop, PixelsLandWhereTheCropMapsThem) {
    struct Case {
        int width, height, cx, cy, half;
        bool letterbox;
        SquareCrop crop;
        int size;
    };
    const Case cases[] = {
        {704, 1216, 300, 900, 12, true, {}, 192},               // shrinks by 4x4 blocks first, then by area
        {1000, 700, 620, 333, 10, true, {}, 256},               // 2x2 blocks first
        {640, 480, 100, 80, 6, false, {-150, -120, 440}, 256},  // leaves the image (black) and shrinks
        {640, 480, 400, 200, 3, false, {330, 130, 144}, 256},   // enlarges (bilinear)
    };
    for (const Case& c : cases) {
        const cv::Mat image = imageWithSquare(c.width, c.height, c.cx, c.cy, c.half);
        const SquareCrop crop = c.letterbox ? letterboxCrop(c.width, c.height) : c.crop;
        const cv::Mat rgb = cropToRgb(image, crop, c.size);
        ASSERT_EQ(rgb.size(), cv::Size(c.size, c.size));
        ASSERT_EQ(rgb.type(), CV_8UC3);
        const cv::Point2f centre = centreInImage(rgb, crop);
        // One output pixel spans side/size image pixels; the centre is found far more precisely.
        const float tolerance = 0.25f * std::max(1.f, crop.side / c.size);
        EXPECT_NEAR(centre.x, c.cx, tolerance) << c.width << "x" << c.height << " to " << c.size;
        EXPECT_NEAR(centre.y, c.cy, tolerance) << c.width << "x" << c.height << " to " << c.size;
    }
}

TEST(SquareCrop, OutsideTheImageIsBlackAndColoursAreRgb) {
    cv::Mat blue(100, 100, CV_8UC3, cv::Scalar(255, 0, 0));  // BGR
    const cv::Mat rgb = cropToRgb(blue, {-100, 0, 200}, 64);
    // Output pixel (row, col) covers the image from (col * 200/64 - 100, row * 200/64).
    EXPECT_EQ(rgb.at<cv::Vec3b>(10, 10), cv::Vec3b(0, 0, 0)) << "left of the image";
    EXPECT_EQ(rgb.at<cv::Vec3b>(50, 50), cv::Vec3b(0, 0, 0)) << "below the image";
    EXPECT_EQ(rgb.at<cv::Vec3b>(10, 50), cv::Vec3b(0, 0, 255)) << "inside: blue in RGB order";
}

TEST(SquareCrop, ShrinkingByBlocksFirstMatchesOneAreaResampling) {
    // A detailed image (a rendered-like pattern of shapes and gradients): the block pre-shrink
    // changes the filter slightly, never the geometry.
    cv::Mat image(1216, 704, CV_8UC3);
    for (int y = 0; y < image.rows; ++y)
        for (int x = 0; x < image.cols; ++x)
            image.at<cv::Vec3b>(y, x) =
                cv::Vec3b(x * 255 / image.cols, y * 255 / image.rows, ((x / 37 + y / 53) % 2) * 200);
    cv::circle(image, {350, 600}, 150, cv::Scalar(20, 240, 90), cv::FILLED);
    const SquareCrop crop = letterboxCrop(image.cols, image.rows);
    cv::Mat square(1216, 1216, CV_8UC3, cv::Scalar::all(0)), direct;
    image.copyTo(square(cv::Rect(-static_cast<int>(crop.x0), 0, image.cols, image.rows)));
    cv::resize(square, direct, cv::Size(192, 192), 0, 0, cv::INTER_AREA);
    cv::cvtColor(direct, direct, cv::COLOR_BGR2RGB);
    cv::Mat diff;
    cv::absdiff(cropToRgb(image, crop, 192), direct, diff);
    const cv::Scalar mean = cv::mean(diff);
    EXPECT_LT((mean[0] + mean[1] + mean[2]) / 3, 2.0) << "mean absolute difference in grey levels";
}

}  // namespace
}  // namespace refpose
