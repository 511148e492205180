// pulmo-cli phantom: synthetic PA chest radiographs with ground-truth sidecars, for demos, tests
// and benchmarks. Nothing it writes is a patient's image.
#include "CliSupport.h"

#include "dicom/DicomWriter.h"
#include "phantom/ChestPhantom.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <vector>

namespace pulmo::cli {
namespace {

dicom::TransferSyntax transferSyntaxFromName(const QString& name)
{
    if (name == QLatin1String("explicit")) return dicom::TransferSyntax::ExplicitLittle;
    if (name == QLatin1String("jpeg-ls")) return dicom::TransferSyntax::JpegLsLossless;
    if (name == QLatin1String("jpeg-lossless")) return dicom::TransferSyntax::JpegLossless;
    if (name == QLatin1String("rle")) return dicom::TransferSyntax::Rle;
    throw UsageError("--transfer-syntax takes explicit, jpeg-ls, jpeg-lossless or rle");
}

double fractionValue(const QCommandLineParser& parser, const QCommandLineOption& option, const char* name)
{
    bool ok = false;
    const double value = parser.value(option).toDouble(&ok);
    if (!ok || !(value >= 0.0 && value <= 1.0)) throw UsageError(std::string(name) + " takes a number from 0 to 1");
    return value;
}

/// Picks exactly round(fraction * count) of `count` items, the choice shuffled by `random`.
std::vector<bool> pickShare(std::mt19937& random, int count, double fraction)
{
    const int chosen = int(std::lround(fraction * count));
    std::vector<int> order(static_cast<size_t>(count));
    std::iota(order.begin(), order.end(), 0);
    // Fisher-Yates on raw engine output: std::shuffle's use of the engine differs between libraries.
    for (int i = count - 1; i > 0; --i) std::swap(order[size_t(i)], order[size_t(random() % uint32_t(i + 1))]);
    std::vector<bool> picked(size_t(count), false);
    for (int i = 0; i < chosen; ++i) picked[size_t(order[size_t(i)])] = true;
    return picked;
}

void writeText(const QString& path, const QByteArray& text)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) != text.size() || !file.flush())
        throw std::runtime_error(path.toStdString() + ": cannot write: " + file.errorString().toStdString());
}

}  // namespace

