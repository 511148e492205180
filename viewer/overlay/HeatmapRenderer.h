#pragma once
// The one heatmap renderer: a Grad-CAM map at its own resolution (14x14 for layer3, 7x7 for
// layer4) drawn at whatever geometry it is shown at — the viewer's screen pixels through its view
// transform, the CLI's PNG at the image's size, the results' Secondary Capture — so that no
// full-size heatmap is ever kept, and every output uses the same colours, threshold and opacity.
//
// Where the cells lie is inference/api/CamGeometry's camOverImage: the network saw the image
// stretched to inputSize x inputSize, cell j of a map of n cells is centred on input pixel
// (inputSize / n) * j, the map is blended bilinearly between cell centres and clamped at the
// borders. The value at an output pixel is the map at that pixel's centre mapped back onto the
// image, so at image size (the identity transform) each pixel gets exactly camOverImage's value.
// The map is normalised by its peak to 0..255 (as the plugin did for its full-size heatmap), then
// weighted by CamMap::weight (the explained class's probability), then coloured.
//
// Qt Gui only (no Widgets): pulmo-cli and pulmo-node may use it. Plain functions, any thread.

#include "overlay/Colormaps.h"

#include <QImage>
#include <QRect>
#include <QSize>
#include <QTransform>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pulmo::viewer {

/// A class-activation map at its own resolution, and how strongly to show it. Plain value type.
struct CamMap {
    int rows = 0;
    int cols = 0;
    int inputSize = 224;        ///< the side of the square image the network saw
    std::vector<float> values;  ///< rows x cols, row-major, after ReLU (>= 0)
    double weight = 1.0;        ///< 0..1: the explained class's probability (1: the map as it is)

    bool isValid() const
    {
        return rows > 0 && cols > 0 && inputSize > 0 && values.size() == size_t(rows) * size_t(cols);
    }
};

/// How the heatmap is laid over the image; the defaults are the viewer's and the CLI's.
struct HeatmapStyle {
    /// Filled: every pixel at or above the threshold tinted. Contour: only iso-lines, so that the
    /// opacity the map points at stays visible inside them: one line where the weighted heat
    /// crosses the threshold (the filled map's edge) and one where it crosses the level halfway
    /// from the threshold to the top of the scale (where the model looked hardest), each 2 output
    /// pixels wide, centred on the crossing, in the colour map's colour of its level.
    enum class Shape { Filled, Contour };

    bool visible = true;
    double opacity = 0.45;  ///< 0..1; contour lines are drawn at least 0.85 opaque
    Colormap colormap = Colormap::Jet;
    int threshold = 64;  ///< weighted heat below this (0..255) is not drawn: weak activation hidden
    Shape shape = Shape::Filled;
};

/// The weighted-heat levels (0..255) the contour lines are drawn at, outer first: the threshold
/// (at least 1) and the level halfway from it to 255; one level when they coincide.
std::vector<int> contourLevels(const HeatmapStyle& style);

/// "filled" / "contour", for settings (locale-independent); nullopt for anything else.
const char* toString(HeatmapStyle::Shape shape);
std::optional<HeatmapStyle::Shape> heatmapShapeFromString(const std::string& text);

/// For each weighted-heat level 0..255: its colour with the style's opacity, premultiplied, or
/// transparent below the threshold.
std::array<QRgb, 256> heatmapColours(const HeatmapStyle& style);

/// An ARGB32_Premultiplied layer of `area`'s size (output pixels, e.g. a screen's device pixels):
/// pixel (x, y) shows the heat at the output point area.topLeft() + (x + 0.5, y + 0.5) mapped
/// back through `imageToOutput` onto an image of `imageSize`; transparent outside the image, for an
/// invalid map, or for a transform that cannot be inverted. One colour look-up per output pixel.
/// For the Contour shape only the pixels on either side of a level's crossing are drawn (a
/// crossing against the image's border is not a line).
QImage heatmapLayer(const CamMap& map, const QSize& imageSize, const QTransform& imageToOutput, const QRect& area,
                    const HeatmapStyle& style);

/// `grey` (8-bit, Format_Grayscale8, the display pipeline's rendering) with the heat blended over
/// it, as an RGB32 image of `outputSize`: each output pixel shows the grey pixel under its centre
/// (nearest) through `imageToOutput`, black outside the image. The heat's geometry is the grey
/// image's. A null image if `grey` is null.
QImage blendHeatmap(const QImage& grey, const CamMap& map, const HeatmapStyle& style, const QSize& outputSize,
                    const QTransform& imageToOutput);
/// The same at the grey image's own size (the identity transform): the CLI's PNG, the results SC.
QImage blendHeatmap(const QImage& grey, const CamMap& map, const HeatmapStyle& style = {});

}  // namespace pulmo::viewer
