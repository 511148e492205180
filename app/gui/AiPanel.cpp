#include "AiPanel.h"

#include "LabelWords.h"
#include "ModelLoading.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QLabel>
#include <QProgressBar>
#include <QSlider>
#include <QVBoxLayout>

namespace pulmo::app {
namespace {

QImage modelInputPicture(const inference::Prediction& prediction, const inference::ModelCard& card)
{
    const int size = card.inputSize;
    if (prediction.modelInput.size() != size_t(3) * size_t(size) * size_t(size)) return {};
    QImage picture(size, size, QImage::Format_Grayscale8);
    // Channel 0 with Normalize undone: the 8-bit image the network was given.
    for (int y = 0; y < size; ++y) {
        uint8_t* line = picture.scanLine(y);
        for (int x = 0; x < size; ++x) {
            const double value =
                prediction.modelInput[size_t(y) * size_t(size) + size_t(x)] * card.std[0] + card.mean[0];
            line[x] = uint8_t(std::clamp(value * 255.0 + 0.5, 0.0, 255.0));
        }
    }
    return picture;
}

}  // namespace

void AiPanel::setMonitoringAlarms(const QString& text)
{
    m_monitoringBanner->setProperty("plainText", text);
    m_monitoringBanner->setText(
        text.isEmpty() ? QString()
                       : text.toHtmlEscaped() + QStringLiteral(" <a style=\"color:white\" href=\"monitoring\">%1</a>")
                                                    .arg(tr("Open").toHtmlEscaped()));
    m_monitoringBanner->setVisible(!text.isEmpty());
}

QString AiPanel::monitoringAlarms() const
{
    return m_monitoringBanner->property("plainText").toString();
}

AiPanel::AiPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    m_banner = new QLabel(this);
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral("background:#7a4b00;color:white;padding:4px;font-weight:bold"));
    m_banner->hide();
    layout->addWidget(m_banner);
    m_monitoringBanner = new QLabel(this);
    m_monitoringBanner->setObjectName(QStringLiteral("monitoringBanner"));
    m_monitoringBanner->setWordWrap(true);
    m_monitoringBanner->setStyleSheet(QStringLiteral("background:#9b1c1c;color:white;padding:4px;font-weight:bold"));
    m_monitoringBanner->setTextFormat(Qt::RichText);
    m_monitoringBanner->hide();
    connect(m_monitoringBanner, &QLabel::linkActivated, this, &AiPanel::monitoringRequested);
    layout->addWidget(m_monitoringBanner);
    m_label = new QLabel(tr("No image"), this);
    QFont big = m_label->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_label->setFont(big);
    layout->addWidget(m_label);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_reveal = new QPushButton(tr("Reveal AI result (Space)"), this);
    m_reveal->setToolTip(tr("Show the AI's label, probabilities and heatmap, after your own first look"));
    m_reveal->hide();
    layout->addWidget(m_reveal);
    connect(m_reveal, &QPushButton::clicked, this, &AiPanel::revealClicked);
    m_bars = new QWidget(this);
    m_barsLayout = new QVBoxLayout(m_bars);
    m_barsLayout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_bars);
    m_model = new QLabel(this);
    m_model->setWordWrap(true);
    m_model->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_model);
    m_intendedUse = new QLabel(this);
    m_intendedUse->setWordWrap(true);
    layout->addWidget(m_intendedUse);
    // Where the result went (the PACS), or why it did not (issue 16).
    m_delivery = new QLabel(this);
    m_delivery->setObjectName(QStringLiteral("delivery"));
    m_delivery->setWordWrap(true);
    m_delivery->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_delivery->hide();
    layout->addWidget(m_delivery);

    auto* verdict = new QGroupBox(tr("Your verdict"), this);
    auto* verdictLayout = new QFormLayout(verdict);
    m_readingAs = new QLabel(verdict);
    m_readingAs->setObjectName(QStringLiteral("readingAs"));
    m_readingAs->setToolTip(tr("Your verdicts and the audit log are signed with this name (Preferences)"));
    verdictLayout->addRow(m_readingAs);
    // The image's own verdict on a row of its own (it wraps in a narrow dock), Change under it.
    m_reviewState = new QLabel(verdict);
    m_reviewState->setObjectName(QStringLiteral("reviewState"));
    m_reviewState->setWordWrap(true);
    verdictLayout->addRow(m_reviewState);
    m_change = new QPushButton(tr("Change (C)"), verdict);
    m_change->setToolTip(tr("Give this image a new verdict; the earlier one stays in the history"));
    m_change->hide();
    auto* review = new QHBoxLayout;
    review->addWidget(m_change);
    review->addStretch(1);
    verdictLayout->addRow(review);
    auto* buttons = new QHBoxLayout;
    m_agree = new QPushButton(tr("Agree (A)"), verdict);
    m_agree->setToolTip(tr("The AI is right: save and go to the next image"));
    m_disagree = new QPushButton(tr("Disagree (D)"), verdict);
    m_disagree->setToolTip(tr("The AI is wrong: choose the right label, then Enter"));
    buttons->addWidget(m_agree);
    buttons->addWidget(m_disagree);
    verdictLayout->addRow(buttons);
    m_correctedLabel = new QComboBox(verdict);
    m_correctedLabel->setToolTip(tr("The right label, when disagreeing"));
    m_comment = new QLineEdit(verdict);
    m_comment->setPlaceholderText(tr("optional comment"));
    m_confirm = new QPushButton(tr("Save disagreement (Enter)"), verdict);
    verdictLayout->addRow(tr("Correct label"), m_correctedLabel);
    verdictLayout->addRow(tr("Comment"), m_comment);
    verdictLayout->addRow(m_confirm);
    m_saveStatus = new QLabel(verdict);
    m_saveStatus->setObjectName(QStringLiteral("saveStatus"));
    m_saveStatus->setWordWrap(true);
    verdictLayout->addRow(m_saveStatus);
    m_progress = new QLabel(verdict);
    verdictLayout->addRow(m_progress);
    layout->addWidget(verdict);
    connect(m_agree, &QPushButton::clicked, this, &AiPanel::agreeClicked);
    connect(m_disagree, &QPushButton::clicked, this, &AiPanel::disagreeClicked);
    connect(m_confirm, &QPushButton::clicked, this, &AiPanel::disagreementConfirmed);
    connect(m_comment, &QLineEdit::returnPressed, this, &AiPanel::disagreementConfirmed);
    connect(m_change, &QPushButton::clicked, this, &AiPanel::changeClicked);
    clearVerdictForm();
    showReviewState({}, false);
    setVerdictEnabled(false);

    auto* heatmap = new QGroupBox(tr("Heatmap (Grad-CAM)"), this);
    auto* form = new QFormLayout(heatmap);
    m_heatmapVisible = new QCheckBox(tr("Show (H)"), heatmap);
    m_heatmapVisible->setChecked(true);
    m_heatmapVisible->setToolTip(tr("Show or hide the heatmap over the image"));
    m_opacity = new QSlider(Qt::Horizontal, heatmap);
    m_opacity->setRange(0, 100);
    m_opacity->setValue(45);
    m_opacity->setToolTip(tr("Heatmap opacity"));
    m_colormap = new QComboBox(heatmap);
    for (const viewer::Colormap map : {viewer::Colormap::Jet, viewer::Colormap::Inferno, viewer::Colormap::Viridis})
        m_colormap->addItem(viewer::colormapName(map), int(map));
    m_colormap->setToolTip(tr("Colour map"));
    m_threshold = new QSlider(Qt::Horizontal, heatmap);
    m_threshold->setRange(0, 255);
    m_threshold->setValue(64);
    m_threshold->setToolTip(tr("Hide activation weaker than this"));
    form->addRow(m_heatmapVisible);
    form->addRow(tr("Opacity"), m_opacity);
    form->addRow(tr("Colours"), m_colormap);
    form->addRow(tr("Threshold"), m_threshold);
    layout->addWidget(heatmap);
    connect(m_heatmapVisible, &QCheckBox::toggled, this, &AiPanel::emitStyle);
    connect(m_opacity, &QSlider::valueChanged, this, &AiPanel::emitStyle);
    connect(m_colormap, &QComboBox::currentIndexChanged, this, &AiPanel::emitStyle);
    connect(m_threshold, &QSlider::valueChanged, this, &AiPanel::emitStyle);

    auto* seen = new QGroupBox(tr("What the model saw"), this);
    auto* seenLayout = new QVBoxLayout(seen);
    m_modelInput = new QLabel(seen);
    m_modelInput->setObjectName(QStringLiteral("modelInput"));
    m_modelInput->setMinimumSize(224, 224);
    m_modelInput->setAlignment(Qt::AlignCenter);
    m_modelInput->setToolTip(
        tr("The 224 x 224 input as the model received it: a wrong window or inversion shows here"));
    seenLayout->addWidget(m_modelInput);
    layout->addWidget(seen);
    layout->addStretch(1);
}

