// pulmo-cli evaluate: a model on a labelled folder. Decisions at the card's threshold (below it a
// case is INDETERMINATE), the usual metrics with 95% Wilson intervals, ROC AUC on the positive
// probability, and the Grad-CAM pointing game against the sidecars' lesion boxes. The arithmetic
// is inference/api/Evaluation.h; this file gathers the numbers and prints them.
#include "CliSupport.h"
#include "LabelledImages.h"

#include "CsvWriter.h"

#include "Evaluation.h"
#include "InferenceBackend.h"
#include "PluginLoader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QPainter>
#include <QPainterPath>

#include <cmath>
#include <cstdio>
#include <optional>

namespace pulmo::cli {
namespace {

QJsonValue finiteOrNull(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

QJsonArray interval(const inference::Proportion& proportion)
{
    return QJsonArray{finiteOrNull(proportion.lower), finiteOrNull(proportion.upper)};
}

void addProportion(QJsonObject& object, const QString& key, const inference::Proportion& proportion)
{
    object[key] = finiteOrNull(proportion.value);
    object[key + QStringLiteral("_ci95")] = interval(proportion);
    object[key + QStringLiteral("_n")] = proportion.trials;
}

QJsonObject metricsObject(const inference::BinaryMetrics& metrics)
{
    QJsonObject object;
    addProportion(object, QStringLiteral("accuracy"), metrics.accuracy);
    addProportion(object, QStringLiteral("sensitivity"), metrics.sensitivity);
    addProportion(object, QStringLiteral("specificity"), metrics.specificity);
    addProportion(object, QStringLiteral("ppv"), metrics.ppv);
    addProportion(object, QStringLiteral("npv"), metrics.npv);
    return object;
}

QString percent(const inference::Proportion& proportion)
{
    if (proportion.trials == 0) return QStringLiteral("n/a (no cases)");
    return QStringLiteral("%1% [%2, %3] (%4/%5)")
        .arg(100.0 * proportion.value, 0, 'f', 1)
        .arg(100.0 * proportion.lower, 0, 'f', 1)
        .arg(100.0 * proportion.upper, 0, 'f', 1)
        .arg(proportion.successes)
        .arg(proportion.trials);
}

/// The ROC curve as a plot: axes from 0 to 1 with a grid every 0.1, the chance diagonal, the curve.
/// No text (pulmo-cli has no font machinery); the AUC is in the command's output.
void writeRocImage(const QString& path, const std::vector<inference::RocPoint>& curve)
{
    constexpr int kSize = 512, kMargin = 32;
    QImage image(kSize, kSize, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    const double span = kSize - 2 * kMargin;
    const auto at = [&](double falsePositiveRate, double truePositiveRate) {
        return QPointF(kMargin + falsePositiveRate * span, kSize - kMargin - truePositiveRate * span);
    };
    painter.setPen(QPen(QColor(225, 225, 225), 1));
    for (int i = 1; i < 10; ++i) {
        painter.drawLine(at(i / 10.0, 0), at(i / 10.0, 1));
        painter.drawLine(at(0, i / 10.0), at(1, i / 10.0));
    }
    painter.setPen(QPen(QColor(150, 150, 150), 1, Qt::DashLine));
    painter.drawLine(at(0, 0), at(1, 1));
    painter.setPen(QPen(Qt::black, 2));
    painter.drawRect(QRectF(at(0, 1), at(1, 0)));
    if (!curve.empty()) {
        QPainterPath path(at(curve.front().falsePositiveRate, curve.front().truePositiveRate));
        for (const inference::RocPoint& point : curve) path.lineTo(at(point.falsePositiveRate, point.truePositiveRate));
        painter.setPen(QPen(QColor(200, 30, 30), 3));
        painter.drawPath(path);
    }
    painter.end();
    if (!image.save(path)) throw std::runtime_error(path.toStdString() + ": cannot write image");
}

}  // namespace

int runEvaluate(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Evaluate a model on labelled images (DICOM with JSON sidecars, or <LABEL>/ folders): accuracy, sensitivity, "
        "specificity, PPV and NPV with 95% Wilson intervals over the cases decided at the card's threshold, the "
        "INDETERMINATE rate, ROC AUC, the confusion matrix, and the Grad-CAM pointing game on lesion boxes."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("DATA"), QStringLiteral("Folder of labelled images."));
    const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("The model (its card beside it)."),
                                   QStringLiteral("MODEL"));
    const QCommandLineOption device = makeDeviceOption();
    const QCommandLineOption roc(QStringLiteral("roc"), QStringLiteral("Write the ROC curve as a PNG image."),
                                 QStringLiteral("OUT.png"));
    const QCommandLineOption predictions(QStringLiteral("predictions"), QStringLiteral("Write one CSV row per image."),
                                         QStringLiteral("FILE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object with every figure."));
    parser.addOptions({model, device, roc, predictions, json});
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    if (!parser.isSet(model)) throw UsageError("--model MODEL is required");
    if (parser.positionalArguments().size() != 1) throw UsageError("one DATA folder expected");
    const std::string deviceName = deviceOption(parser, device);
    const QString dataFolder = parser.positionalArguments().front();
    const LabelledImageSet set = readLabelledImages(dataFolder);

