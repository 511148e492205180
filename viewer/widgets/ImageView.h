#pragma once
// The image view: one frame of one image through the display pipeline, with fit / 1:1 / zoom, pan,
// rotation by 90 degrees, flips, invert, window/level by mouse drag and presets, distance rulers
// in millimetres (kept per image for the session, movable, deletable one by one), orientation
// labels that follow rotations and flips, a "not as acquired" indicator and corner annotations
// that give way in a small view (widgets/ViewAnnotations.h), and a message in place of an image
// that could not be shown.
//
// Window/level changes rebuild the pipeline's table and re-render from the decoded pixels: the
// file is never decoded again. Everything here runs on the UI thread; decoding happens elsewhere
// and arrives through setImage().

#include "dicom/DecodedImage.h"
#include "dicom/DisplayPipeline.h"
#include "overlay/HeatmapRenderer.h"
#include "widgets/Orientation.h"
#include "widgets/RulerSet.h"
#include "widgets/ViewAnnotations.h"
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

    /// Shows a decoded image (shared, immutable); resets the view to fit and the file's VOI. The
    /// rulers drawn on the image before in this session (same SOP Instance UID, or same file when it
    /// has none) come back; the previous image's are kept for when it is shown again.
    void setImage(std::shared_ptr<const dicom::DecodedImage> image);
    void clear();
    /// Clears the image and shows `text` (e.g. why a file could not be decoded) centred in the view,
    /// until the next setImage() or clear().
    void showMessage(const QString& text);
    QString message() const { return m_message; }
    /// Where the image stands in the worklist, for the corner: "Image 2 of 5 · Study 3 of 150".
    /// 1-based; a count of 0 leaves that part out. Kept across setImage().
    void setPosition(int image, int images, int study, int studies);
    /// A comparison view's label ("Prior 1 of 3 · 2023-04-01"), shown in the top right corner in place
    /// of the study date; empty (the default) for the image being read. Kept across setImage().
    void setComparisonLabel(const QString& label);
    QString comparisonLabel() const { return m_comparisonLabel; }
    bool hasImage() const { return m_pipeline != nullptr; }
    std::shared_ptr<const dicom::DecodedImage> image() const;

    // View geometry.
    double zoom() const { return m_zoom; }
    bool isFitToWindow() const { return m_fit; }
    /// The zoom that fits the image (as rotated) into the view at its current size.
    double fitZoom() const;
    /// Offset of the image centre from the view's centre, in widget pixels.
    QPointF pan() const { return m_pan; }
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
    /// The preset the window is at (0..4, the index of applyPreset), or -1 once the reader has
    /// dragged or set the window away from it ("Custom").
    int activePreset() const { return m_activePreset; }
    /// The active preset's name for the corner, "Custom" after a drag; empty without a grey image.
    QString activePresetName() const;
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
    /// The rulers drawn on this image, in image coordinates.
    const std::vector<QLineF>& rulers() const { return m_rulers.rulers(); }
    /// The selected ruler's index into rulers(), or -1. Delete or Backspace removes it.
    int selectedRuler() const { return m_rulers.selected(); }
    void selectRuler(int index);
    /// Removes the selected ruler; false when none was selected.
    bool removeSelectedRuler();
    /// A ruler's length in mm, or nullopt without pixel spacing.
    std::optional<double> rulerLengthMm(const QLineF& ruler) const;
    /// The ruler's label: "12.3 mm", "12.3 mm (at detector)" from Imager Pixel Spacing alone, or
    /// "61.5 px (no pixel spacing)"; numbers in the reader's locale.
    QString rulerLabel(const QLineF& ruler) const;

    /// What the screen's edges point to in the patient, after rotations and flips; empty strings
    /// when the image's orientation is not known (widgets/Orientation.h).
    OrientationLabels orientationLabels() const;
    /// "Rotated 90° · Flipped H" and the like when the view is not as acquired; empty otherwise.
    /// The view is described as the acquired image turned clockwise, then mirrored on screen.
    QString viewStateText() const;
    /// Where each piece of the overlay text goes at the view's current size (what paint draws).
    std::vector<PlacedText> annotationLayout() const;
    /// The heatmap's colour bar (its "high" and "low" are drawn above and below it, 50 pixels to its
    /// left), or an empty rectangle when no heatmap is shown. The overlay text keeps clear of it.
    QRect colourBar() const;

public Q_SLOTS:
    void fitToWindow();
    void actualSize();
    void zoomIn();
    void zoomOut();
    void setZoom(double zoom);
    /// Zoom and pan at once (one viewChanged()), as linked views follow one another.
    void setZoomAndPan(double zoom, const QPointF& pan);
    void rotateClockwise();
    void rotateCounterClockwise();
    void flipHorizontally();  ///< mirrors what is on screen left-right, whatever the rotation
    void flipVertically();    ///< mirrors what is on screen top-bottom
    void toggleInvert();
    void resetView();
    void applyPreset(int index);  ///< 0..4: file, lung, mediastinum, bone, full range
    void setWindow(double center, double width);
    void setFrame(int frame);
    void nextFrame();
    void previousFrame();
    void setTool(pulmo::viewer::ImageView::Tool tool);  ///< Esc in the view goes back to WindowLevel
    void setAnnotationsVisible(bool visible);
    void clearRulers();

Q_SIGNALS:
    /// After a paint that showed an image (for start-up measurements).
    void imagePainted();
    void windowChanged(double center, double width);
    void viewChanged();
    void frameChanged(int frame, int count);
    /// The active preset changed (activePreset(), -1 for Custom).
    void presetChanged(int index);
    /// The tool changed, also by Esc in the view.
    void toolChanged(pulmo::viewer::ImageView::Tool tool);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;  // touchpad pinch; Delete and Esc before the window's shortcuts

private:
    void rerender();
    /// Grayscale fast path: the stored-value indices of the on-screen pixels, resampled once per
    /// view change (box average when reducing, nearest pixel when enlarging); a window change then
    /// costs one table look-up per screen pixel.
    bool usesViewportPath() const;
    void rebuildViewport();
    void renderViewport();
    void zoomAround(double factor, const QPointF& widgetPoint);
    void drawAnnotations(QPainter& painter) const;
    void drawRulers(QPainter& painter) const;
    void drawHeatmap(QPainter& painter) const;
    AnnotationContent annotationContent() const;
    QFont labelFont() const;
    double windowSensitivity() const;
    void setActivePreset(int index);

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
    RulerSet m_rulers;  // this image's, and the session's other images'
    QString m_message;
    QString m_comparisonLabel;
    int m_activePreset = -1;
    int m_positionImage = 0, m_positionImages = 0, m_positionStudy = 0, m_positionStudies = 0;
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
    RulerSet::Part m_rulerPart = RulerSet::Part::None;  // what a ruler drag moves (First/Second: an end)
    int m_rulerIndex = -1;
    QLineF m_rulerAtPress;  // null while drawing a new ruler
};

}  // namespace pulmo::viewer