QString AiPanel::labelText() const
{
    return m_label->text();
}

QString AiPanel::statusText() const
{
    return m_status->text();
}

QStringList AiPanel::probabilityTexts() const
{
    QStringList texts;
    if (m_bars->isHidden()) return texts;
    for (int i = 0; i < m_barsLayout->count(); ++i)
        if (const auto* bar = qobject_cast<QProgressBar*>(m_barsLayout->itemAt(i)->widget())) texts << bar->format();
    return texts;
}

viewer::ImageView::HeatmapStyle AiPanel::heatmapStyle() const
{
    viewer::ImageView::HeatmapStyle style;
    style.visible = m_heatmapVisible->isChecked();
    style.opacity = m_opacity->value() / 100.0;
    style.colormap = viewer::Colormap(m_colormap->currentData().toInt());
    style.threshold = m_threshold->value();
    style.shape = m_heatmapShape;
    return style;
}

void AiPanel::setHeatmapStyle(const viewer::ImageView::HeatmapStyle& style)
{
    m_heatmapVisible->setChecked(style.visible);
    m_opacity->setValue(int(std::lround(style.opacity * 100)));
    m_colormap->setCurrentIndex(m_colormap->findData(int(style.colormap)));
    m_threshold->setValue(style.threshold);
    if (style.shape != m_heatmapShape) {  // no widget of its own (AI > Heatmap as Outline)
        m_heatmapShape = style.shape;
        Q_EMIT heatmapStyleChanged(heatmapStyle());
    }
}

