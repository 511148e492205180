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
class QLineEdit;
class QPushButton;
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
    /// Nothing to analyse (no image on screen, or its file could not be read): `reason`, not a wait.
    void showNoImage(const QString& reason);
    void showOutcome(const AiOutcome& outcome);
    /// "What the model saw", asked for again for a cached result (AiController::requestModelInput).
    void showModelInput(const inference::Prediction& prediction, const inference::ModelCard& card);
    bool showsModelInput() const;

    QString labelText() const;
    QString statusText() const;
    viewer::ImageView::HeatmapStyle heatmapStyle() const;
    void setHeatmapStyle(const viewer::ImageView::HeatmapStyle& style);

    // The reader's verdict.
    void setVerdictEnabled(bool enabled);
    /// D: pick the corrected label (the AI's opposite first) and an optional comment, Enter saves.
    void beginDisagreement(const QString& aiLabel);
    bool isDisagreeing() const { return m_disagreeing; }
    void cancelDisagreement();
    QString correctedLabel() const;
    QString comment() const;
    /// A verdict was handed to the database: "Saving..." and no second verdict until it answers.
    void showSaving();
    /// Shown only after the database answered: saved, or not saved and why (the verdict controls
    /// come back, a disagreement's label and comment kept, for another try).
    void showSaveResult(bool saved, const QString& message);
    QString saveText() const;
    void setProgress(const QString& text);
    QString progressText() const;

Q_SIGNALS:
    void heatmapStyleChanged(const pulmo::viewer::ImageView::HeatmapStyle& style);
    void agreeClicked();
    void disagreeClicked();
    void disagreementConfirmed();

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
    QPushButton* m_agree = nullptr;
    QPushButton* m_disagree = nullptr;
    QComboBox* m_correctedLabel = nullptr;
    QLineEdit* m_comment = nullptr;
    QPushButton* m_confirm = nullptr;
    QLabel* m_saveStatus = nullptr;
    QLabel* m_progress = nullptr;
    bool m_disagreeing = false;
};

}  // namespace pulmo::app
