#include "widgets/ImageView.h"

#include "widgets/PersonName.h"

#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace pulmo::viewer {
namespace {

constexpr double kZoomStep = 1.25;
constexpr double kMinimumZoom = 0.02;
constexpr double kMaximumZoom = 32.0;

/// A number for the reader, in their locale (QLocale(): the default the application sets from the chosen
/// language): "12,3 mm" in German. Measurements and window values are short, so no thousands separators.
QString readout(double value, int decimals)
{
    QLocale locale;
    locale.setNumberOptions(locale.numberOptions() | QLocale::OmitGroupSeparator);
    return locale.toString(value, 'f', decimals);
}

/// Window width and level: whole numbers as such, a fractional value (a Window Center of 10.5) to one decimal.
QString windowReadout(double value)
{
    return readout(value, std::abs(value - std::round(value)) < 0.05 ? 0 : 1);
}

/// The key under which an image's rulers are kept: its SOP Instance UID, or its file without one.
QString imageKey(const dicom::ImageInfo& info)
{
    return QString::fromStdString(info.sopInstanceUid.empty() ? "file:" + info.filePath : info.sopInstanceUid);
}

}  // namespace

ImageView::ImageView(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(false);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 200);
}

ImageView::~ImageView() = default;

void ImageView::setImage(std::shared_ptr<const dicom::DecodedImage> image)
{
    if (!image) {
        clear();
        return;
    }
    m_message.clear();
    m_pipeline = std::make_unique<dicom::DisplayPipeline>(std::move(image));
    m_viewport = Viewport{};
    m_cam = CamMap{};
    m_heatLayer = HeatLayer{};
    m_presets = m_pipeline->channels() == 1 ? windowPresets(m_pipeline->image(), 0) : std::vector<WindowPreset>{};
    m_rulers.switchTo(imageKey(m_pipeline->image().info()));
    m_rulerPart = RulerSet::Part::None;
    m_rulerIndex = -1;
    m_rotation = 0;
    m_flipHorizontal = m_flipVertical = false;
    m_pan = {};
    m_fit = true;
    m_zoom = fitZoom();
    rerender();
    setActivePreset(m_presets.empty() ? -1 : 0);  // the pipeline starts at the file's window: preset 0
    Q_EMIT windowChanged(windowCenter(), windowWidth());
    Q_EMIT frameChanged(frame(), frameCount());
    Q_EMIT viewChanged();
}

void ImageView::showMessage(const QString& text)
{
    clear();
    m_message = text;
    update();
}

void ImageView::setPosition(int image, int images, int study, int studies)
{
    m_positionImage = image;
    m_positionImages = images;
    m_positionStudy = study;
    m_positionStudies = studies;
    update();
}

void ImageView::setComparisonLabel(const QString& label)
{
    m_comparisonLabel = label;
    update();
}

void ImageView::setActivePreset(int index)
{
    if (index == m_activePreset) return;
    m_activePreset = index;
    Q_EMIT presetChanged(index);
}

QString ImageView::activePresetName() const
{
    if (!m_pipeline || m_presets.empty()) return {};
    if (m_activePreset < 0 || m_activePreset >= int(m_presets.size())) return tr("Custom", "window preset");
    return m_presets[size_t(m_activePreset)].name;
}

void ImageView::setHeatmap(const CamMap& map)
{
    m_cam = map.isValid() ? map : CamMap{};
    m_heatLayer = HeatLayer{};
    update();
}

void ImageView::clearHeatmap()
{
    m_cam = CamMap{};
    m_heatLayer = HeatLayer{};
    update();
}

void ImageView::setHeatmapStyle(const HeatmapStyle& style)
{
    m_heatStyle = style;
    m_heatLayer.stale = true;
    update();
}