void AiPanel::setReader(const QString& reader)
{
    m_readingAs->setText(tr("Reading as: %1").arg(reader));
}

QString AiPanel::readerText() const
{
    return m_readingAs->text();
}

void AiPanel::setVerdictEnabled(bool enabled)
{
    m_agree->setEnabled(enabled);
    m_disagree->setEnabled(enabled);
    if (!enabled) cancelDisagreement();
}

bool AiPanel::isVerdictEnabled() const
{
    return m_agree->isEnabled();
}

void AiPanel::clearVerdictForm()
{
    cancelDisagreement();
    m_correctedLabel->clear();
    m_comment->clear();
    m_saveStatus->clear();
    m_saveStatus->setStyleSheet(QString());
}

void AiPanel::showReviewState(const QString& text, bool reviewed)
{
    m_reviewState->setText(reviewed ? text : tr("Not reviewed yet"));
    m_reviewState->setStyleSheet(reviewed ? QStringLiteral("color:#2e7d32;font-weight:bold")
                                          : QStringLiteral("color:#888"));
    m_change->setVisible(reviewed);
}

QString AiPanel::reviewText() const
{
    return m_reviewState->text();
}

void AiPanel::beginDisagreement(const QString& aiLabel)
{
    m_disagreeing = true;
    // Only the labels that disagree with the AI's answer; the opposite first. Disagreeing with an
    // Indeterminate answer may name any label.
    m_correctedLabel->clear();
    QStringList choices;
    if (aiLabel == QLatin1String("NORMAL"))
        choices = {QStringLiteral("PNEUMONIA"), QStringLiteral("NOT_ASSESSABLE")};
    else if (aiLabel == QLatin1String("PNEUMONIA"))
        choices = {QStringLiteral("NORMAL"), QStringLiteral("NOT_ASSESSABLE")};
    else
        choices = {QStringLiteral("NORMAL"), QStringLiteral("PNEUMONIA"), QStringLiteral("NOT_ASSESSABLE")};
    for (const QString& label : choices) m_correctedLabel->addItem(LabelWords::of(label), label);
    m_correctedLabel->setCurrentIndex(0);
    m_correctedLabel->setEnabled(true);
    m_comment->setEnabled(true);
    m_comment->clear();
    m_confirm->setEnabled(true);
    m_comment->setFocus();
}

