#include "CliModel.h"
#include "CliSupport.h"
#include "InferenceLogging.h"
#include "ModelInput.h"
#include "MonitoringRecord.h"
#include "PredictionRecordBuilder.h"
#include "NpyWriter.h"
#include "PredictionHeatmap.h"

#include "FeedbackDatabase.h"
#include "FeedbackStore.h"
#include "InferenceBackend.h"
#include "MonitoringStore.h"
#include "PluginLoader.h"
#include "dicom/DicomError.h"
#include "dicom/DicomFile.h"
#include "dicom/DisplayPipeline.h"
#include "overlay/HeatmapRenderer.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>

#include <cstdio>

namespace pulmo::cli {
namespace {

/// The 8-bit image given to the model (before its resize) with the heatmap over it, through the viewer's renderer,
/// colours, threshold and opacity (overlay/HeatmapRenderer.h), weighted as the viewer weights it.
QImage heatmapPicture(const inference::GrayImage& image, const inference::Prediction& prediction, int inputSize)
{
    QImage grey(image.width, image.height, QImage::Format_Grayscale8);
    for (int y = 0; y < image.height; ++y)
        std::copy_n(image.pixels.data() + size_t(y) * size_t(image.width), size_t(image.width), grey.scanLine(y));
    return viewer::blendHeatmap(grey, app::camMapOf(prediction, inputSize));
}

}  // namespace

int runInfer(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Classify DICOM images (files or folders) and explain each result with Grad-CAM."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("INPUT"), QStringLiteral("DICOM files or folders"),
                                 QStringLiteral("INPUT..."));
    const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("TorchScript model or resnet18 state_dict."),
                                   QStringLiteral("PATH"));
    const QCommandLineOption device = makeDeviceOption();
    const QCommandLineOption dumpDir(
        QStringLiteral("dump-dir"),
        QStringLiteral("Write the model input and the Grad-CAM map (.npy) and an overlay (.png)."),
        QStringLiteral("DIR"));
    const QCommandLineOption camClass(
        QStringLiteral("cam-class"), QStringLiteral("Class the heatmap explains (default: the card's positive label)."),
        QStringLiteral("LABEL"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per image and line."));
    const QCommandLineOption record(
        QStringLiteral("record"),
        QStringLiteral("Record each prediction, with what model monitoring needs, into this feedback database."),
        QStringLiteral("DB"));
    const QCommandLineOption at(QStringLiteral("at"),
                                QStringLiteral("With --record: the time the predictions are recorded at (ISO 8601, "
                                               "e.g. 2026-03-01T09:30:00Z; for back-filling and tests)."),
                                QStringLiteral("TIME"));
    parser.addOptions({model, device, dumpDir, camClass, json, record, at});
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    const QStringList files = expandInputs(parser.positionalArguments());
    if (parser.positionalArguments().isEmpty()) throw UsageError("no INPUT given");
    if (parser.isSet(at) && !parser.isSet(record)) throw UsageError("--at needs --record");
    // The time of the records: --at (any ISO 8601 offset, kept as UTC), else each prediction's own.
    QDateTime recordedAt;
    if (parser.isSet(at)) {
        recordedAt = QDateTime::fromString(parser.value(at), Qt::ISODateWithMs);
        if (!recordedAt.isValid() || recordedAt.timeSpec() == Qt::LocalTime)
            throw UsageError("--at: \"" + parser.value(at).toStdString() +
                             "\" is not an ISO 8601 time with its zone (e.g. 2026-03-01T09:30:00Z)");
    }
    std::unique_ptr<feedback::FeedbackDatabase> database;
    if (parser.isSet(record))
        database = std::make_unique<feedback::FeedbackDatabase>(parser.value(record).toStdString());
    const std::string deviceName = deviceOption(parser, device);
    const QString modelPath = parser.isSet(model) ? parser.value(model) : defaultModelPath();
    if (parser.isSet(dumpDir) && !QDir().mkpath(parser.value(dumpDir)))
        throw std::runtime_error(parser.value(dumpDir).toStdString() + ": cannot create folder");

    const LoadedModel loaded = loadModel(modelPath, deviceName);
    const inference::ModelIdentity& identity = loaded.classifier->identity();
    inference::Classifier* const classifier = loaded.classifier.get();

    inference::PredictOptions options;
    options.keepModelInput = parser.isSet(dumpDir);
    options.heatmapAtImageSize = false;  // the PNG is drawn from the map at its own resolution
    if (parser.isSet(camClass)) {
        const auto& labels = identity.card.labels;
        const auto found = std::find(labels.begin(), labels.end(), parser.value(camClass).toStdString());
        if (found == labels.end()) throw UsageError("--cam-class must be one of the model's labels");
        options.camClass = int(found - labels.begin());
    }

    const QJsonObject modelDescription = modelJson(identity);

    int exitCode = ExitSuccess;
    for (const QString& file : files) {
        QElapsedTimer decodeTimer;
        decodeTimer.start();
        std::shared_ptr<const dicom::DecodedImage> decoded;
        try {
            decoded = dicom::loadImage(file.toStdString());
        } catch (const dicom::DicomError& error) {
            std::fprintf(stderr, "pulmo-cli infer: %s\n", error.what());
            exitCode = ExitFailure;
            continue;
        }
        const inference::GrayImage image = app::modelInputImage(decoded);
        const double decodeMs = double(decodeTimer.nsecsElapsed()) / 1e6;
        QElapsedTimer predictTimer;
        predictTimer.start();
        const inference::Prediction prediction = classifier->predict({image}, options).front();
        qCDebug(app::lcInference, "%s: batch of 1 in %s ms (decode %s ms)", qUtf8Printable(file),
                qUtf8Printable(QString::number(double(predictTimer.nsecsElapsed()) / 1e6, 'f', 1)),
                qUtf8Printable(QString::number(decodeMs, 'f', 1)));

        QJsonObject object;
        object["input"] = file;
        object["sop_instance_uid"] = QString::fromStdString(decoded->info().sopInstanceUid);
        object["label"] = QString::fromStdString(prediction.label);
        object["indeterminate"] = prediction.indeterminate;
        object["confidence"] = prediction.confidence;
        QJsonObject probabilities;
        QJsonObject logits;
        for (size_t c = 0; c < prediction.labels.size(); ++c) {
            probabilities[QString::fromStdString(prediction.labels[c])] = prediction.probabilities[c];
            logits[QString::fromStdString(prediction.labels[c])] = prediction.logits[c];
        }
        object["probabilities"] = probabilities;
        object["logits"] = logits;
        object["cam_class"] = QString::fromStdString(prediction.labels[size_t(prediction.camClass)]);
        object["model"] = modelDescription;
        object["device"] = QString::fromStdString(identity.device);
        object["timing_ms"] = QJsonObject{{"decode", decodeMs},
                                          {"preprocess", prediction.preprocessMs},
                                          {"inference", prediction.inferenceMs},
                                          {"cam", prediction.camMs}};
        if (parser.isSet(dumpDir)) {
            const QDir dir(parser.value(dumpDir));
            const QString base = QFileInfo(file).completeBaseName();
            const QString inputPath = dir.filePath(base + QStringLiteral("_input.npy"));
            const QString camPath = dir.filePath(base + QStringLiteral("_cam.npy"));
            const QString pngPath = dir.filePath(base + QStringLiteral("_cam.png"));
            const int64_t size = identity.card.inputSize;
            writeNpy(inputPath, prediction.modelInput, {1, 3, size, size});
            writeNpy(camPath, prediction.camRaw, {prediction.camHeight, prediction.camWidth});
            if (!heatmapPicture(image, prediction, identity.card.inputSize).save(pngPath))
                throw std::runtime_error(pngPath.toStdString() + ": cannot write image");
            object["model_input"] = inputPath;
            object["cam"] = camPath;
            object["cam_png"] = pngPath;
        }
        if (database) {
            feedback::FeedbackStore store(*database);
            const dicom::ImageInfo& info = decoded->info();
            feedback::PredictionRecord predictionRecord = app::buildPredictionRecord(
                info, file, identity, prediction, QString::fromStdString(prediction.label), identity.card.threshold);
            predictionRecord.patientKey =
                store.patientKey(QString::fromStdString(info.patientId), QString::fromStdString(info.patientName));
            predictionRecord = store.recordPrediction(predictionRecord, feedback::FeedbackStore::defaultReader());
            const QDateTime when = recordedAt.isValid() ? recordedAt : QDateTime::currentDateTimeUtc();
            feedback::MonitoringObservation observation = app::monitoringObservation(
                info, image, prediction, identity, when.toUTC().toString(Qt::ISODateWithMs), QStringLiteral("cli"));
            observation.predictionId = predictionRecord.id;
            object["recorded"] = feedback::MonitoringStore(*database).record(observation);
        }
        if (parser.isSet(json)) {
            printJsonLine(object);
        } else {
            std::printf("%s: %s (%s %s) [%s, %s]\n", qPrintable(file), qPrintable(object["label"].toString()),
                        prediction.labels[size_t(prediction.predictedIndex)].c_str(),
                        fixed(prediction.confidence, 3).c_str(), identity.card.name.c_str(),
                        identity.card.clinicalUse ? "clinical" : "not for clinical use");
        }
    }
    return exitCode;
}

}  // namespace pulmo::cli
