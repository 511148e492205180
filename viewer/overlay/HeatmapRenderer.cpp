#include "overlay/HeatmapRenderer.h"

#include "CamGeometry.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace pulmo::viewer {
namespace {

/// The map's value at image point (u, v) (pixel x covers [x, x + 1)), as a weighted heat level,
/// in exactly camOverImage's arithmetic: at u = x + 0.5 the same doubles and floats.
class HeatSampler {
public:
    HeatSampler(const CamMap& map, const QSize& imageSize) : m_map(map)
    {
        m_width = double(imageSize.width());
        m_height = double(imageSize.height());
        const float peak = *std::max_element(map.values.begin(), map.values.end());
        m_scale = peak > 0.0f ? 255.0f / peak : 0.0f;
        const double weight = std::clamp(map.weight, 0.0, 1.0);
        for (int level = 0; level < 256; ++level) m_weighted[size_t(level)] = uint8_t(std::lround(level * weight));
    }

    using Tap = inference::CamTap;
    /// Where image column position u (pixel x covers [x, x + 1)) falls between the map's columns.
    Tap across(double u) const { return tap(u, m_width, m_map.cols); }
    /// The same for image row position v and the map's rows.
    Tap down(double v) const { return tap(v, m_height, m_map.rows); }
    /// 0..255 before weighting (the plugin's old full-size heatmap); index weighted() with it.
    int level(const Tap& column, const Tap& row) const
    {
        const float* upper = m_map.values.data() + size_t(row.low) * size_t(m_map.cols);
        const float* lower = m_map.values.data() + size_t(row.high) * size_t(m_map.cols);
        const float top = upper[column.low] + (upper[column.high] - upper[column.low]) * column.weight;
        const float bottom = lower[column.low] + (lower[column.high] - lower[column.low]) * column.weight;
        const float value = top + (bottom - top) * row.weight;
        return int(std::clamp(std::round(value * m_scale), 0.0f, 255.0f));
    }
    int level(double u, double v) const { return level(across(u), down(v)); }
    const std::array<uint8_t, 256>& weighted() const { return m_weighted; }

private:
    Tap tap(double position, double pixels, int cells) const
    {
        return inference::camTap(position, pixels, cells, m_map.inputSize);  // the plugin's own geometry
    }

    const CamMap& m_map;
    double m_width = 0.0;
    double m_height = 0.0;
    float m_scale = 0.0f;
    std::array<uint8_t, 256> m_weighted{};
};

}  // namespace

std::array<QRgb, 256> heatmapColours(const HeatmapStyle& style)
{
    const std::array<QRgb, 256>& colours = colormapTable(style.colormap);
    const int alpha = std::clamp(int(std::lround(style.opacity * 255.0)), 0, 255);
    std::array<QRgb, 256> table{};
    for (int level = 0; level < 256; ++level) {
        const QRgb colour = colours[size_t(level)];
        const int a = level >= style.threshold ? alpha : 0;
        table[size_t(level)] = qPremultiply(qRgba(qRed(colour), qGreen(colour), qBlue(colour), a));
    }
    return table;
}

