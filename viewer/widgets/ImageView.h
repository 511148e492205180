#pragma once
// The image view: one frame of one image through the display pipeline, with fit / 1:1 / zoom, pan,
// rotation by 90 degrees, flips, invert, window/level by mouse drag and presets, a distance ruler
// in millimetres and corner annotations.
//
// Window/level changes rebuild the pipeline's table and re-render from the decoded pixels: the
// file is never decoded again. Everything here runs on the UI thread; decoding happens elsewhere
// and arrives through setImage().

#include "dicom/DecodedImage.h"
#include "dicom/DisplayPipeline.h"
#include "overlay/HeatmapRenderer.h"
#include "widgets/WindowPresets.h"

#include <QImage>
#include <QLineF>
#include <QPointF>
#include <QTransform>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

namespace pulmo::viewer {

class ImageView : public QWidget {
    Q_OBJECT
public:
    enum class Tool { WindowLevel, Pan, Zoom, Ruler };

    /// How the Grad-CAM heatmap is laid over the image (overlay/HeatmapRenderer.h).
    using HeatmapStyle = viewer::HeatmapStyle;

    explicit ImageView(QWidget* parent = nullptr);
    ~ImageView() override;

    /// Shows a decoded image (shared, immutable); resets the view to fit and the file's VOI.
    void setImage(std::shared_ptr<const dicom::DecodedImage> image);
    void clear();
    bool hasImage() const { return m_pipeline != nullptr; }
    std::shared_ptr<const dicom::DecodedImage> image() const;

    // View geometry.
    double zoom() const { return m_zoom; }
    bool isFitToWindow() const { return m_fit; }
    int rotation() const { return m_rotation; }  ///< 0, 90, 180 or 270 degrees clockwise
    bool flippedHorizontally() const { return m_flipHorizontal; }
    bool flippedVertically() const { return m_flipVertical; }
    /// Image pixel coordinates -> widget coordinates.
    QTransform imageToWidget() const;

    // Grey scale.
    double windowCenter() const;
    double windowWidth() const;
    bool inverted() const;
    const std::vector<WindowPreset>& presets() const { return m_presets; }
    /// The current frame rendered as 8-bit, in image geometry (before the view transform). Made on
    /// demand: painting grayscale images only renders the pixels on screen.
    const QImage& renderedImage() const;
    int frame() const;
    int frameCount() const;

    /// A Grad-CAM map at its own resolution over the whole image, its cells where camOverImage puts
    /// them. Rendered per screen pixel through the view transform at paint time (one colour look-up
    /// per device pixel, no image-sized layer): it follows zoom, pan, rotation, flips and the
    /// device pixel ratio exactly; window/level leaves it alone. An invalid map clears the heatmap.
    void setHeatmap(const CamMap& map);
    void clearHeatmap();
    bool hasHeatmap() const { return m_cam.isValid(); }
    const CamMap& heatmap() const { return m_cam; }
    void setHeatmapStyle(const HeatmapStyle& style);
    const HeatmapStyle& heatmapStyle() const { return m_heatStyle; }

    Tool tool() const { return m_tool; }
    bool annotationsVisible() const { return m_annotations; }
    /// The rulers drawn, in image coordinates.
    const std::vector<QLineF>& rulers() const { return m_rulers; }
    /// A ruler's length in mm, or nullopt without pixel spacing.
    std::optional<double> rulerLengthMm(const QLineF& ruler) const;

public Q_SLOTS:
    void fitToWindow();
    void actualSize();
    void zoomIn();
    void zoomOut();
    void setZoom(double zoom);
    void rotateClockwise();
    void rotateCounterClockwise();
    void flipHorizontally();
    void flipVertically();
    void toggleInvert();
    void resetView();
    void applyPreset(int index);  ///< 0..4: file, lung, mediastinum, bone, full range
    void setWindow(double center, double width);
    void setFrame(int frame);
    void nextFrame();
    void previousFrame();
    void setTool(pulmo::viewer::ImageView::Tool tool);
    void setAnnotationsVisible(bool visible);
    void clearRulers();

Q_SIGNALS:
    /// After a paint that showed an image (for start-up measurements).
    void imagePainted();
    void windowChanged(double center, double width);
    void viewChanged();
    void frameChanged(int frame, int count);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    bool event(QEvent* event) override;  // touchpad pinch (native zoom gesture)

private:
    void rerender();
    /// Grayscale fast path: the stored-value indices of the on-screen pixels, resampled once per
    /// view change (box average when reducing, nearest pixel when enlarging); a window change then
    /// costs one table look-up per screen pixel.
    bool usesViewportPath() const;
    void rebuildViewport();
    void renderViewport();
    void zoomAround(double factor, const QPointF& widgetPoint);
    double fitZoom() const;
    void drawAnnotations(QPainter& painter) const;
    void drawRulers(QPainter& painter) const;
    void drawHeatmap(QPainter& painter) const;
    QString rulerLabel(const QLineF& ruler) const;
    double windowSensitivity() const;

    std::unique_ptr<dicom::DisplayPipeline> m_pipeline;
    std::vector<WindowPreset> m_presets;
    mutable QImage m_rendered;  // whole frame, made on demand
    mutable bool m_renderedStale = true;
    struct Viewport {
        QTransform transform;  // the imageToWidget() it was built for
        QSize widgetSize;
        qreal devicePixelRatio = 1.0;
        int frame = -1;
        QRect area;  // device pixels covered by the image
        std::vector<uint16_t> indices;
        bool pixelsStale = true;  // indices valid, 8-bit image not yet rendered
        QImage pixels;            // area-sized Grayscale8
    } m_viewport;
    double m_zoom = 1.0;
    bool m_fit = true;
    QPointF m_pan;  ///< offset of the image centre from the widget centre, in widget pixels
    int m_rotation = 0;
    bool m_flipHorizontal = false;
    bool m_flipVertical = false;
    bool m_annotations = true;
    Tool m_tool = Tool::WindowLevel;
    std::vector<QLineF> m_rulers;
    CamMap m_cam;  // the map at its own resolution (14x14, 7x7 floats)
    HeatmapStyle m_heatStyle;
    // The heatmap rendered for the screen pixels the image covers; rebuilt when the view, the map
    // or the style changes (not on window/level).
    struct HeatLayer {
        QTransform transform;  // the device transform it was built for
        QSize widgetSize;
        QRect area;  // device pixels covered by the image
        QImage pixels;
        bool stale = true;
    };
    mutable HeatLayer m_heatLayer;

    // The drag in progress.
    Qt::MouseButton m_dragButton = Qt::NoButton;
    QPointF m_dragStart;
    QPointF m_dragLast;
    double m_dragCenter = 0.0;
    double m_dragWidth = 0.0;
};

}  // namespace pulmo::viewer