void ImageView::drawHeatmap(QPainter& painter) const
{
    if (!m_cam.isValid() || !m_heatStyle.visible) return;
    // In device pixels, as the grey viewport, so that a high-DPI screen gets one colour per physical pixel.
    const qreal ratio = devicePixelRatioF();
    const QTransform transform = imageToWidget() * QTransform::fromScale(ratio, ratio);
    HeatLayer& layer = m_heatLayer;
    if (layer.stale || layer.transform != transform || layer.widgetSize != size()) {
        const QSize imageSize(m_pipeline->width(), m_pipeline->height());
        const QRect deviceRect(QPoint(0, 0), (QSizeF(size()) * ratio).toSize());
        layer.transform = transform;
        layer.widgetSize = size();
        layer.area =
            transform.mapRect(QRectF(QPointF(0, 0), QSizeF(imageSize))).toAlignedRect().intersected(deviceRect);
        layer.pixels = heatmapLayer(m_cam, imageSize, transform, layer.area, m_heatStyle);
        layer.pixels.setDevicePixelRatio(ratio);
        layer.stale = false;
    }
    if (!layer.pixels.isNull()) painter.drawImage(QPointF(layer.area.topLeft()) / ratio, layer.pixels);
    // The colour bar, right edge: what the colours mean.
    const QRect bar = colourBar();
    const std::array<QRgb, 256>& colours = colormapTable(m_heatStyle.colormap);
    for (int i = 0; i < bar.height(); ++i) {
        const int heat = 255 - i * 255 / std::max(1, bar.height() - 1);
        painter.fillRect(QRect(bar.left(), bar.top() + i, bar.width(), 1),
                         heat >= m_heatStyle.threshold ? QColor(colours[size_t(heat)]) : QColor(40, 40, 40));
    }
    painter.setPen(QColor(230, 230, 230));
    painter.drawRect(bar.adjusted(0, 0, -1, -1));
    if (m_heatStyle.shape == HeatmapStyle::Shape::Contour)
        for (const int level : contourLevels(m_heatStyle)) {  // where the lines are drawn
            const int y = bar.top() + (255 - level) * std::max(1, bar.height() - 1) / 255;
            painter.drawLine(bar.left() - 5, y, bar.right() + 1, y);
        }
    painter.drawText(QRect(bar.left() - 50, bar.top() - 18, 62, 16), Qt::AlignRight, tr("high"));
    painter.drawText(QRect(bar.left() - 50, bar.bottom() + 2, 62, 16), Qt::AlignRight, tr("low"));
}

QRect ImageView::colourBar() const
{
    if (!m_pipeline || !m_cam.isValid() || !m_heatStyle.visible) return {};
    // Left of the right edge's orientation label, which sits at the same height.
    int right = width() - 16;
    const QString label = m_annotations ? orientationLabels().right : QString();
    if (!label.isEmpty()) right -= QFontMetrics(labelFont()).horizontalAdvance(label) + 10;
    const int barHeight = std::clamp(height() / 3, 60, 200);
    return QRect(right - 12, height() / 2 - barHeight / 2, 12, barHeight);
}

void ImageView::clear()
{
    m_rulers.switchTo(QString());
    m_message.clear();
    m_pipeline.reset();
    m_presets.clear();
    m_rendered = QImage();
    m_viewport = Viewport{};
    m_cam = CamMap{};
    m_heatLayer = HeatLayer{};
    m_rulerPart = RulerSet::Part::None;
    m_rulerIndex = -1;
    setActivePreset(-1);
    update();
}

std::shared_ptr<const dicom::DecodedImage> ImageView::image() const
{
    return m_pipeline ? m_pipeline->sharedImage() : nullptr;
}

QTransform ImageView::imageToWidget() const
{
    if (!m_pipeline) return {};
    QTransform transform;
    transform.translate(width() / 2.0 + m_pan.x(), height() / 2.0 + m_pan.y());
    transform.scale(m_zoom, m_zoom);
    transform.rotate(m_rotation);
    transform.scale(m_flipHorizontal ? -1.0 : 1.0, m_flipVertical ? -1.0 : 1.0);
    transform.translate(-m_pipeline->width() / 2.0, -m_pipeline->height() / 2.0);
    return transform;
}

double ImageView::fitZoom() const
{
    if (!m_pipeline) return 1.0;
    const bool sideways = m_rotation % 180 != 0;
    const double imageWidth = sideways ? m_pipeline->height() : m_pipeline->width();
    const double imageHeight = sideways ? m_pipeline->width() : m_pipeline->height();
    return std::clamp(std::min(width() / imageWidth, height() / imageHeight), kMinimumZoom, kMaximumZoom);
}

double ImageView::windowCenter() const
{
    return m_pipeline ? m_pipeline->voi().center : 0.0;
}

double ImageView::windowWidth() const
{
    return m_pipeline ? m_pipeline->voi().width : 0.0;
}

bool ImageView::inverted() const
{
    return m_pipeline && m_pipeline->userInvert();
}

int ImageView::frame() const
{
    return m_pipeline ? m_pipeline->frame() : 0;
}

int ImageView::frameCount() const
{
    return m_pipeline ? m_pipeline->image().frameCount() : 0;
}

void ImageView::rerender()
{
    m_renderedStale = true;
    m_viewport.pixelsStale = true;
    update();
}