    std::string pluginError;
    const inference::BackendHandle backend = inference::loadBackend(inference::defaultPluginPath(), &pluginError);
    if (!backend) throw std::runtime_error(pluginError);
    const std::unique_ptr<inference::Classifier> classifier =
        backend->loadModel(parser.value(model).toStdString(), deviceName);
    const inference::ModelIdentity& identity = classifier->identity();
    const inference::ModelCard& card = identity.card;
    const BinaryLabels binary = binaryLabels(card, "evaluate");
    const int positive = binary.positive;
    const QString& positiveLabel = binary.positiveLabel;
    const QString& negativeLabel = binary.negativeLabel;

    PredictionsCsv predictionsCsv(parser.isSet(predictions) ? parser.value(predictions) : QString(),
                                  {QStringLiteral("file"), QStringLiteral("truth"), QStringLiteral("label"),
                                   QStringLiteral("probability_positive"), QStringLiteral("pointing_game")});

    inference::ConfusionCounts decided;   // confidence >= threshold
    inference::ConfusionCounts atArgmax;  // every case, no threshold
    int indeterminatePositive = 0, indeterminateNegative = 0;
    std::vector<double> scores;
    std::vector<bool> truths;
    int pointingHits = 0, pointingCases = 0;
    inference::PredictOptions options;
    options.heatmapAtImageSize = true;  // the peak is looked for in the image's own coordinates
    QElapsedTimer timer;
    timer.start();
    for (const LabelledImage& item : set.images) {
        if (item.label != positiveLabel && item.label != negativeLabel)
            throw std::runtime_error(item.file.toStdString() + ": label '" + item.label.toStdString() +
                                     "' is not one of the model's labels");
        const bool truth = item.label == positiveLabel;
        const inference::Prediction prediction = classifier->predict({loadModelImage(item.file)}, options).front();
        const double score = prediction.probabilities[size_t(positive)];
        scores.push_back(score);
        truths.push_back(truth);
        const bool calledPositive = prediction.predictedIndex == positive;
        ++(truth ? (calledPositive ? atArgmax.truePositive : atArgmax.falseNegative)
                 : (calledPositive ? atArgmax.falsePositive : atArgmax.trueNegative));
        if (prediction.indeterminate) {
            ++(truth ? indeterminatePositive : indeterminateNegative);
        } else {
            ++(truth ? (calledPositive ? decided.truePositive : decided.falseNegative)
                     : (calledPositive ? decided.falsePositive : decided.trueNegative));
        }
        QString pointing;
        if (truth && !item.lesions.empty()) {
            const inference::HeatmapPeak peak =
                inference::heatmapPeak(prediction.heatmap, prediction.heatmapWidth, prediction.heatmapHeight);
            const bool hit = inference::pointingGameHit(peak, item.lesions);
            ++pointingCases;
            pointingHits += hit ? 1 : 0;
            pointing = hit ? QStringLiteral("hit") : QStringLiteral("miss");
        }
        predictionsCsv.write({item.file, item.label, QString::fromStdString(prediction.label),
                              feedback::CsvWriter::number(score, 8), pointing});
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    predictionsCsv.finish();

    const int n = int(set.images.size());
    const int indeterminate = indeterminatePositive + indeterminateNegative;
    const inference::BinaryMetrics decidedMetrics = inference::binaryMetrics(decided);
    const inference::BinaryMetrics argmaxMetrics = inference::binaryMetrics(atArgmax);
    const inference::Proportion indeterminateRate = inference::wilsonProportion(indeterminate, n);
    const inference::Proportion strictAccuracy =
        inference::wilsonProportion(decided.truePositive + decided.trueNegative, n);
    const inference::Proportion pointingGame = inference::wilsonProportion(pointingHits, pointingCases);
    const double auc = inference::rocAuc(scores, truths);
    const int positives = int(std::count(truths.begin(), truths.end(), true));
    if (parser.isSet(roc)) writeRocImage(parser.value(roc), inference::rocCurve(scores, truths));

    if (parser.isSet(json)) {
        QJsonObject object = metricsObject(decidedMetrics);
        object["n"] = n;
        object["data"] = dataFolder;
        object["layout"] = set.layout;
        object["model"] = QJsonObject{{"name", QString::fromStdString(card.name)},
                                      {"version", QString::fromStdString(card.version)},
                                      {"path", QString::fromStdString(identity.path)},
                                      {"sha256", QString::fromStdString(identity.sha256)},
                                      {"device", QString::fromStdString(identity.device)}};
        object["positive_label"] = positiveLabel;
        object["positives"] = positives;
        object["negatives"] = n - positives;
        object["threshold"] = card.threshold;
        object["decided"] = n - indeterminate;
        object["metrics_over"] = QStringLiteral(
            "accuracy, sensitivity, specificity, ppv and npv count the decided cases only (top probability >= "
            "threshold); INDETERMINATE cases are left out of them and counted in indeterminate_rate; "
            "accuracy_counting_indeterminate_as_wrong divides the correct decisions by n; 'argmax' has every case "
            "decided by the larger probability");
        addProportion(object, QStringLiteral("indeterminate_rate"), indeterminateRate);
        addProportion(object, QStringLiteral("accuracy_counting_indeterminate_as_wrong"), strictAccuracy);
        object["argmax"] = metricsObject(argmaxMetrics);
        object["auc"] = finiteOrNull(auc);
        object["confusion"] = QJsonObject{
            {"rows", QStringLiteral("truth")},
            {"columns", QJsonArray{negativeLabel, positiveLabel, QStringLiteral("INDETERMINATE")}},
            {negativeLabel, QJsonArray{decided.trueNegative, decided.falsePositive, indeterminateNegative}},
            {positiveLabel, QJsonArray{decided.falseNegative, decided.truePositive, indeterminatePositive}}};
        object["pointing_game"] = finiteOrNull(pointingGame.value);
        object["pointing_game_ci95"] = interval(pointingGame);
        object["pointing_game_hits"] = pointingHits;
        object["pointing_game_n"] = pointingCases;
        object["pointing_game_rule"] = QStringLiteral(
            "PNEUMONIA images with lesion boxes; the heatmap explains PNEUMONIA whatever the decision; a hit when the "
            "centroid of the heatmap's maximal pixels, in the image's own pixel coordinates, lies inside a box");
        object["seconds"] = seconds;
        object["images_per_s"] = seconds > 0 ? n / seconds : 0.0;
        if (parser.isSet(roc)) object["roc"] = parser.value(roc);
        printJsonLine(object);
        return ExitSuccess;
    }

    std::printf("%s %s on %s: %d images (%d %s, %d %s)\n", card.name.c_str(), card.version.c_str(),
                qPrintable(dataFolder), n, positives, qPrintable(positiveLabel), n - positives,
                qPrintable(negativeLabel));
    std::printf("threshold %s: %d decided, %d INDETERMINATE (rate %s)\n", fixed(card.threshold, 2).c_str(),
                n - indeterminate, indeterminate, qPrintable(percent(indeterminateRate)));
    std::printf("over decided cases (95%% Wilson intervals):\n");
    std::printf("  accuracy     %s\n", qPrintable(percent(decidedMetrics.accuracy)));
    std::printf("  sensitivity  %s\n", qPrintable(percent(decidedMetrics.sensitivity)));
    std::printf("  specificity  %s\n", qPrintable(percent(decidedMetrics.specificity)));
    std::printf("  PPV          %s\n", qPrintable(percent(decidedMetrics.ppv)));
    std::printf("  NPV          %s\n", qPrintable(percent(decidedMetrics.npv)));
    std::printf("accuracy counting INDETERMINATE as wrong: %s\n", qPrintable(percent(strictAccuracy)));
    std::printf("arg-max (every case decided): accuracy %s\n", qPrintable(percent(argmaxMetrics.accuracy)));
    std::printf("ROC AUC (%s probability): %s\n", qPrintable(positiveLabel), fixed(auc, 4).c_str());
    std::printf("confusion (rows truth; columns %s, %s, INDETERMINATE):\n", qPrintable(negativeLabel),
                qPrintable(positiveLabel));
    std::printf("  %-10s %5d %5d %5d\n", qPrintable(negativeLabel), decided.trueNegative, decided.falsePositive,
                indeterminateNegative);
    std::printf("  %-10s %5d %5d %5d\n", qPrintable(positiveLabel), decided.falseNegative, decided.truePositive,
                indeterminatePositive);
    std::printf("Grad-CAM pointing game: %s\n", qPrintable(percent(pointingGame)));
    return ExitSuccess;
}

}  // namespace pulmo::cli
