#include "ResultCapture.h"

#include "ModelInput.h"
#include "PredictionHeatmap.h"
#include "overlay/HeatmapRenderer.h"
#include "results/AiResult.h"

#include <QFont>
#include <QFontMetrics>
#include <QImage>
#include <QLocale>
#include <QPainter>
#include <QStringList>

#include <algorithm>
#include <stdexcept>

namespace pulmo::app {
namespace {

// The banner's look: near-black, white result, grey model line, amber warning. Sizes are in units of
// the first line's pixel size, which follows the image's width.
const QColor kBannerColour(18, 18, 20);
const QColor kResultColour(255, 255, 255);
const QColor kModelColour(200, 200, 200);
const QColor kWarningColour(255, 176, 0);
constexpr int kMinimumPixelSize = 14;   ///< the first line's, on images up to 616 px wide
constexpr int kSmallestPixelSize = 10;  ///< what a line too long for the width may shrink to

struct BannerLine {
    QStringList texts;  ///< the full wording first, shorter ones after it for narrow images
    QColor colour;
    double scale;  ///< of the base pixel size
    bool bold;
};

int basePixelSize(int imageColumns)
{
    return std::max(kMinimumPixelSize, imageColumns / 44);
}

QFont bannerFont(int pixelSize, bool bold)
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setStyleHint(QFont::SansSerif);
    font.setPixelSize(std::max(1, pixelSize));
    font.setBold(bold);
    return font;
}

int linePixelSize(int base, double scale)
{
    return std::max(kSmallestPixelSize, int(base * scale + 0.5));
}

// The three lines' scales and weights, the same for any text (the banner's height depends on the width only).
constexpr double kScales[3] = {1.0, 0.78, 0.86};
constexpr bool kBold[3] = {true, false, true};

int margin(int base)
{
    return std::max(4, int(base * 0.6 + 0.5));
}

int gap(int base)
{
    return std::max(1, base / 4);
}

QString percent(double probability)
{
    return QLocale::c().toString(std::clamp(probability, 0.0, 1.0) * 100.0, 'f', 0) + QLatin1Char('%');
}

/// "PNEUMONIA" -> "Pneumonia", "PLEURAL_EFFUSION" -> "Pleural effusion".
QString displayName(const std::string& label)
{
    QString name = QString::fromStdString(label).toLower().replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!name.isEmpty()) name[0] = name[0].toUpper();
    return name;
}

double positiveProbability(const inference::Prediction& prediction, const inference::ModelCard& card)
{
    int index = -1;
    const auto found = std::find(prediction.labels.begin(), prediction.labels.end(), card.positiveLabel);
    if (found != prediction.labels.end()) index = int(found - prediction.labels.begin());
    if (index < 0) index = card.positiveIndex();
    if (index < 0 || size_t(index) >= prediction.probabilities.size())
        throw std::runtime_error("cannot render the result capture: the prediction has no probability of " +
                                 card.positiveLabel);
    return double(prediction.probabilities[size_t(index)]);
}

std::vector<BannerLine> bannerLines(const inference::Prediction& prediction, const inference::ModelIdentity& model)
{
    const inference::ModelCard& card = model.card;
    if (prediction.label.empty())
        throw std::runtime_error("cannot render the result capture: the prediction has no label");
    const QString positive = displayName(card.positiveLabel);
    const QString probability = percent(positiveProbability(prediction, card));
    const QString label = QString::fromStdString(prediction.label);
    // Fixed English, not tr(): burned into a DICOM object that anyone, anywhere, may read.
    QStringList result;
    if (prediction.indeterminate || prediction.label == "INDETERMINATE")
        result << QStringLiteral("AI result: INDETERMINATE \u2014 %1 %2, confidence below the model's %3 threshold")
                      .arg(positive, probability, percent(card.threshold))
               << QStringLiteral("AI result: INDETERMINATE (%1 %2, below threshold)").arg(positive, probability)
               << QStringLiteral("AI result: INDETERMINATE (%1 %2)").arg(positive, probability);
    else
        // The decision first, then the figure it rests on: "AI result: NORMAL · Pneumonia 1%".
        result << QStringLiteral("AI result: %1 \u00b7 %2 %3").arg(label, positive, probability)
               << QStringLiteral("AI result: %1 (%2 %3)").arg(label, positive, probability);

    results::Algorithm algorithm;
    algorithm.name = card.name;
    algorithm.version = card.version;
    algorithm.sha256 = model.sha256;
    const QString modelWords =
        QStringLiteral("Model %1 %2")
            .arg(QString::fromStdString(card.name), QString::fromStdString(algorithm.versionWithHash()));
    const QStringList modelLine{modelWords + QStringLiteral(" \u00b7 Grad-CAM heatmap of %1").arg(positive),
                                modelWords + QStringLiteral(" \u00b7 Grad-CAM heatmap"), modelWords};
    QStringList warning;
    if (!card.clinicalUse)
        warning << QStringLiteral("NOT FOR DIAGNOSTIC USE \u00b7 research model, not for clinical use")
                << QStringLiteral("NOT FOR DIAGNOSTIC USE \u00b7 not for clinical use");
    warning << QStringLiteral("NOT FOR DIAGNOSTIC USE");
    return {{result, kResultColour, kScales[0], kBold[0]},
            {modelLine, kModelColour, kScales[1], kBold[1]},
            {warning, kWarningColour, kScales[2], kBold[2]}};
}