const QImage& ImageView::renderedImage() const
{
    if (!m_pipeline) {
        m_rendered = QImage();
        return m_rendered;
    }
    if (m_renderedStale) {
        if (m_rendered.width() != m_pipeline->width() || m_rendered.height() != m_pipeline->height() ||
            m_rendered.format() != (m_pipeline->channels() == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8))
            m_rendered = m_pipeline->renderImage();
        else
            m_pipeline->render(m_rendered.bits(), m_rendered.bytesPerLine());
        m_renderedStale = false;
    }
    return m_rendered;
}

bool ImageView::usesViewportPath() const
{
    return m_pipeline && m_pipeline->image().storage() == dicom::DecodedImage::Storage::NarrowGray;
}

void ImageView::rebuildViewport()
{
    Viewport& viewport = m_viewport;
    viewport.transform = imageToWidget();
    viewport.widgetSize = size();
    viewport.frame = m_pipeline->frame();
    viewport.pixelsStale = true;
    viewport.devicePixelRatio = devicePixelRatioF();
    // Built in device pixels, so that a high-DPI screen shows the image at its own resolution.
    const QTransform transform =
        viewport.transform * QTransform::fromScale(viewport.devicePixelRatio, viewport.devicePixelRatio);
    const QRect deviceRect(QPoint(0, 0), (QSizeF(size()) * viewport.devicePixelRatio).toSize());
    const int sourceWidth = m_pipeline->width();
    const int sourceHeight = m_pipeline->height();
    const QRectF mapped = transform.mapRect(QRectF(0, 0, sourceWidth, sourceHeight));
    viewport.area = mapped.toAlignedRect().intersected(deviceRect);
    viewport.indices.assign(size_t(std::max(0, viewport.area.width())) * size_t(std::max(0, viewport.area.height())),
                            0);
    if (viewport.area.isEmpty()) return;

    // Rotations are multiples of 90 degrees: each screen column covers a range of source columns
    // (or rows, when turned sideways), each screen row a range of the other axis.
    const QTransform inverse = transform.inverted();
    const bool sideways = std::abs(inverse.m11()) < std::abs(inverse.m12());
    struct Span {
        int begin;
        int end;
    };
    const auto spans = [&](int first, int count, bool alongX) {
        std::vector<Span> result(static_cast<size_t>(count));
        for (int i = 0; i < count; ++i) {
            const double a0 = alongX ? first + i : 0.0, b0 = alongX ? 0.0 : first + i;
            const double a1 = alongX ? first + i + 1 : 0.0, b1 = alongX ? 0.0 : first + i + 1;
            const QPointF p = inverse.map(QPointF(a0, b0));
            const QPointF q = inverse.map(QPointF(a1, b1));
            // Which source axis this screen axis runs along.
            const bool sourceX = alongX != sideways;
            const double u = sourceX ? p.x() : p.y();
            const double v = sourceX ? q.x() : q.y();
            const int limit = sourceX ? sourceWidth : sourceHeight;
            int begin = int(std::floor(std::min(u, v)));
            int end = int(std::ceil(std::max(u, v)));
            if (end - begin <= 1 || std::abs(v - u) < 1.0) {  // enlarging: the nearest source pixel
                begin = int(std::floor((u + v) / 2.0));
                end = begin + 1;
            }
            begin = std::clamp(begin, 0, limit - 1);
            end = std::clamp(end, begin + 1, limit);
            result[size_t(i)] = Span{begin, end};
        }
        return result;
    };
    const std::vector<Span> columns = spans(viewport.area.left(), viewport.area.width(), true);
    const std::vector<Span> rows = spans(viewport.area.top(), viewport.area.height(), false);
    const uint16_t* source = m_pipeline->image().narrowFrame(viewport.frame);
    const int width = viewport.area.width();
    for (int y = 0; y < viewport.area.height(); ++y) {
        uint16_t* out = viewport.indices.data() + size_t(y) * size_t(width);
        for (int x = 0; x < width; ++x) {
            const Span& sourceRows = sideways ? columns[size_t(x)] : rows[size_t(y)];
            const Span& sourceColumns = sideways ? rows[size_t(y)] : columns[size_t(x)];
            if (sourceRows.end - sourceRows.begin == 1 && sourceColumns.end - sourceColumns.begin == 1) {
                out[x] = source[size_t(sourceRows.begin) * size_t(sourceWidth) + size_t(sourceColumns.begin)];
                continue;
            }
            uint64_t sum = 0;
            for (int r = sourceRows.begin; r < sourceRows.end; ++r) {
                const uint16_t* line = source + size_t(r) * size_t(sourceWidth);
                for (int c = sourceColumns.begin; c < sourceColumns.end; ++c) sum += line[c];
            }
            const uint64_t count =
                uint64_t(sourceRows.end - sourceRows.begin) * uint64_t(sourceColumns.end - sourceColumns.begin);
            out[x] = uint16_t((sum + count / 2) / count);
        }
    }
}

