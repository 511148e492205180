// pulmo-cli golden: a model on a labelled golden set, as a safety gate (issue 20 item 4).
// Sensitivity and specificity over every case with Clopper-Pearson intervals, calibration, the
// threshold that keeps a chosen sensitivity; the run is stored in a feedback database and compared
// with the model's previous run on the same images (the pipeline must give the same outputs).

#include "CliModel.h"
#include "CliSupport.h"
#include "LabelledImages.h"
#include "MonitoringCharts.h"

#include "AuditLog.h"
#include "CsvWriter.h"
#include "FeedbackDatabase.h"
#include "FeedbackStore.h"
#include "GoldenStore.h"
#include "monitoring/GoldenSet.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace pulmo::cli {

namespace {

QJsonValue finiteOrNull(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

QString fileSha256(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) throw std::runtime_error(path.toStdString() + ": cannot read");
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file)) throw std::runtime_error(path.toStdString() + ": cannot read");
    return QString::fromLatin1(hash.result().toHex());
}

double fraction(const QCommandLineParser& parser, const QCommandLineOption& option, const char* name)
{
    bool ok = false;
    const double value = parser.value(option).toDouble(&ok);  // C locale
    if (!ok || !(value >= 0 && value <= 1)) throw UsageError(std::string(name) + " takes a number from 0 to 1");
    return value;
}

}  // namespace

