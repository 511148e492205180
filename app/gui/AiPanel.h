#pragma once
// The AI result panel: the label (INDETERMINATE shown distinctly, never as NORMAL), probabilities
// as bars, the model's name, version, short hash, device and time, its intended use (a research
// model is marked so on every result), "what the model saw", and the heatmap's controls.

#include "AiController.h"
#include "widgets/ImageView.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QSlider;
class QVBoxLayout;

namespace pulmo::app {

class AiPanel : public QWidget {
    Q_OBJECT
public:
    explicit AiPanel(QWidget* parent = nullptr);

    /// Waiting for a result for the image on screen.
    void showPending(const QString& status);
    /// No result: the reason, in words ("AI unavailable: ...").
    void showUnavailable(const QString& reason);
    void showOutcome(const AiOutcome& outcome);

    QString labelText() const;
    QString statusText() const;
    viewer::ImageView::HeatmapStyle heatmapStyle() const;
    void setHeatmapStyle(const viewer::ImageView::HeatmapStyle& style);

Q_SIGNALS:
    void heatmapStyleChanged(const pulmo::viewer::ImageView::HeatmapStyle& style);

private:
    void emitStyle();

    QLabel* m_banner = nullptr;
    QLabel* m_label = nullptr;
    QLabel* m_status = nullptr;
    QWidget* m_bars = nullptr;
    QVBoxLayout* m_barsLayout = nullptr;
    QLabel* m_model = nullptr;
    QLabel* m_intendedUse = nullptr;
    QLabel* m_modelInput = nullptr;
    QCheckBox* m_heatmapVisible = nullptr;
    QSlider* m_opacity = nullptr;
    QComboBox* m_colormap = nullptr;
    QSlider* m_threshold = nullptr;
};

}  // namespace pulmo::app