void ImageView::renderViewport()
{
    Viewport& viewport = m_viewport;
    if (viewport.transform != imageToWidget() || viewport.widgetSize != size() ||
        viewport.frame != m_pipeline->frame() || viewport.devicePixelRatio != devicePixelRatioF())
        rebuildViewport();
    if (!viewport.pixelsStale) return;
    const QSize areaSize = viewport.area.size();
    if (viewport.pixels.size() != areaSize) viewport.pixels = QImage(areaSize, QImage::Format_Grayscale8);
    viewport.pixels.setDevicePixelRatio(viewport.devicePixelRatio);
    const uint8_t* table = m_pipeline->displayTable().data();
    for (int y = 0; y < areaSize.height(); ++y) {
        uint8_t* out = viewport.pixels.scanLine(y);
        const uint16_t* in = viewport.indices.data() + size_t(y) * size_t(areaSize.width());
        for (int x = 0; x < areaSize.width(); ++x) out[x] = table[in[x]];
    }
    viewport.pixelsStale = false;
}

void ImageView::fitToWindow()
{
    m_fit = true;
    m_pan = {};
    m_zoom = fitZoom();
    update();
    Q_EMIT viewChanged();
}

void ImageView::actualSize()
{
    setZoom(1.0);
}

void ImageView::setZoom(double zoom)
{
    m_fit = false;
    m_zoom = std::clamp(zoom, kMinimumZoom, kMaximumZoom);
    update();
    Q_EMIT viewChanged();
}

void ImageView::setZoomAndPan(double zoom, const QPointF& pan)
{
    m_fit = false;
    m_zoom = std::clamp(zoom, kMinimumZoom, kMaximumZoom);
    m_pan = pan;
    update();
    Q_EMIT viewChanged();
}

void ImageView::zoomAround(double factor, const QPointF& widgetPoint)
{
    if (!m_pipeline) return;
    const double newZoom = std::clamp(m_zoom * factor, kMinimumZoom, kMaximumZoom);
    // Keep the image point under the cursor where it is.
    const QPointF centre(width() / 2.0 + m_pan.x(), height() / 2.0 + m_pan.y());
    const QPointF offset = widgetPoint - centre;
    m_pan += offset - offset * (newZoom / m_zoom);
    m_zoom = newZoom;
    m_fit = false;
    update();
    Q_EMIT viewChanged();
}

void ImageView::zoomIn()
{
    zoomAround(kZoomStep, QPointF(width() / 2.0 + m_pan.x(), height() / 2.0 + m_pan.y()));
}

void ImageView::zoomOut()
{
    zoomAround(1.0 / kZoomStep, QPointF(width() / 2.0 + m_pan.x(), height() / 2.0 + m_pan.y()));
}

void ImageView::rotateClockwise()
{
    m_rotation = (m_rotation + 90) % 360;
    if (m_fit) m_zoom = fitZoom();
    update();
    Q_EMIT viewChanged();
}

void ImageView::rotateCounterClockwise()
{
    m_rotation = (m_rotation + 270) % 360;
    if (m_fit) m_zoom = fitZoom();
    update();
    Q_EMIT viewChanged();
}

void ImageView::flipHorizontally()
{
    // The flips apply to the image before the rotation: turned sideways, the screen's left-right is
    // the image's top-bottom.
    bool& flip = m_rotation % 180 == 0 ? m_flipHorizontal : m_flipVertical;
    flip = !flip;
    update();
    Q_EMIT viewChanged();
}

void ImageView::flipVertically()
{
    bool& flip = m_rotation % 180 == 0 ? m_flipVertical : m_flipHorizontal;
    flip = !flip;
    update();
    Q_EMIT viewChanged();
}

void ImageView::toggleInvert()
{
    if (!m_pipeline) return;
    m_pipeline->setUserInvert(!m_pipeline->userInvert());
    rerender();
    Q_EMIT windowChanged(windowCenter(), windowWidth());
}