void drawBanner(QImage& canvas, int bannerRows, const std::vector<BannerLine>& lines)
{
    const int base = basePixelSize(canvas.width());
    const int left = margin(base);
    const int available = canvas.width() - 2 * left;
    QPainter painter(&canvas);
    painter.fillRect(QRect(0, 0, canvas.width(), bannerRows), kBannerColour);
    painter.setRenderHint(QPainter::TextAntialiasing);
    int top = margin(base);
    for (const BannerLine& line : lines) {
        const int nominal = linePixelSize(base, line.scale);
        // The first wording that fits; else the shortest one shrunk (down to the smallest legible size),
        // then elided (a very long model name). The line's height stays the nominal one.
        int size = nominal;
        QFont font = bannerFont(size, line.bold);
        QString chosen = line.texts.last();
        for (const QString& candidate : line.texts) {
            if (QFontMetrics(font).horizontalAdvance(candidate) <= available) {
                chosen = candidate;
                break;
            }
        }
        while (size > kSmallestPixelSize && QFontMetrics(font).horizontalAdvance(chosen) > available)
            font = bannerFont(--size, line.bold);
        const QFontMetrics metrics(font);
        const QString text = metrics.elidedText(chosen, Qt::ElideRight, available);
        const QFontMetrics nominalMetrics(bannerFont(nominal, line.bold));
        painter.setFont(font);
        painter.setPen(line.colour);
        painter.drawText(QPoint(left, top + nominalMetrics.ascent()), text);
        top += nominalMetrics.height() + gap(base);
    }
    // A thin rule between the banner and the image.
    const int rule = std::max(1, base / 12);
    painter.fillRect(QRect(0, bannerRows - rule, canvas.width(), rule), QColor(90, 90, 96));
}

}  // namespace

int resultCaptureBannerRows(int imageColumns)
{
    const int base = basePixelSize(imageColumns);
    int rows = 2 * margin(base);
    for (int i = 0; i < 3; ++i) rows += QFontMetrics(bannerFont(linePixelSize(base, kScales[i]), kBold[i])).height();
    return rows + 2 * gap(base);
}

results::RgbPixels renderResultCapture(const dicom::DecodedImage& image, const inference::Prediction& prediction,
                                       const inference::ModelIdentity& model)
{
    if (image.width() <= 0 || image.height() <= 0 || image.frameCount() < 1)
        throw std::runtime_error("cannot render the result capture: the image is empty");
    const viewer::CamMap map = camMapOf(prediction, model.card.inputSize);
    if (!map.isValid())
        throw std::runtime_error("cannot render the result capture: the prediction has no heatmap (Grad-CAM map)");
    const std::vector<BannerLine> lines = bannerLines(prediction, model);

    // The display pipeline's default rendering, the model's input: modelInputImage takes shared
    // ownership, this call only lends the image (a non-owning pointer, used within the call).
    const std::shared_ptr<const dicom::DecodedImage> lent(std::shared_ptr<const dicom::DecodedImage>(), &image);
    const inference::GrayImage gray = modelInputImage(lent, 0);
    QImage grey(gray.width, gray.height, QImage::Format_Grayscale8);
    for (int y = 0; y < gray.height; ++y)
        std::copy_n(gray.pixels.data() + size_t(y) * size_t(gray.width), size_t(gray.width), grey.scanLine(y));
    const QImage blended = viewer::blendHeatmap(grey, map, viewer::HeatmapStyle{});
    if (blended.isNull()) throw std::runtime_error("cannot render the result capture: the image could not be drawn");

    const int bannerRows = resultCaptureBannerRows(blended.width());
    QImage canvas(blended.width(), blended.height() + bannerRows, QImage::Format_RGB32);
    {
        QPainter painter(&canvas);
        painter.drawImage(QPoint(0, bannerRows), blended);
    }
    drawBanner(canvas, bannerRows, lines);

    const QImage rgb = canvas.convertToFormat(QImage::Format_RGB888);
    results::RgbPixels pixels;
    pixels.rows = rgb.height();
    pixels.columns = rgb.width();
    pixels.rgb.resize(size_t(pixels.rows) * size_t(pixels.columns) * 3);
    for (int y = 0; y < rgb.height(); ++y)
        std::copy_n(rgb.constScanLine(y), size_t(rgb.width()) * 3, pixels.rgb.data() + size_t(y) * rgb.width() * 3);
    return pixels;
}

}  // namespace pulmo::app