int runPhantom(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Write synthetic PA chest radiographs (DX, 12-bit) with a JSON sidecar each: the label (NORMAL or "
        "PNEUMONIA) and the opacities' bounding boxes in pixels. SYNTHETIC - NOT FOR CLINICAL USE. The same "
        "--seed gives the same pixels; UIDs are new on every run."));
    parser.addHelpOption();
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Output folder (created if missing)."),
                                 QStringLiteral("DIR"));
    const QCommandLineOption patients(QStringLiteral("patients"), QStringLiteral("Number of images, 1 .. 100000."),
                                      QStringLiteral("N"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed, 0 .. 4294967295."),
                                  QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption pneumonia(QStringLiteral("pneumonia-fraction"),
                                       QStringLiteral("Share of PNEUMONIA images, 0 .. 1 (rounded to a count)."),
                                       QStringLiteral("F"), QStringLiteral("0.5"));
    const QCommandLineOption monochrome1(QStringLiteral("monochrome1-fraction"),
                                         QStringLiteral("Share of MONOCHROME1 images, 0 .. 1 (rounded to a count)."),
                                         QStringLiteral("F"), QStringLiteral("0.25"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Rows and columns, 256 .. 8192."),
                                  QStringLiteral("PIXELS"), QStringLiteral("2048"));
    const QCommandLineOption syntax(QStringLiteral("transfer-syntax"),
                                    QStringLiteral("explicit (little endian), jpeg-ls, jpeg-lossless or rle."),
                                    QStringLiteral("NAME"), QStringLiteral("explicit"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object per written file."));
    parser.addOptions({out, patients, seed, pneumonia, monochrome1, size, syntax, json});
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    if (!parser.positionalArguments().isEmpty()) throw UsageError("no positional arguments expected");
    if (!parser.isSet(out)) throw UsageError("--out DIR is required");
    if (!parser.isSet(patients)) throw UsageError("--patients N is required");

    bool ok = false;
    const int count = parser.value(patients).toInt(&ok);
    if (!ok || count < 1 || count > 100000) throw UsageError("--patients takes a number from 1 to 100000");
    const qulonglong seedValue = parser.value(seed).toULongLong(&ok);
    if (!ok || seedValue > 0xffffffffull) throw UsageError("--seed takes a number from 0 to 4294967295");
    const int pixels = parser.value(size).toInt(&ok);
    if (!ok || pixels < 256 || pixels > 8192) throw UsageError("--size takes a number from 256 to 8192");
    const double pneumoniaShare = fractionValue(parser, pneumonia, "--pneumonia-fraction");
    const double monochrome1Share = fractionValue(parser, monochrome1, "--monochrome1-fraction");
    const dicom::TransferSyntax transferSyntax = transferSyntaxFromName(parser.value(syntax));

    const QString folder = parser.value(out);
    if (!QDir().mkpath(folder)) throw std::runtime_error(folder.toStdString() + ": cannot create folder");
    const QDir directory(folder);

    // Which images get which label and photometric interpretation: exact counts, seeded order.
    std::mt19937 plan(uint32_t(seedValue) ^ 0x9e3779b9u);
    const std::vector<bool> pneumoniaPicks = pickShare(plan, count, pneumoniaShare);
    const std::vector<bool> monochrome1Picks = pickShare(plan, count, monochrome1Share);

    for (int i = 0; i < count; ++i) {
        phantom::ChestPhantomOptions options;
        // One seed per image from the run's seed, so that image i does not depend on N.
        options.seed = uint32_t(seedValue) * 2654435761u + uint32_t(i) * 40503u + 1u;
        options.size = pixels;
        options.label = pneumoniaPicks[size_t(i)] ? phantom::Label::Pneumonia : phantom::Label::Normal;
        options.monochrome1 = monochrome1Picks[size_t(i)];
        const QString number = QStringLiteral("%1").arg(i + 1, 4, 10, QLatin1Char('0'));
        const QString patientId = QStringLiteral("SYN%1-%2").arg(seedValue).arg(number);
        options.patientId = patientId.toStdString();
        options.patientName = ("PHANTOM^CHEST " + number).toStdString();

        const auto started = std::chrono::steady_clock::now();
        phantom::ChestPhantom image = phantom::makeChestPhantom(options);
        const auto generated = std::chrono::steady_clock::now();
        image.spec.studyInstanceUid = dicom::newUid();
        image.spec.seriesInstanceUid = dicom::newUid();
        image.spec.sopInstanceUid = dicom::newUid();

        const QString dicomPath = directory.filePath(patientId + QStringLiteral(".dcm"));
        const QString sidecarPath = directory.filePath(patientId + QStringLiteral(".json"));
        dicom::writeGrayImage(dicomPath.toStdString(), image.spec, transferSyntax);
        const auto written = std::chrono::steady_clock::now();

        QJsonArray lesions;
        for (const phantom::LesionBox& box : image.lesions) lesions.append(QJsonArray{box.x0, box.y0, box.x1, box.y1});
        QJsonObject sidecar;
        sidecar["label"] = QString::fromStdString(phantom::toString(image.label));
        sidecar["lesions"] = lesions;
        sidecar["patient_id"] = patientId;
        sidecar["sop_instance_uid"] = QString::fromStdString(image.spec.sopInstanceUid);
        sidecar["synthetic"] = true;
        writeText(sidecarPath, QJsonDocument(sidecar).toJson(QJsonDocument::Indented));

        if (parser.isSet(json)) {
            QJsonObject line = sidecar;
            line["file"] = dicomPath;
            line["sidecar"] = sidecarPath;
            line["photometric_interpretation"] = QString::fromStdString(image.spec.photometricInterpretation);
            line["rows"] = image.spec.rows;
            line["columns"] = image.spec.columns;
            line["generate_ms"] = qint64(std::chrono::duration_cast<std::chrono::milliseconds>(generated - started).count());
            line["write_ms"] = qint64(std::chrono::duration_cast<std::chrono::milliseconds>(written - generated).count());
            printJsonLine(line);
        }
    }
    return ExitSuccess;
}

}  // namespace pulmo::cli