void ImageView::resetView()
{
    if (!m_pipeline) return;
    m_rotation = 0;
    m_flipHorizontal = m_flipVertical = false;
    m_pipeline->setUserInvert(false);
    m_pipeline->setDefaultVoi();
    setActivePreset(m_presets.empty() ? -1 : 0);
    rerender();
    fitToWindow();
    Q_EMIT windowChanged(windowCenter(), windowWidth());
}

void ImageView::applyPreset(int index)
{
    if (!m_pipeline || index < 0 || index >= int(m_presets.size())) return;
    m_pipeline->setVoi(m_presets[size_t(index)].voi);
    setActivePreset(index);
    rerender();
    Q_EMIT windowChanged(windowCenter(), windowWidth());
}

void ImageView::setWindow(double center, double width)
{
    if (!m_pipeline || m_pipeline->channels() != 1) return;
    m_pipeline->setWindow(center, std::max(1.0, width));
    setActivePreset(-1);  // the reader's own window: "Custom"
    rerender();
    Q_EMIT windowChanged(windowCenter(), windowWidth());
}

void ImageView::setFrame(int frame)
{
    if (!m_pipeline) return;
    const int clamped = std::clamp(frame, 0, frameCount() - 1);
    if (clamped == m_pipeline->frame()) return;
    m_pipeline->setFrame(clamped);
    rerender();
    Q_EMIT frameChanged(clamped, frameCount());
}

void ImageView::nextFrame()
{
    setFrame(frame() + 1);
}

void ImageView::previousFrame()
{
    setFrame(frame() - 1);
}

void ImageView::setTool(Tool tool)
{
    const bool changed = tool != m_tool;
    m_tool = tool;
    setCursor(tool == Tool::Ruler ? Qt::CrossCursor : tool == Tool::Pan ? Qt::OpenHandCursor : Qt::ArrowCursor);
    setMouseTracking(tool == Tool::Ruler);  // the cursor shows when an end can be grabbed
    if (tool != Tool::Ruler) m_rulers.select(-1);
    update();
    if (changed) Q_EMIT toolChanged(tool);
}

void ImageView::setAnnotationsVisible(bool visible)
{
    m_annotations = visible;
    update();
}

void ImageView::clearRulers()
{
    m_rulers.clear();
    m_rulerPart = RulerSet::Part::None;
    m_rulerIndex = -1;
    update();
}

void ImageView::selectRuler(int index)
{
    m_rulers.select(index);
    update();
}

bool ImageView::removeSelectedRuler()
{
    if (!m_rulers.removeSelected()) return false;
    m_rulerPart = RulerSet::Part::None;
    m_rulerIndex = -1;
    update();
    return true;
}

std::optional<double> ImageView::rulerLengthMm(const QLineF& ruler) const
{
    if (!m_pipeline) return std::nullopt;
    const dicom::ImageInfo& info = m_pipeline->image().info();
    if (info.pixelSpacingSource.empty()) return std::nullopt;
    // Pixel Spacing is row spacing (vertical) \ column spacing (horizontal).
    const double dx = ruler.dx() * info.columnSpacingMm;
    const double dy = ruler.dy() * info.rowSpacingMm;
    return std::sqrt(dx * dx + dy * dy);
}

QString ImageView::rulerLabel(const QLineF& ruler) const
{
    const auto millimetres = rulerLengthMm(ruler);
    if (!millimetres) return tr("%1 px (no pixel spacing)").arg(readout(ruler.length(), 1));
    const std::string& source = m_pipeline->image().info().pixelSpacingSource;
    // Imager Pixel Spacing is at the detector, not at the patient: say so, as radiologists expect.
    return source == "ImagerPixelSpacing" ? tr("%1 mm (at detector)").arg(readout(*millimetres, 1))
                                          : tr("%1 mm").arg(readout(*millimetres, 1));
}

double ImageView::windowSensitivity() const
{
    if (!m_pipeline) return 1.0;
    const auto [lowest, highest] = m_pipeline->image().modalityRange(m_pipeline->frame());
    return std::max((highest - lowest) / 1024.0, 0.01);
}

void ImageView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (m_fit) m_zoom = fitZoom();
}

