#pragma once
// The AI result panel: the label in words (Indeterminate shown distinctly, never as Normal),
// probabilities as bars in whole percent, the model's name, version, short hash, device and time, its
// intended use (a research model is marked so on every result), "what the model saw", the heatmap's
// controls, and the reader's verdict box (who is reading, this image's own verdict, Agree /
// Disagree). It shows what it is told; VerdictFlow decides when a verdict may be given.

#include "AiController.h"
#include "widgets/ImageView.h"

#include <QWidget>

#include <optional>

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

    /// Model monitoring's banner (issue 20): `text` while an alarm of the model is open, hidden when
    /// empty; its link asks for AI > Model Monitoring (monitoringRequested).
    void setMonitoringAlarms(const QString& text);
    QString monitoringAlarms() const;

    /// Waiting for a result for the image on screen.
    void showPending(const QString& status);
    /// No result: the reason, in words ("AI unavailable: ...").
    void showUnavailable(const QString& reason);
    /// Nothing to analyse (no image on screen, or its file could not be read): `reason`, not a wait.
    void showNoImage(const QString& reason);
    /// The image on screen is Pulmo's heatmap capture of a result: looked at, never analysed.
    void showCapture();
    /// The result, in words ("Pneumonia", "Indeterminate") with whole-percent probabilities; while
    /// the AI is hidden (setAiHidden) only that a result is ready, and how to see it.
    void showOutcome(const AiOutcome& outcome);
    /// "What the model saw", asked for again for a cached result (AiController::requestModelInput).
    void showModelInput(const inference::Prediction& prediction, const inference::ModelCard& card);
    bool showsModelInput() const;
    /// Reader first: the label and the probabilities stay hidden until the reader reveals them
    /// (Space); the last outcome shown is drawn again when this turns false.
    void setAiHidden(bool hidden);
    bool isAiHidden() const { return m_aiHidden; }
    /// A result is on the panel (not "Analysing..." or "AI unavailable").
    bool showsOutcome() const { return m_outcome.has_value(); }

    QString labelText() const;
    QString statusText() const;
    /// The probability bars' texts ("Normal  87 %"), top to bottom.
    QStringList probabilityTexts() const;
    viewer::ImageView::HeatmapStyle heatmapStyle() const;
    void setHeatmapStyle(const viewer::ImageView::HeatmapStyle& style);

    // The reader's verdict.
    /// "Reading as: <name>" at the top of the verdict box.
    void setReader(const QString& reader);
    QString readerText() const;
    void setVerdictEnabled(bool enabled);
    bool isVerdictEnabled() const;
    /// Back to an empty form for another image: no label chosen, no comment, no message, no
    /// disagreement or change under way.
    void clearVerdictForm();
    /// The image's own verdict: "You agreed: Pneumonia · 09:31 · reader" with a Change button, or
    /// (empty `text`) "Not reviewed yet".
    void showReviewState(const QString& text, bool reviewed);
    QString reviewText() const;
    /// D: pick the corrected label among those that disagree with `aiLabel` (the AI's opposite
    /// first) and an optional comment, Enter saves.
    void beginDisagreement(const QString& aiLabel);
    bool isDisagreeing() const { return m_disagreeing; }
    void cancelDisagreement();
    /// The corrected labels offered now (NORMAL, PNEUMONIA, NOT_ASSESSABLE), in order.
    QStringList correctedLabelChoices() const;
    QString correctedLabel() const;
    QString comment() const;
    /// A verdict was handed to the database: "Saving..." and no second verdict until it answers.
    void showSaving();
    /// Shown only after the database answered: saved, or not saved and why (the verdict controls
    /// come back, a disagreement's label and comment kept, for another try).
    void showSaveResult(bool saved, const QString& message);
    /// A short word to the reader in the verdict box ("Look at the image first"), not an error.
    void showNotice(const QString& message);
    QString saveText() const;
    void setProgress(const QString& text);
    /// Where the result was sent and when, or why not (ResultPublisher::deliveryText); hidden when empty.
    void setDeliveryText(const QString& text);
    QString deliveryText() const;
    QString progressText() const;

Q_SIGNALS:
    void monitoringRequested();
    void heatmapStyleChanged(const pulmo::viewer::ImageView::HeatmapStyle& style);
    void agreeClicked();
    void disagreeClicked();
    void disagreementConfirmed();
    void changeClicked();
    void revealClicked();

private:
    void emitStyle();
    void drawOutcome();

    QLabel* m_banner = nullptr;
    QLabel* m_monitoringBanner = nullptr;
    QLabel* m_label = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_reveal = nullptr;
    QWidget* m_bars = nullptr;
    QVBoxLayout* m_barsLayout = nullptr;
    QLabel* m_model = nullptr;
    QLabel* m_intendedUse = nullptr;
    QLabel* m_modelInput = nullptr;
    QCheckBox* m_heatmapVisible = nullptr;
    QSlider* m_opacity = nullptr;
    QComboBox* m_colormap = nullptr;
    QSlider* m_threshold = nullptr;
    QLabel* m_readingAs = nullptr;
    QLabel* m_reviewState = nullptr;
    QPushButton* m_change = nullptr;
    QPushButton* m_agree = nullptr;
    QPushButton* m_disagree = nullptr;
    QComboBox* m_correctedLabel = nullptr;
    QLineEdit* m_comment = nullptr;
    QPushButton* m_confirm = nullptr;
    QLabel* m_saveStatus = nullptr;
    QLabel* m_progress = nullptr;
    QLabel* m_delivery = nullptr;
    bool m_disagreeing = false;
    bool m_aiHidden = false;
    std::optional<AiOutcome> m_outcome;  ///< the last one shown, drawn again on reveal
    viewer::HeatmapStyle::Shape m_heatmapShape = viewer::HeatmapStyle::Shape::Filled;
};

}  // namespace pulmo::app
