#include "overlay/Colormaps.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <QCoreApplication>

namespace pulmo::viewer {
namespace {

std::array<QRgb, 256> build(int openCvMap)
{
    cv::Mat ramp(1, 256, CV_8UC1);
    for (int i = 0; i < 256; ++i) ramp.at<uint8_t>(0, i) = uint8_t(i);
    cv::Mat coloured;
    cv::applyColorMap(ramp, coloured, openCvMap);
    std::array<QRgb, 256> table{};
    for (int i = 0; i < 256; ++i) {
        const cv::Vec3b bgr = coloured.at<cv::Vec3b>(0, i);
        table[size_t(i)] = qRgb(bgr[2], bgr[1], bgr[0]);
    }
    return table;
}

}  // namespace

QString colormapName(Colormap colormap)
{
    switch (colormap) {
        case Colormap::Jet:
            return QCoreApplication::translate("Colormaps", "Jet");
        case Colormap::Inferno:
            return QCoreApplication::translate("Colormaps", "Inferno");
        case Colormap::Viridis:
            return QCoreApplication::translate("Colormaps", "Viridis");
    }
    return {};
}

const std::array<QRgb, 256>& colormapTable(Colormap colormap)
{
    static const std::array<QRgb, 256> jet = build(cv::COLORMAP_JET);
    static const std::array<QRgb, 256> inferno = build(cv::COLORMAP_INFERNO);
    static const std::array<QRgb, 256> viridis = build(cv::COLORMAP_VIRIDIS);
    switch (colormap) {
        case Colormap::Jet:
            return jet;
        case Colormap::Inferno:
            return inferno;
        case Colormap::Viridis:
            return viridis;
    }
    return jet;
}

}  // namespace pulmo::viewer