void ImageView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::black);
    if (!m_pipeline) {
        QFont font = painter.font();
        if (!m_message.isEmpty()) font.setPointSizeF(font.pointSizeF() * 1.2);
        painter.setFont(font);
        painter.setPen(m_message.isEmpty() ? QColor(160, 160, 160) : QColor(240, 240, 240));
        const QRect area = rect().adjusted(24, 24, -24, -24);
        painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap,
                         m_message.isEmpty() ? tr("Open a study: File > Open, or drop files here") : m_message);
        return;
    }
    if (usesViewportPath()) {
        renderViewport();
        if (!m_viewport.area.isEmpty())
            painter.drawImage(QPointF(m_viewport.area.topLeft()) / m_viewport.devicePixelRatio, m_viewport.pixels);
    } else {
        painter.save();
        painter.setTransform(imageToWidget());
        // Smooth when reducing (a 3000-pixel radiograph on a 1000-pixel view), exact pixels when enlarging.
        painter.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 1.0);
        painter.drawImage(QPointF(0, 0), renderedImage());
        painter.restore();
    }
    drawHeatmap(painter);
    drawRulers(painter);
    drawAnnotations(painter);
    Q_EMIT imagePainted();
}

void ImageView::drawRulers(QPainter& painter) const
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const QTransform transform = imageToWidget();
    const QFontMetrics metrics(painter.font());
    const std::vector<QLineF>& rulers = m_rulers.rulers();
    for (int i = 0; i < int(rulers.size()); ++i) {
        const QLineF& ruler = rulers[size_t(i)];
        const bool selected = i == m_rulers.selected();
        const QColor colour = selected ? QColor(80, 220, 255) : QColor(255, 210, 0);
        const QLineF onScreen = transform.map(ruler);
        painter.setPen(QPen(QColor(0, 0, 0, 160), 4));  // a dark edge: the line reads over bone too
        painter.drawLine(onScreen);
        painter.setPen(QPen(colour, 2));
        painter.drawLine(onScreen);
        // The ends are handles: drawn as such when the ruler tool can grab them.
        const double handle = m_tool == Tool::Ruler ? (selected ? 5.0 : 4.0) : 3.0;
        painter.setBrush(m_tool == Tool::Ruler ? QBrush(QColor(0, 0, 0, 160)) : Qt::NoBrush);
        painter.drawEllipse(onScreen.p1(), handle, handle);
        painter.drawEllipse(onScreen.p2(), handle, handle);
        painter.setBrush(Qt::NoBrush);
        // The label on a dark, half-transparent backing beside the line's middle.
        const QString label = rulerLabel(ruler);
        QRectF box(QPointF(0, 0), QSizeF(metrics.horizontalAdvance(label) + 10, metrics.height() + 4));
        box.moveTopLeft(onScreen.center() + QPointF(10, -box.height() - 6));
        box.moveLeft(std::clamp(box.left(), 2.0, std::max(2.0, width() - box.width() - 2)));
        box.moveTop(std::clamp(box.top(), 2.0, std::max(2.0, height() - box.height() - 2)));
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0, 0, 0, 180));
        painter.drawRoundedRect(box, 3, 3);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(colour);
        painter.drawText(box, Qt::AlignCenter, label);
    }
    painter.restore();
}

QFont ImageView::labelFont() const
{
    QFont font = this->font();
    font.setPointSizeF(std::max(8.0, font.pointSizeF()) * 1.3);
    font.setBold(true);
    return font;
}

OrientationLabels ImageView::orientationLabels() const
{
    if (!m_pipeline) return {};
    const auto axes = imageAxes(m_pipeline->image().info());
    if (!axes) return {};
    return viewer::orientationLabels(*axes, imageToWidget());
}

QString ImageView::viewStateText() const
{
    if (!m_pipeline) return {};
    // In the order the reader makes it: turned clockwise, then mirrored left-right on screen. The
    // flips apply to the image before the turn (imageToWidget): both flips are half a turn, and a
    // mirror before a turn by a is a turn by -a before a mirror.
    int rotation = m_rotation;
    const bool mirrored = m_flipHorizontal != m_flipVertical;
    if (m_flipVertical) rotation = (rotation + 180) % 360;
    if (mirrored) rotation = (360 - rotation) % 360;
    QStringList parts;
    if (rotation != 0) parts << tr("Rotated %1°").arg(QLocale().toString(rotation));
    if (mirrored) parts << tr("Flipped H");
    if (inverted()) parts << tr("Inverted");
    return parts.join(QStringLiteral(" · "));
}