namespace {

/// Calls visit(x, y, level) for each pixel of `area` whose centre, mapped back through
/// `outputToImage`, falls on the image: level is the unweighted 0..255 heat there.
template <typename Visit>
void forEachLevel(const HeatSampler& sampler, const QSize& imageSize, const QTransform& outputToImage,
                  const QRect& area, Visit&& visit)
{
    const double width = imageSize.width();
    const double height = imageSize.height();
    const auto inside = [&](double u, double v) { return u >= 0.0 && v >= 0.0 && u < width && v < height; };
    // The view turns by quarter turns: then each output column lies on one image column (or row,
    // turned sideways) and each output row on one image row, and the map's taps are worked out once
    // per output column and row. The same arithmetic as the general case, point for point.
    const bool straight = outputToImage.m12() == 0.0 && outputToImage.m21() == 0.0;
    const bool sideways = outputToImage.m11() == 0.0 && outputToImage.m22() == 0.0;
    if ((straight || sideways) && outputToImage.isAffine()) {
        using Tap = HeatSampler::Tap;
        std::vector<double> columnPosition(size_t(area.width())), rowPosition(size_t(area.height()));
        for (int x = 0; x < area.width(); ++x) {
            const QPointF point = outputToImage.map(QPointF(area.left() + x + 0.5, area.top() + 0.5));
            columnPosition[size_t(x)] = straight ? point.x() : point.y();
        }
        for (int y = 0; y < area.height(); ++y) {
            const QPointF point = outputToImage.map(QPointF(area.left() + 0.5, area.top() + y + 0.5));
            rowPosition[size_t(y)] = straight ? point.y() : point.x();
        }
        // Along the output's columns: image u when straight, v when sideways; along its rows the other.
        const auto inRange = [&](double position, double limit) { return position >= 0.0 && position < limit; };
        std::vector<Tap> columnTaps(size_t(area.width())), rowTaps(size_t(area.height()));
        std::vector<bool> columnInside(size_t(area.width())), rowInside(size_t(area.height()));
        for (int x = 0; x < area.width(); ++x) {
            const double position = columnPosition[size_t(x)];
            columnTaps[size_t(x)] = straight ? sampler.across(position) : sampler.down(position);
            columnInside[size_t(x)] = inRange(position, straight ? width : height);
        }
        for (int y = 0; y < area.height(); ++y) {
            const double position = rowPosition[size_t(y)];
            rowTaps[size_t(y)] = straight ? sampler.down(position) : sampler.across(position);
            rowInside[size_t(y)] = inRange(position, straight ? height : width);
        }
        for (int y = 0; y < area.height(); ++y) {
            if (!rowInside[size_t(y)]) continue;
            const Tap& row = rowTaps[size_t(y)];
            for (int x = 0; x < area.width(); ++x) {
                if (!columnInside[size_t(x)]) continue;
                const Tap& column = columnTaps[size_t(x)];
                visit(x, y, straight ? sampler.level(column, row) : sampler.level(row, column));
            }
        }
        return;
    }
    for (int y = 0; y < area.height(); ++y) {
        const double outputY = area.top() + y + 0.5;
        for (int x = 0; x < area.width(); ++x) {
            const QPointF point = outputToImage.map(QPointF(area.left() + x + 0.5, outputY));
            if (!inside(point.x(), point.y())) continue;
            visit(x, y, sampler.level(point.x(), point.y()));
        }
    }
}

}  // namespace

std::vector<int> contourLevels(const HeatmapStyle& style)
{
    const int outer = std::clamp(style.threshold, 1, 255);
    const int inner = (outer + 255 + 1) / 2;
    return inner > outer ? std::vector<int>{outer, inner} : std::vector<int>{outer};
}

const char* toString(HeatmapStyle::Shape shape)
{
    return shape == HeatmapStyle::Shape::Contour ? "contour" : "filled";
}

std::optional<HeatmapStyle::Shape> heatmapShapeFromString(const std::string& text)
{
    if (text == "filled") return HeatmapStyle::Shape::Filled;
    if (text == "contour") return HeatmapStyle::Shape::Contour;
    return std::nullopt;
}

