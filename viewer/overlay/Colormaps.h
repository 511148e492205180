#pragma once
// Heatmap colour maps, taken from OpenCV's (cv::applyColorMap) so that they match what OpenCV-based
// tools and papers show. The one colour table of the viewer, the CLI's PNG and the results objects.

#include <QRgb>
#include <QString>

#include <array>

namespace pulmo::viewer {

enum class Colormap { Jet, Inferno, Viridis };

QString colormapName(Colormap colormap);
/// 256 colours, index = heat 0..255. Built once per map; any thread.
const std::array<QRgb, 256>& colormapTable(Colormap colormap);

}  // namespace pulmo::viewer