void AiPanel::cancelDisagreement()
{
    m_disagreeing = false;
    m_correctedLabel->setEnabled(false);
    m_comment->setEnabled(false);
    m_confirm->setEnabled(false);
}

QStringList AiPanel::correctedLabelChoices() const
{
    QStringList labels;
    for (int i = 0; i < m_correctedLabel->count(); ++i) labels << m_correctedLabel->itemData(i).toString();
    return labels;
}

QString AiPanel::correctedLabel() const
{
    return m_correctedLabel->currentData().toString();
}

QString AiPanel::comment() const
{
    return m_comment->text();
}

void AiPanel::showSaving()
{
    m_saveStatus->setText(tr("Saving..."));
    m_saveStatus->setStyleSheet(QString());
    m_agree->setEnabled(false);
    m_disagree->setEnabled(false);
    m_confirm->setEnabled(false);
}

void AiPanel::showSaveResult(bool saved, const QString& message)
{
    m_saveStatus->setText(message);
    m_saveStatus->setStyleSheet(saved ? QStringLiteral("color:#2e7d32")
                                      : QStringLiteral("color:#c62828;font-weight:bold"));
    if (saved) {
        cancelDisagreement();
        return;
    }
    m_agree->setEnabled(true);
    m_disagree->setEnabled(true);
    m_confirm->setEnabled(m_disagreeing);
}

void AiPanel::showNotice(const QString& message)
{
    m_saveStatus->setText(message);
    m_saveStatus->setStyleSheet(QStringLiteral("color:#8a5a00"));
}

QString AiPanel::saveText() const
{
    return m_saveStatus->text();
}

void AiPanel::setProgress(const QString& text)
{
    m_progress->setText(text);
}

void AiPanel::setDeliveryText(const QString& text)
{
    m_delivery->setText(text);
    m_delivery->setVisible(!text.isEmpty());
}

QString AiPanel::deliveryText() const
{
    return m_delivery->text();
}

QString AiPanel::progressText() const
{
    return m_progress->text();
}

void AiPanel::emitStyle()
{
    Q_EMIT heatmapStyleChanged(heatmapStyle());
}

void AiPanel::showPending(const QString& status)
{
    m_outcome.reset();
    m_label->setText(tr("Analysing..."));
    m_label->setStyleSheet(QString());
    m_status->setText(status);
    m_reveal->hide();
    m_bars->hide();
    m_modelInput->clear();
}

void AiPanel::showUnavailable(const QString& reason)
{
    m_outcome.reset();
    m_label->setText(tr("AI unavailable"));
    m_label->setStyleSheet(QStringLiteral("color:#888"));
    m_status->setText(reason);
    m_reveal->hide();
    m_bars->hide();
    m_banner->hide();
    m_model->clear();
    m_intendedUse->clear();
    m_modelInput->clear();
}

void AiPanel::showNoImage(const QString& reason)
{
    showUnavailable(reason);
    m_label->setText(tr("No image"));
}

void AiPanel::showCapture()
{
    showUnavailable(tr("This is Pulmo's heatmap capture of an AI result, not a radiograph: it is not analysed."));
    m_label->setText(tr("Not analysed"));
}

void AiPanel::setAiHidden(bool hidden)
{
    if (hidden == m_aiHidden) return;
    m_aiHidden = hidden;
    if (m_outcome) drawOutcome();
}

void AiPanel::showOutcome(const AiOutcome& outcome)
{
    if (!outcome.ok || !outcome.model) {
        showUnavailable(outcome.error);
        return;
    }
    m_outcome = outcome;
    drawOutcome();
}