QImage heatmapLayer(const CamMap& map, const QSize& imageSize, const QTransform& imageToOutput, const QRect& area,
                    const HeatmapStyle& style)
{
    if (area.isEmpty()) return {};
    QImage layer(area.size(), QImage::Format_ARGB32_Premultiplied);
    layer.fill(Qt::transparent);
    bool invertible = false;
    const QTransform outputToImage = imageToOutput.inverted(&invertible);
    if (!map.isValid() || imageSize.isEmpty() || !invertible) return layer;

    const HeatSampler sampler(map, imageSize);
    if (style.shape == HeatmapStyle::Shape::Filled) {
        // One table from the unweighted level to the premultiplied colour: weighting, threshold, colour map and
        // opacity.
        const std::array<QRgb, 256> styled = heatmapColours(style);
        std::array<QRgb, 256> table{};
        for (int level = 0; level < 256; ++level) table[size_t(level)] = styled[sampler.weighted()[size_t(level)]];
        forEachLevel(sampler, imageSize, outputToImage, area, [&](int x, int y, int level) {
            reinterpret_cast<QRgb*>(layer.scanLine(y))[x] = table[size_t(level)];
        });
        return layer;
    }

    // Contour: the weighted level of every output pixel on the image (-1 off it), then the pixels
    // whose 3x3 neighbourhood on the image holds both sides of a level.
    const int columns = area.width();
    const int rows = area.height();
    std::vector<int16_t> weighted(size_t(columns) * size_t(rows), int16_t(-1));
    forEachLevel(sampler, imageSize, outputToImage, area, [&](int x, int y, int level) {
        weighted[size_t(y) * size_t(columns) + size_t(x)] = sampler.weighted()[size_t(level)];
    });
    const std::array<QRgb, 256>& colours = colormapTable(style.colormap);
    const int alpha = std::clamp(int(std::lround(std::max(0.85, style.opacity) * 255.0)), 0, 255);
    const std::vector<int> levels = contourLevels(style);
    for (int y = 0; y < rows; ++y) {
        auto* out = reinterpret_cast<QRgb*>(layer.scanLine(y));
        for (int x = 0; x < columns; ++x) {
            const int here = weighted[size_t(y) * size_t(columns) + size_t(x)];
            if (here < 0) continue;
            int lowest = here, highest = here;
            for (int dy = -1; dy <= 1; ++dy) {
                const int ny = y + dy;
                if (ny < 0 || ny >= rows) continue;
                for (int dx = -1; dx <= 1; ++dx) {
                    const int nx = x + dx;
                    if (nx < 0 || nx >= columns) continue;
                    const int value = weighted[size_t(ny) * size_t(columns) + size_t(nx)];
                    if (value < 0) continue;
                    lowest = std::min(lowest, value);
                    highest = std::max(highest, value);
                }
            }
            // The innermost level crossed here wins: its line stays whole where two lines meet.
            for (auto level = levels.rbegin(); level != levels.rend(); ++level) {
                if (lowest < *level && highest >= *level) {
                    const QRgb colour = colours[size_t(*level)];
                    out[x] = qPremultiply(qRgba(qRed(colour), qGreen(colour), qBlue(colour), alpha));
                    break;
                }
            }
        }
    }
    return layer;
}

QImage blendHeatmap(const QImage& grey, const CamMap& map, const HeatmapStyle& style, const QSize& outputSize,
                    const QTransform& imageToOutput)
{
    if (grey.isNull() || outputSize.isEmpty()) return {};
    QImage output(outputSize, QImage::Format_RGB32);
    output.fill(Qt::black);
    QPainter painter(&output);
    painter.setTransform(imageToOutput);
    painter.drawImage(QPointF(0, 0), grey.convertToFormat(QImage::Format_Grayscale8));
    painter.resetTransform();
    if (style.visible) {
        const QRect area = imageToOutput.mapRect(QRectF(QPointF(0, 0), QSizeF(grey.size())))
                               .toAlignedRect()
                               .intersected(QRect(QPoint(0, 0), outputSize));
        const QImage layer = heatmapLayer(map, grey.size(), imageToOutput, area, style);
        if (!layer.isNull()) painter.drawImage(area.topLeft(), layer);
    }
    painter.end();
    return output;
}

QImage blendHeatmap(const QImage& grey, const CamMap& map, const HeatmapStyle& style)
{
    return blendHeatmap(grey, map, style, grey.size(), QTransform());
}

}  // namespace pulmo::viewer