AnnotationContent ImageView::annotationContent() const
{
    AnnotationContent content;
    if (!m_annotations) return content;  // O hides every piece of text over the image
    const OrientationLabels labels = orientationLabels();
    content.left = labels.left;
    content.right = labels.right;
    content.top = labels.top;
    content.bottom = labels.bottom;
    content.viewState = viewStateText();
    if (const QRect bar = colourBar(); !bar.isEmpty())
        content.reserved.push_back(bar.adjusted(-50, -18, 0, 18));  // with its "high" and "low"
    if (m_tool == Tool::Ruler)
        content.hint =
            tr("Ruler: drag to measure · drag an end to move it · click one, then Del to "
               "remove it · Esc to stop");

    const dicom::ImageInfo& info = m_pipeline->image().info();
    const auto text = [](const std::string& value) { return QString::fromStdString(value); };
    QStringList& topLeft = content.corners[AnnotationContent::TopLeft];
    topLeft << displayPersonName(text(info.patientName));
    if (!info.patientId.empty()) topLeft << tr("ID %1").arg(text(info.patientId));
    const QString age = patientAgeText(info);
    QString born;
    if (!info.patientBirthDate.empty())
        born = age.isEmpty() ? tr("DOB %1").arg(isoDate(info.patientBirthDate))
                             : tr("DOB %1 (%2)").arg(isoDate(info.patientBirthDate), age);
    else
        born = age;
    if (!info.patientSex.empty()) born += (born.isEmpty() ? QString() : QStringLiteral("  ")) + text(info.patientSex);
    topLeft << born;

    QStringList& topRight = content.corners[AnnotationContent::TopRight];
    topRight << (m_comparisonLabel.isEmpty() ? isoDate(info.studyDate) : m_comparisonLabel)
             << text(info.studyDescription);
    topRight << text(info.modality) +
                    (info.viewPosition.empty() ? QString() : QStringLiteral(" ") + text(info.viewPosition)) +
                    (info.manufacturer.empty() ? QString() : QStringLiteral("  ") + text(info.manufacturer));

    QStringList& bottomLeft = content.corners[AnnotationContent::BottomLeft];
    QStringList position;
    const QLocale locale;
    if (m_positionImages > 0)
        position << tr("Image %1 of %2").arg(locale.toString(m_positionImage), locale.toString(m_positionImages));
    if (m_positionStudies > 0)
        position << tr("Study %1 of %2").arg(locale.toString(m_positionStudy), locale.toString(m_positionStudies));
    bottomLeft << position.join(QStringLiteral(" · "));
    if (frameCount() > 1)
        bottomLeft << tr("Frame %1 / %2").arg(locale.toString(frame() + 1), locale.toString(frameCount()));
    bottomLeft << tr("Series %1  Image %2").arg(text(info.seriesNumber), text(info.instanceNumber));

    QStringList& bottomRight = content.corners[AnnotationContent::BottomRight];
    if (m_pipeline->channels() == 1)
        bottomRight << tr("%1  W %2  L %3")
                           .arg(activePresetName(), windowReadout(windowWidth()), windowReadout(windowCenter()));
    bottomRight << tr("Zoom %1%").arg(readout(m_zoom * 100.0, 0));
    return content;
}

std::vector<PlacedText> ImageView::annotationLayout() const
{
    if (!m_pipeline) return {};
    QFont font = this->font();
    font.setPointSizeF(std::max(8.0, font.pointSizeF()));
    return layoutAnnotations(size(), font, labelFont(), annotationContent());
}

void ImageView::drawAnnotations(QPainter& painter) const
{
    QFont font = this->font();
    font.setPointSizeF(std::max(8.0, font.pointSizeF()));
    paintAnnotations(painter, layoutAnnotations(size(), font, labelFont(), annotationContent()), font, labelFont());
}

void ImageView::mousePressEvent(QMouseEvent* event)
{
    if (!m_pipeline) return;
    m_dragButton = event->button();
    m_dragStart = m_dragLast = event->position();
    m_dragCenter = windowCenter();
    m_dragWidth = windowWidth();
    m_rulerPart = RulerSet::Part::None;
    if (m_dragButton == Qt::LeftButton && m_tool == Tool::Ruler) {
        // Near an end: move that end; on a line: select it (and drag it whole); elsewhere: a new ruler.
        const RulerSet::Hit hit = m_rulers.hitTest(event->position(), imageToWidget());
        if (hit.index >= 0) {
            m_rulers.select(hit.index);
            m_rulerIndex = hit.index;
            m_rulerPart = hit.part;
            m_rulerAtPress = m_rulers.rulers()[size_t(hit.index)];
        } else {
            const QPointF point = imageToWidget().inverted().map(event->position());
            m_rulers.select(-1);
            m_rulerIndex = m_rulers.add(QLineF(point, point));
            m_rulerPart = RulerSet::Part::Second;
            m_rulerAtPress = QLineF();
        }
        update();
    }
}