void AiPanel::drawOutcome()
{
    const AiOutcome& outcome = *m_outcome;
    const inference::ModelIdentity& model = *outcome.model;
    const inference::Prediction& prediction = outcome.prediction;
    while (QLayoutItem* item = m_barsLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_reveal->setVisible(m_aiHidden);
    if (m_aiHidden) {
        // Reader first: nothing of the answer (no label, no figure, no colour) before the reveal.
        m_label->setText(tr("AI result hidden"));
        m_label->setStyleSheet(QStringLiteral("color:#888"));
        m_status->setText(tr("Look at the image first; press Space to see the AI's answer."));
        m_bars->hide();
    } else {
        // Words, not the card's spelling: "Pneumonia", "Indeterminate"; a label Pulmo does not know
        // stays as the card says.
        m_label->setText(LabelWords::of(outcome.indeterminate ? QStringLiteral("INDETERMINATE") : outcome.label));
        // Colour is not the only cue: the words differ too. Indeterminate never looks like Normal.
        m_label->setStyleSheet(outcome.indeterminate                         ? QStringLiteral("color:#c77d00")
                               : outcome.label == QLatin1String("PNEUMONIA") ? QStringLiteral("color:#c62828")
                                                                             : QStringLiteral("color:#2e7d32"));
        QString status = outcome.indeterminate ? tr("Top probability %1 is below the threshold of %2: no decision.")
                                                     .arg(LabelWords::probability(prediction.confidence),
                                                          LabelWords::percent(outcome.threshold))
                                               : tr("Threshold %1.").arg(LabelWords::percent(outcome.threshold));
        if (outcome.fromPacs) {
            status = tr("From the PACS: the AI report of %1; the model was not run again here.")
                         .arg(outcome.storedDateTime) +
                     QLatin1Char(' ') + status;
            if (!outcome.verifiedBy.isEmpty())
                status += QLatin1Char(' ') + tr("Signed off by %1.").arg(outcome.verifiedBy);
        }
        m_status->setText(status);
        for (size_t c = 0; c < prediction.labels.size(); ++c) {
            auto* bar = new QProgressBar(m_bars);
            bar->setRange(0, 1000);
            bar->setValue(int(std::lround(prediction.probabilities[c] * 1000.0)));
            bar->setFormat(tr("%1  %2", "label, probability")
                               .arg(LabelWords::of(QString::fromStdString(prediction.labels[c])),
                                    LabelWords::probability(prediction.probabilities[c])));
            m_barsLayout->addWidget(bar);
        }
        m_bars->show();
    }
    if (outcome.fromPacs)
        m_model->setText(tr("%1 %2 · %3 · from the PACS")
                             .arg(QString::fromStdString(model.card.name), QString::fromStdString(model.card.version),
                                  QString::fromStdString(model.sha256.substr(0, 12))));
    else
        m_model->setText(
            tr("%1 %2 · %3 · %4 · %5 ms")
                .arg(QString::fromStdString(model.card.name), QString::fromStdString(model.card.version),
                     QString::fromStdString(model.sha256.substr(0, 12)), QString::fromStdString(model.device))
                .arg(QLocale().toString(prediction.inferenceMs + prediction.camMs + prediction.preprocessMs, 'f', 0)) +
            (model.card.hasCard ? QString() : tr(" · no model card: default settings")) +
            (QFileInfo(QString::fromStdString(model.path)).canonicalFilePath() ==
                     QFileInfo(demoModelPath()).canonicalFilePath()
                 ? tr(" · the bundled demo model")
                 : QString()));
    m_intendedUse->setText(QString::fromStdString(model.card.intendedUse));
    m_banner->setText(tr("Research model, not for clinical use: %1")
                          .arg(model.card.trainingData.empty() ? tr("not a medical device")
                                                               : QString::fromStdString(model.card.trainingData)));
    m_banner->setVisible(!model.card.clinicalUse);
    showModelInput(prediction, model.card);
}

void AiPanel::showModelInput(const inference::Prediction& prediction, const inference::ModelCard& card)
{
    const QImage picture = modelInputPicture(prediction, card);
    if (picture.isNull())
        m_modelInput->clear();
    else
        m_modelInput->setPixmap(QPixmap::fromImage(picture));
}

bool AiPanel::showsModelInput() const
{
    return !m_modelInput->pixmap().isNull();
}

}  // namespace pulmo::app
