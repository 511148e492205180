// pulmo-cli train: trains the ResNet18 classifier inside the inference plugin (this program never
// links LibTorch). The CLI finds and decodes the images through the display pipeline, so the model
// is trained on exactly what inference will feed it; the plugin preprocesses, trains and writes
// the model with its card.
#include "CliSupport.h"
#include "LabelledImages.h"

#include "CsvWriter.h"
#include "InferenceBackend.h"
#include "PatientSplit.h"
#include "PluginLoader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cstdio>
#include <map>
#include <set>
#include <unistd.h>

namespace pulmo::cli {
namespace {

QJsonValue jsonNumberOrNull(double value, bool present)
{
    return present ? QJsonValue(value) : QJsonValue();
}

/// A progress bar on stderr, only when a person watches it.
class ProgressBar {
public:
    ProgressBar() : m_enabled(::isatty(fileno(stderr)) != 0) {}

    void show(const inference::TrainingProgress& state)
    {
        if (!m_enabled) return;
        if (state.decoding) {
            std::fprintf(stderr, "\rdecoding %d/%d", state.imagesDecoded, state.images);
            if (state.imagesDecoded == state.images) std::fputc('\n', stderr);
            return;
        }
        if (state.epochDone) {
            std::fputs("\r\033[K", stderr);
            return;
        }
        constexpr int kWidth = 30;
        const int filled = state.batches > 0 ? kWidth * state.batchesDone / state.batches : 0;
        std::fprintf(stderr, "\repoch %d [%s%s] %d/%d batches, loss %s", state.epoch,
                     std::string(size_t(filled), '#').c_str(), std::string(size_t(kWidth - filled), '-').c_str(),
                     state.batchesDone, state.batches, fixed(state.runningLoss, 4).c_str());
    }

private:
    bool m_enabled;
};

}  // namespace

int runTrain(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Train the ResNet18 pneumonia classifier (Adam, cross-entropy, flip and rotation augmentation, the inference "
        "preprocessing) on a folder of DICOM files with JSON sidecars (pulmo-cli phantom) or an ImageFolder export "
        "(train|val|test/NORMAL|PNEUMONIA/). Without given splits the data is split 70/15/15 by patient. The "
        "checkpoint with the best validation accuracy is written as a state_dict with its model card."));
    parser.addHelpOption();
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Training data folder."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("The model to write (its card goes beside it, .json)."),
                                 QStringLiteral("MODEL"));
    const QCommandLineOption epochs(QStringLiteral("epochs"), QStringLiteral("Passes over the training split."),
                                    QStringLiteral("E"), QStringLiteral("10"));
    const QCommandLineOption batch(QStringLiteral("batch"), QStringLiteral("Batch size."), QStringLiteral("N"),
                                   QStringLiteral("16"));
    const QCommandLineOption lr(QStringLiteral("lr"), QStringLiteral("Adam's learning rate."), QStringLiteral("RATE"),
                                QStringLiteral("0.001"));
    const QCommandLineOption init(QStringLiteral("init"),
                                  QStringLiteral("Fine-tune this model instead of starting from scratch."),
                                  QStringLiteral("MODEL"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Seed of the weights, split, order and augmentation."),
                                  QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption device = makeDeviceOption();
    const QCommandLineOption name(QStringLiteral("name"),
                                  QStringLiteral("The model's name in its card (default: the file's base name)."),
                                  QStringLiteral("NAME"));
    const QCommandLineOption modelVersion(QStringLiteral("model-version"),
                                          QStringLiteral("The model's version in its card."), QStringLiteral("VERSION"),
                                          QStringLiteral("1.0"));
    const QCommandLineOption half(
        QStringLiteral("half"),
        QStringLiteral(
            "Store the weights as float16 (half the file; the card's metrics are measured with the stored weights)."));
    const QCommandLineOption camLayer(
        QStringLiteral("cam-layer"),
        QStringLiteral("The card's Grad-CAM layer, layer1 .. layer4 (layer3, the default: 14x14 "
                       "cells, one backward pass through layer4, about 0.3 x the forward pass; layer4: 7x7, "
                       "free, but on the phantoms its maximum misses the lesion about half the time, "
                       "see resources/models/README.md). With --init the card of that model decides."),
        QStringLiteral("LAYER"), QStringLiteral("layer3"));
    const QCommandLineOption noAugment(QStringLiteral("no-augment"), QStringLiteral("No flip or rotation."));
    const QCommandLineOption splitCsv(QStringLiteral("split-csv"),
                                      QStringLiteral("Write each image's split to this CSV file."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("One JSON object per line: split, each epoch, the result."));
    parser.addOptions({data, out, epochs, batch, lr, init, seed, device, name, modelVersion, half, camLayer, noAugment,
                       splitCsv, json});
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    if (!parser.positionalArguments().isEmpty()) throw UsageError("no positional arguments expected");
    if (!parser.isSet(data)) throw UsageError("--data DIR is required");
    if (!parser.isSet(out)) throw UsageError("--out MODEL is required");

    inference::TrainingOptions options;
    bool ok = false;
    options.epochs = parser.value(epochs).toInt(&ok);
    if (!ok || options.epochs < 1 || options.epochs > 10000)
        throw UsageError("--epochs takes a number from 1 to 10000");
    options.batchSize = parser.value(batch).toInt(&ok);
    if (!ok || options.batchSize < 1 || options.batchSize > 4096)
        throw UsageError("--batch takes a number from 1 to 4096");
    options.learningRate = parser.value(lr).toDouble(&ok);
    if (!ok || !(options.learningRate > 0.0 && options.learningRate < 10.0))
        throw UsageError("--lr takes a positive number");
    options.seed = parser.value(seed).toULongLong(&ok);
    if (!ok) throw UsageError("--seed takes a non-negative integer");
    options.device = deviceOption(parser, device);
    const QString layer = parser.value(camLayer);
    if (layer != QLatin1String("layer1") && layer != QLatin1String("layer2") && layer != QLatin1String("layer3") &&
        layer != QLatin1String("layer4"))
        throw UsageError("--cam-layer takes layer1, layer2, layer3 or layer4");
    options.card.camLayer = layer.toStdString();
    options.augment = !parser.isSet(noAugment);
    options.halfPrecisionWeights = parser.isSet(half);
    const QString outPath = parser.value(out);
    options.outputPath = outPath.toStdString();
    if (parser.isSet(init)) {
        options.initPath = parser.value(init).toStdString();
        if (!QFileInfo(parser.value(init)).isFile()) throw std::runtime_error(options.initPath + ": model not found");
    }
    if (!QFileInfo(outPath).absoluteDir().exists() && !QDir().mkpath(QFileInfo(outPath).absolutePath()))
        throw std::runtime_error(QFileInfo(outPath).absolutePath().toStdString() + ": cannot create folder");

    const LabelledImageSet set = readLabelledImages(parser.value(data));
    std::vector<inference::TrainingSample> samples;
    std::map<QString, int> perLabel;
    std::set<QString> patients;
    bool allSynthetic = true;
    std::set<QString> generatorSeeds;
    static const QRegularExpression phantomId(QStringLiteral("^SYN(\\d+)-\\d+$"));
    for (const LabelledImage& image : set.images) {
        samples.push_back(
            {image.file.toStdString(), image.patientId.toStdString(), image.label.toStdString(), image.split});
        ++perLabel[image.label];
        patients.insert(image.patientId);
        allSynthetic = allSynthetic && image.synthetic;
        // Phantom files are named and, unless relabelled, identified SYN<seed>-<number>.
        for (const QString& name : {image.patientId, QFileInfo(image.file).completeBaseName()}) {
            const QRegularExpressionMatch match = phantomId.match(name);
            if (match.hasMatch()) generatorSeeds.insert(match.captured(1));
        }
    }

    // The card's words. The trainer never claims clinical use; synthetic data says so plainly.
    inference::ModelCard& card = options.card;
    card.name =
        parser.isSet(name) ? parser.value(name).toStdString() : QFileInfo(outPath).completeBaseName().toStdString();
    card.version = parser.value(modelVersion).toStdString();
    card.clinicalUse = false;
    QStringList counts;
    for (const auto& [label, count] : perLabel) counts << QStringLiteral("%1 %2").arg(count).arg(label);
    const QString amount = QStringLiteral("%1 images of %2 patients (%3)")
                               .arg(set.images.size())
                               .arg(patients.size())
                               .arg(counts.join(QStringLiteral(", ")));
    QString seedsText;
    if (!generatorSeeds.empty()) {
        QStringList seeds(generatorSeeds.begin(), generatorSeeds.end());
        seedsText = QStringLiteral(", generator seed %1").arg(seeds.join(QStringLiteral(", ")));
    }
    if (allSynthetic) {
        card.trainingData =
            QStringLiteral(
                "Trained on synthetic phantom images (pulmo-cli phantom%1): %2; not a medical device; not "
                "for clinical use. Training seed %3.")
                .arg(seedsText, amount)
                .arg(options.seed)
                .toStdString();
        card.intendedUse =
            "Demonstration and testing of Pulmo's AI second reader on synthetic chest phantoms. Trained on "
            "synthetic phantom images; not a medical device; not for clinical use.";
    } else {
        card.trainingData = QStringLiteral("%1 from %2 (%3 layout). Training seed %4.")
                                .arg(amount, parser.value(data), set.layout)
                                .arg(options.seed)
                                .toStdString();
        card.intendedUse =
            "Research use only: a second reader for chest radiographs under study. Not a medical device; "
            "not for clinical use.";
    }
    QJsonObject dataJson;
    dataJson["folder"] = parser.value(data);  // as given: an absolute path would name this machine
    dataJson["layout"] = set.layout;
    dataJson["synthetic"] = allSynthetic;
    dataJson["images"] = int(set.images.size());
    dataJson["patients"] = int(patients.size());
    QJsonObject labelCounts;
    for (const auto& [label, count] : perLabel) labelCounts[label] = count;
    dataJson["labels"] = labelCounts;
    if (!generatorSeeds.empty()) {
        QJsonArray seeds;
        for (const QString& value : generatorSeeds) seeds.append(value.toLongLong());
        dataJson["phantom_seeds"] = seeds;
    }
    options.trainingDataJson = QJsonDocument(dataJson).toJson(QJsonDocument::Compact).toStdString();

    std::string pluginError;
    const inference::BackendHandle backend = inference::loadBackend(inference::defaultPluginPath(), &pluginError);
    if (!backend) throw std::runtime_error(pluginError);

    const bool jsonOutput = parser.isSet(json);
    ProgressBar bar;
    const auto progress = [&](const inference::TrainingProgress& state) {
        bar.show(state);
        if (!state.epochDone) return;
        const inference::EpochReport& epoch = state.report;
        const bool hasValidation = epoch.validation.images > 0;
        if (jsonOutput) {
            QJsonObject line;
            line["event"] = "epoch";
            line["epoch"] = epoch.epoch;
            line["epochs"] = epoch.epochs;
            line["train_loss"] = epoch.train.loss;
            line["train_accuracy"] = epoch.train.accuracy;
            line["val_loss"] = jsonNumberOrNull(epoch.validation.loss, hasValidation);
            line["val_accuracy"] = jsonNumberOrNull(epoch.validation.accuracy, hasValidation);
            line["images_per_s"] = epoch.imagesPerSecond;
            line["seconds"] = epoch.seconds;
            line["best"] = epoch.best;
            printJsonLine(line);
        } else {
            std::printf("epoch %d/%d  train loss %s acc %s", epoch.epoch, epoch.epochs,
                        fixed(epoch.train.loss, 4).c_str(), fixed(epoch.train.accuracy, 3).c_str());
            if (hasValidation)
                std::printf("  val loss %s acc %s", fixed(epoch.validation.loss, 4).c_str(),
                            fixed(epoch.validation.accuracy, 3).c_str());
            std::printf("  %s images/s%s\n", fixed(epoch.imagesPerSecond, 1).c_str(),
                        epoch.best ? "  (best, saved)" : "");
            std::fflush(stdout);
        }
    };
    const inference::ImageLoader loader = [&](size_t index) { return loadModelImage(set.images[index].file); };
    const inference::TrainingReport report = backend->train(samples, loader, options, progress);

    if (parser.isSet(splitCsv)) {
        QFile file(parser.value(splitCsv));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            throw std::runtime_error(parser.value(splitCsv).toStdString() + ": cannot write");
        feedback::CsvWriter csv(file, parser.value(splitCsv));
        csv.writeRow(
            {QStringLiteral("split"), QStringLiteral("label"), QStringLiteral("patient_id"), QStringLiteral("file")});
        for (size_t i = 0; i < set.images.size(); ++i)
            csv.writeRow({QString::fromLatin1(inference::toString(report.splits[i])), set.images[i].label,
                          set.images[i].patientId, set.images[i].file});
        if (!file.flush()) throw std::runtime_error(parser.value(splitCsv).toStdString() + ": cannot write");
    }
    for (const std::string& warning : report.warnings)
        std::fprintf(stderr, "pulmo-cli train: warning: %s\n", warning.c_str());

    double meanImagesPerSecond = 0.0;
    for (const inference::EpochReport& epoch : report.epochs)
        meanImagesPerSecond += epoch.imagesPerSecond / double(report.epochs.size());
    if (jsonOutput) {
        QJsonObject line;
        line["event"] = "done";
        line["model"] = QString::fromStdString(report.modelPath);
        line["card"] = QString::fromStdString(report.cardPath);
        line["layout"] = set.layout;
        line["images"] =
            QJsonObject{{"train", report.trainImages}, {"val", report.validationImages}, {"test", report.testImages}};
        line["patients"] = QJsonObject{
            {"train", report.trainPatients}, {"val", report.validationPatients}, {"test", report.testPatients}};
        line["unlabelled_files_ignored"] = set.unlabelled;
        line["best_epoch"] = report.bestEpoch;
        line["val_loss"] = jsonNumberOrNull(report.bestValidation.loss, report.bestValidation.images > 0);
        line["val_accuracy"] = jsonNumberOrNull(report.bestValidation.accuracy, report.bestValidation.images > 0);
        line["test_loss"] = jsonNumberOrNull(report.test.loss, report.test.images > 0);
        line["test_accuracy"] = jsonNumberOrNull(report.test.accuracy, report.test.images > 0);
        line["device"] = QString::fromStdString(report.device);
        line["cpu_threads"] = report.cpuThreads;
        line["decode_seconds"] = report.decodeSeconds;
        line["train_seconds"] = report.trainSeconds;
        line["images_per_s"] = meanImagesPerSecond;
        line["weights_dtype"] = QString::fromStdString(report.weightsDtype);
        QJsonArray warnings;
        for (const std::string& warning : report.warnings) warnings.append(QString::fromStdString(warning));
        line["warnings"] = warnings;
        printJsonLine(line);
    } else {
        std::printf("split by %s: train %d images (%d patients), val %d (%d), test %d (%d)\n",
                    set.layout == QLatin1String("imagefolder") ? "the folders" : "patient", report.trainImages,
                    report.trainPatients, report.validationImages, report.validationPatients, report.testImages,
                    report.testPatients);
        std::printf("best epoch %d", report.bestEpoch);
        if (report.bestValidation.images > 0)
            std::printf(": val accuracy %s", fixed(report.bestValidation.accuracy, 3).c_str());
        if (report.test.images > 0)
            std::printf(", test accuracy %s (loss %s)", fixed(report.test.accuracy, 3).c_str(),
                        fixed(report.test.loss, 4).c_str());
        std::printf("\n%s + %s (%s weights), %s with %d CPU threads, %s images/s, decode %s s, train %s s\n",
                    report.modelPath.c_str(), report.cardPath.c_str(), report.weightsDtype.c_str(),
                    report.device.c_str(), report.cpuThreads, fixed(meanImagesPerSecond, 1).c_str(),
                    fixed(report.decodeSeconds, 1).c_str(), fixed(report.trainSeconds, 1).c_str());
    }
    return ExitSuccess;
}

}  // namespace pulmo::cli