int runGolden(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run a model on a labelled golden set (DICOM with JSON sidecars, or an ImageFolder export) as a safety "
        "gate: sensitivity and specificity over every case (an INDETERMINATE answer is neither a detection nor a "
        "clearance) with Clopper-Pearson 95% intervals, the expected calibration error and reliability bins, and "
        "the threshold that keeps --target-sensitivity. The run is stored in the feedback database and its "
        "outputs compared with the model's previous run on the same images. Exits 3 when a lower bound is below "
        "its floor or an output changed by more than --tolerance."));
    parser.addHelpOption();
    const QCommandLineOption model(QStringLiteral("model"),
                                   QStringLiteral("The model (its card beside it); default: the demo model."),
                                   QStringLiteral("MODEL"));
    const QCommandLineOption set(QStringLiteral("set"), QStringLiteral("The golden set's folder."),
                                 QStringLiteral("DIR"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("The feedback database the run is stored in."),
                                QStringLiteral("PATH"));
    const QCommandLineOption minSensitivity(QStringLiteral("min-sensitivity"),
                                            QStringLiteral("Floor for the sensitivity's lower 95% bound."),
                                            QStringLiteral("S"));
    const QCommandLineOption minSpecificity(QStringLiteral("min-specificity"),
                                            QStringLiteral("Floor for the specificity's lower 95% bound."),
                                            QStringLiteral("S"));
    const QCommandLineOption target(QStringLiteral("target-sensitivity"),
                                    QStringLiteral("The sensitivity the reported threshold keeps."),
                                    QStringLiteral("S"), QStringLiteral("0.95"));
    const QCommandLineOption bins(QStringLiteral("bins"), QStringLiteral("Calibration bins, 1 .. 100."),
                                  QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption tolerance(
        QStringLiteral("tolerance"),
        QStringLiteral("Largest change of an image's probability from the previous run that is not an alarm."),
        QStringLiteral("T"), QStringLiteral("1e-5"));
    const QCommandLineOption device = makeDeviceOption();
    const QCommandLineOption predictions(QStringLiteral("predictions"), QStringLiteral("Write one CSV row per image."),
                                         QStringLiteral("FILE"));
    const QCommandLineOption report(QStringLiteral("report"),
                                    QStringLiteral("Write the reliability diagram (reliability.png) into this folder."),
                                    QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object with every figure."));
    parser.addOptions(
        {model, set, db, minSensitivity, minSpecificity, target, bins, tolerance, device, predictions, report, json});
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    if (!parser.positionalArguments().isEmpty()) throw UsageError("no positional arguments expected");
    if (!parser.isSet(set) || !parser.isSet(db)) throw UsageError("--set DIR and --db PATH are required");
    if (!parser.isSet(minSensitivity) || !parser.isSet(minSpecificity))
        throw UsageError("--min-sensitivity and --min-specificity are required");
    const double sensitivityFloor = fraction(parser, minSensitivity, "--min-sensitivity");
    const double specificityFloor = fraction(parser, minSpecificity, "--min-specificity");
    const double targetSensitivity = fraction(parser, target, "--target-sensitivity");
    if (targetSensitivity <= 0) throw UsageError("--target-sensitivity must be above 0");
    bool ok = false;
    const int binCount = parser.value(bins).toInt(&ok);
    if (!ok || binCount < 1 || binCount > 100) throw UsageError("--bins takes a number from 1 to 100");
    const double allowed = parser.value(tolerance).toDouble(&ok);
    if (!ok || !(allowed >= 0)) throw UsageError("--tolerance takes a number >= 0");
    const std::string deviceName = deviceOption(parser, device);

    const LabelledImageSet images = readLabelledImages(parser.value(set));
    feedback::FeedbackDatabase database(parser.value(db).toStdString());
    const LoadedModel loaded = loadModel(parser.isSet(model) ? parser.value(model) : defaultModelPath(), deviceName);
    const inference::ModelIdentity& identity = loaded.classifier->identity();
    const inference::ModelCard& card = identity.card;
    const BinaryLabels binary = binaryLabels(card, "golden");
    const int positive = binary.positive;
    const QString& positiveLabel = binary.positiveLabel;
    const QString& negativeLabel = binary.negativeLabel;

    PredictionsCsv predictionsCsv(parser.isSet(predictions) ? parser.value(predictions) : QString(),
                                  {QStringLiteral("file"), QStringLiteral("image_sha256"), QStringLiteral("truth"),
                                   QStringLiteral("answer"), QStringLiteral("probability_positive")});

    std::vector<monitoring::GoldenCase> cases;
    std::vector<feedback::GoldenOutput> outputs;
    QStringList setLines;
    inference::PredictOptions options;
    for (const LabelledImage& item : images.images) {
        if (item.label != positiveLabel && item.label != negativeLabel)
            throw std::runtime_error(item.file.toStdString() + ": label '" + item.label.toStdString() +
                                     "' is not one of the model's labels");
        const QString sha = fileSha256(item.file);
        const inference::Prediction prediction =
            loaded.classifier->predict({loadModelImage(item.file)}, options).front();
        monitoring::GoldenCase c;
        c.probability = double(prediction.probabilities[size_t(positive)]);
        c.truth = item.label == positiveLabel;
        c.indeterminate = prediction.indeterminate;
        c.answeredPositive = prediction.predictedIndex == positive;
        cases.push_back(c);
        outputs.push_back({sha, item.label, c.probability});
        setLines << sha + QLatin1Char(' ') + item.label;
        predictionsCsv.write({item.file, sha, item.label, QString::fromStdString(prediction.label),
                              feedback::CsvWriter::number(c.probability, 17)});
    }
    predictionsCsv.finish();
    const monitoring::GoldenSummary summary = monitoring::summariseGolden(cases, binCount, targetSensitivity);

    // The previous run of this model, on the images both saw.
    feedback::GoldenStore store(database);
    feedback::GoldenRun run;
    run.runUtc = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    run.modelSha256 = QString::fromStdString(identity.sha256);
    run.setPath = QDir(parser.value(set)).absolutePath();
    setLines.sort();
    run.setSha256 = QString::fromLatin1(
        QCryptographicHash::hash(setLines.join(QLatin1Char('\n')).toUtf8(), QCryptographicHash::Sha256).toHex());
    run.largestChange = std::numeric_limits<double>::quiet_NaN();
    QString changedImage;
    // The model's last run on this set; else its last run (the images both saw are compared).
    const std::vector<feedback::GoldenRun> previous = store.runs(run.modelSha256);
    const auto sameSet = std::find_if(previous.rbegin(), previous.rend(),
                                      [&](const feedback::GoldenRun& r) { return r.setSha256 == run.setSha256; });
    if (!previous.empty()) {
        const feedback::GoldenRun& last = sameSet != previous.rend() ? *sameSet : previous.back();
        const std::map<QString, double> before = store.outputs(last.id);
        for (const feedback::GoldenOutput& o : outputs) {
            const auto found = before.find(o.imageSha256);
            if (found == before.end()) continue;
            const double change = std::abs(o.probability - found->second);
            if (run.comparedImages == 0 || change > run.largestChange) {
                run.largestChange = change;
                changedImage = o.imageSha256;
            }
            ++run.comparedImages;
        }
        if (run.comparedImages > 0) run.comparedRunId = last.id;
    }
    run.images = long(cases.size());
    run.positives = summary.positives;
    run.sensitivity = summary.sensitivity;
    run.sensitivityLow = summary.sensitivityInterval.low;
    run.sensitivityHigh = summary.sensitivityInterval.high;
    run.specificity = summary.specificity;
    run.specificityLow = summary.specificityInterval.low;
    run.specificityHigh = summary.specificityInterval.high;
    run.expectedCalibrationError = summary.expectedCalibrationError;
    run.targetSensitivity = targetSensitivity;
    run.thresholdForTarget = summary.thresholdForTarget;
    run.minSensitivity = sensitivityFloor;
    run.minSpecificity = specificityFloor;
    run.tolerance = allowed;
    QStringList failures;
    // A bound that cannot be computed (no positive or no negative case) is below any floor.
    if (!(run.sensitivityLow >= sensitivityFloor)) failures << QStringLiteral("sensitivity");
    if (!(run.specificityLow >= specificityFloor)) failures << QStringLiteral("specificity");
    if (run.comparedImages > 0 && run.largestChange > allowed) failures << QStringLiteral("determinism");
    run.passed = failures.isEmpty();
    run.failures = failures.join(QLatin1Char(','));
    run.reader = feedback::FeedbackStore::defaultReader();
    store.record(run, outputs);
    feedback::AuditLog(database).append(run.reader, QStringLiteral("golden"), run.setPath,
                                        run.passed ? QStringLiteral("passed") : QStringLiteral("failed"),
                                        QStringLiteral("model %1, %2 images, run %3%4")
                                            .arg(run.modelSha256, QString::number(run.images), QString::number(run.id),
                                                 run.passed ? QString() : QStringLiteral(", failed: ") + run.failures));

    if (parser.isSet(report)) {
        if (!QDir().mkpath(parser.value(report)))
            throw std::runtime_error(parser.value(report).toStdString() + ": cannot create folder");
        app::writeReliabilityDiagram(QDir(parser.value(report)).filePath(QStringLiteral("reliability.png")), summary);
    }

    if (parser.isSet(json)) {
        QJsonObject object;
        object["run_id"] = run.id;
        object["set"] = run.setPath;
        object["set_sha256"] = run.setSha256;
        object["layout"] = images.layout;
        object["model"] = modelJson(identity);
        object["images"] = qint64(run.images);
        object["positives"] = qint64(summary.positives);
        object["negatives"] = qint64(summary.negatives);
        object["confusion"] =
            QJsonObject{{"rows", QStringLiteral("truth")},
                        {"columns", QJsonArray{negativeLabel, positiveLabel, QStringLiteral("INDETERMINATE")}},
                        {negativeLabel, QJsonArray{qint64(summary.trueNegative), qint64(summary.falsePositive),
                                                   qint64(summary.indeterminateNegative)}},
                        {positiveLabel, QJsonArray{qint64(summary.falseNegative), qint64(summary.truePositive),
                                                   qint64(summary.indeterminatePositive)}}};
        object["sensitivity"] = finiteOrNull(summary.sensitivity);
        object["sensitivity_ci95"] = QJsonArray{finiteOrNull(run.sensitivityLow), finiteOrNull(run.sensitivityHigh)};
        object["specificity"] = finiteOrNull(summary.specificity);
        object["specificity_ci95"] = QJsonArray{finiteOrNull(run.specificityLow), finiteOrNull(run.specificityHigh)};
        object["interval_method"] = QStringLiteral("Clopper-Pearson");
        object["min_sensitivity"] = sensitivityFloor;
        object["min_specificity"] = specificityFloor;
        object["ece"] = summary.expectedCalibrationError;
        QJsonArray reliability;
        for (const monitoring::ReliabilityBin& bin : summary.reliability)
            reliability.append(QJsonObject{{"low", bin.low},
                                           {"high", bin.high},
                                           {"n", qint64(bin.count)},
                                           {"mean_probability", finiteOrNull(bin.meanProbability)},
                                           {"fraction_positive", finiteOrNull(bin.fractionPositive)}});
        object["reliability"] = reliability;
        object["target_sensitivity"] = targetSensitivity;
        object["threshold_for_target"] = finiteOrNull(summary.thresholdForTarget);
        object["sensitivity_at_threshold"] = finiteOrNull(summary.sensitivityAtThreshold);
        object["specificity_at_threshold"] = finiteOrNull(summary.specificityAtThreshold);
        object["compared_run_id"] = run.comparedRunId > 0 ? QJsonValue(run.comparedRunId) : QJsonValue();
        object["compared_images"] = qint64(run.comparedImages);
        object["largest_change"] = finiteOrNull(run.largestChange);
        if (failures.contains(QStringLiteral("determinism"))) object["changed_image_sha256"] = changedImage;
        object["tolerance"] = allowed;
        object["passed"] = run.passed;
        object["failures"] = QJsonArray::fromStringList(failures);
        printJsonLine(object);
    } else {
        const auto bound = [](double value, double low, double high) {
            return std::isfinite(value) ? fixed(value, 4) + " [" + fixed(low, 4) + ", " + fixed(high, 4) + "]"
                                        : std::string("n/a");
        };
        std::printf("%s %s on %s: %ld images (%ld %s)\n", card.name.c_str(), card.version.c_str(),
                    qPrintable(run.setPath), run.images, summary.positives, qPrintable(positiveLabel));
        std::printf("sensitivity %s, floor %s\n",
                    bound(summary.sensitivity, run.sensitivityLow, run.sensitivityHigh).c_str(),
                    fixed(sensitivityFloor, 4).c_str());
        std::printf("specificity %s, floor %s\n",
                    bound(summary.specificity, run.specificityLow, run.specificityHigh).c_str(),
                    fixed(specificityFloor, 4).c_str());
        std::printf("expected calibration error %s (%d bins)\n", fixed(summary.expectedCalibrationError, 4).c_str(),
                    binCount);
        if (std::isfinite(summary.thresholdForTarget))
            std::printf("threshold for sensitivity %s: %s (specificity there %s)\n",
                        fixed(targetSensitivity, 3).c_str(), fixed(summary.thresholdForTarget, 4).c_str(),
                        fixed(summary.specificityAtThreshold, 4).c_str());
        if (run.comparedImages > 0)
            std::printf("against run %lld: %ld images compared, largest change %s\n", run.comparedRunId,
                        run.comparedImages, shortest(run.largestChange).c_str());
        std::printf("%s (run %lld)\n", run.passed ? "PASSED" : qPrintable(QStringLiteral("FAILED: ") + run.failures),
                    run.id);
    }
    return run.passed ? ExitSuccess : ExitGateFailed;
}

}  // namespace pulmo::cli