void ImageView::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_pipeline) return;
    const QPointF position = event->position();
    if (m_dragButton == Qt::NoButton) {
        // Hovering with the ruler tool: show what a press would do.
        if (m_tool == Tool::Ruler) {
            const RulerSet::Part part = m_rulers.hitTest(position, imageToWidget()).part;
            using Part = RulerSet::Part;
            setCursor(part == Part::First || part == Part::Second ? Qt::SizeAllCursor
                      : part == Part::Line                        ? Qt::PointingHandCursor
                                                                  : Qt::CrossCursor);
        }
        return;
    }
    const QPointF step = position - m_dragLast;
    m_dragLast = position;
    Tool tool = m_tool;
    if (m_dragButton == Qt::MiddleButton) tool = Tool::Pan;
    if (m_dragButton == Qt::RightButton) tool = Tool::Zoom;
    switch (tool) {
        case Tool::WindowLevel: {
            // Horizontal drag: width; vertical drag: centre (down = brighter image, as in most viewers).
            const QPointF total = position - m_dragStart;
            const double sensitivity = windowSensitivity();
            setWindow(m_dragCenter + total.y() * sensitivity, std::max(1.0, m_dragWidth + total.x() * sensitivity));
            break;
        }
        case Tool::Pan:
            m_pan += step;
            m_fit = false;
            update();
            Q_EMIT viewChanged();
            break;
        case Tool::Zoom:
            zoomAround(std::pow(1.01, -step.y()), m_dragStart);
            break;
        case Tool::Ruler:
            if (m_rulerIndex >= 0 && m_rulerIndex < int(m_rulers.rulers().size())) {
                const QTransform toImage = imageToWidget().inverted();
                QLineF ruler = m_rulers.rulers()[size_t(m_rulerIndex)];
                const QPointF point = toImage.map(position);
                if (m_rulerPart == RulerSet::Part::First) ruler.setP1(point);
                if (m_rulerPart == RulerSet::Part::Second) ruler.setP2(point);
                if (m_rulerPart == RulerSet::Part::Line)
                    ruler = m_rulerAtPress.translated(point - toImage.map(m_dragStart));
                m_rulers.replace(m_rulerIndex, ruler);
                update();
            }
            break;
    }
}

void ImageView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != m_dragButton) return;
    if (m_tool == Tool::Ruler && m_dragButton == Qt::LeftButton && m_rulerIndex >= 0 &&
        m_rulerIndex < int(m_rulers.rulers().size())) {
        const bool created = m_rulerAtPress.isNull();
        if (created && m_rulers.rulers()[size_t(m_rulerIndex)].length() < 1.0)
            m_rulers.remove(m_rulerIndex);  // a click on nothing, not a measurement: and no selection
        else
            m_rulers.select(m_rulerIndex);
    }
    m_rulerIndex = -1;
    m_rulerPart = RulerSet::Part::None;
    m_dragButton = Qt::NoButton;
    update();
}

void ImageView::keyPressEvent(QKeyEvent* event)
{
    if ((event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) && removeSelectedRuler()) {
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Escape && m_tool == Tool::Ruler) {
        setTool(Tool::WindowLevel);
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

bool ImageView::event(QEvent* event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        // Delete with a ruler selected, and Esc in the ruler tool, are the view's before the
        // window's shortcuts ("Clear Measurements", "Cancel Disagreement") see them.
        const auto* key = static_cast<QKeyEvent*>(event);
        const bool remove =
            (key->key() == Qt::Key_Delete || key->key() == Qt::Key_Backspace) && m_rulers.selected() >= 0;
        const bool leave = key->key() == Qt::Key_Escape && m_tool == Tool::Ruler;
        if ((remove || leave) && key->modifiers() == Qt::NoModifier) {
            event->accept();
            return true;
        }
    }
    if (event->type() == QEvent::NativeGesture) {
        auto* gesture = static_cast<QNativeGestureEvent*>(event);
        if (gesture->gestureType() == Qt::ZoomNativeGesture && m_pipeline) {
            zoomAround(1.0 + gesture->value(), gesture->position());
            return true;
        }
    }
    return QWidget::event(event);
}

void ImageView::wheelEvent(QWheelEvent* event)
{
    if (!m_pipeline) return;
    const double notches = event->angleDelta().y() / 120.0;
    if (event->modifiers() & Qt::ShiftModifier) {
        // Shift+wheel scrolls frames of a multi-frame image.
        setFrame(frame() + (notches > 0 ? -1 : 1));
    } else {
        zoomAround(std::pow(kZoomStep, notches), event->position());
    }
    event->accept();
}

}  // namespace pulmo::viewer
