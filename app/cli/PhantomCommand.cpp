// pulmo-cli phantom: synthetic PA chest radiographs with ground-truth sidecars, for demos, tests
// and benchmarks. Nothing it writes is a patient's image.
#include "CliSupport.h"

#include "dicom/DicomWriter.h"
#include "phantom/ChestPhantom.h"

#include <QDate>
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
    const QCommandLineOption patients(
        QStringLiteral("patients"),
        QStringLiteral("Number of patients, 1 .. 100000 (one image each, unless --follow-up-fraction gives some "
                       "of them more studies)."),
        QStringLiteral("N"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed, 0 .. 4294967295."),
                                  QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption followUps(
        QStringLiteral("follow-up-fraction"),
        QStringLiteral("Share of patients, 0 .. 1 (rounded to a count), with later studies on later dates: 2 .. "
                       "--max-studies studies of one patient (same Patient ID, name and birth date, same anatomy), "
                       "each its own study with one series of one image; the label may differ between studies."),
        QStringLiteral("F"), QStringLiteral("0"));
    const QCommandLineOption maxStudies(QStringLiteral("max-studies"),
                                        QStringLiteral("Most studies of one such patient, 2 .. 9."),
                                        QStringLiteral("K"), QStringLiteral("3"));
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
    QStringList profileNames;
    for (const phantom::ScannerProfile& profile : phantom::scannerProfiles())
        profileNames << QString::fromStdString(profile.name);
    const QCommandLineOption scanner(
        QStringLiteral("scanner"),
        QStringLiteral("Every image from this made-up X-ray system (names, grey-level response, noise, "
                       "resolution, bit depth): %1. Without it, each image is from one of the first four, drawn "
                       "from its seed.")
            .arg(profileNames.join(QStringLiteral(", "))),
        QStringLiteral("PROFILE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object per written file."));
    parser.addOptions(
        {out, patients, seed, followUps, maxStudies, pneumonia, monochrome1, size, syntax, scanner, json});
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
    const double followUpShare = fractionValue(parser, followUps, "--follow-up-fraction");
    const int studiesMax = parser.value(maxStudies).toInt(&ok);
    if (!ok || studiesMax < 2 || studiesMax > 9) throw UsageError("--max-studies takes a number from 2 to 9");
    const dicom::TransferSyntax transferSyntax = transferSyntaxFromName(parser.value(syntax));
    const std::string scannerName = parser.value(scanner).toStdString();
    if (parser.isSet(scanner) && !profileNames.contains(parser.value(scanner)))
        throw UsageError("--scanner takes one of " + profileNames.join(QStringLiteral(", ")).toStdString());

    const QString folder = parser.value(out);
    if (!QDir().mkpath(folder)) throw std::runtime_error(folder.toStdString() + ": cannot create folder");
    const QDir directory(folder);

    // Which patients have later studies, and how many studies each: a stream of its own, so that
    // without follow-ups every image is what it was before the option existed.
    std::mt19937 studyPlan(uint32_t(seedValue) ^ 0x5bd1e995u);
    const std::vector<bool> followUpPicks = pickShare(studyPlan, count, followUpShare);
    std::vector<int> studiesOf(size_t(count), 1);
    for (int i = 0; i < count; ++i)
        if (followUpPicks[size_t(i)]) studiesOf[size_t(i)] = 2 + int(studyPlan() % uint32_t(studiesMax - 1));
    const int images = std::accumulate(studiesOf.begin(), studiesOf.end(), 0);

    // Which images get which label and photometric interpretation: exact counts, seeded order.
    std::mt19937 plan(uint32_t(seedValue) ^ 0x9e3779b9u);
    const std::vector<bool> pneumoniaPicks = pickShare(plan, images, pneumoniaShare);
    const std::vector<bool> monochrome1Picks = pickShare(plan, images, monochrome1Share);

    const QDate firstStudy(2026, 1, 1);
    int image = 0;
    for (int i = 0; i < count; ++i) {
        const QString number = QStringLiteral("%1").arg(i + 1, 4, 10, QLatin1Char('0'));
        const QString patientId = QStringLiteral("SYN%1-%2").arg(seedValue).arg(number);
        std::string birthDate;  // the first study's, for every later one
        QDate studyDate = firstStudy;
        for (int study = 0; study < studiesOf[size_t(i)]; ++study, ++image) {
            phantom::ChestPhantomOptions options;
            // One seed per patient from the run's seed, so that patient i does not depend on N.
            options.seed = uint32_t(seedValue) * 2654435761u + uint32_t(i) * 40503u + 1u;
            options.study = study;
            options.size = pixels;
            options.label = pneumoniaPicks[size_t(image)] ? phantom::Label::Pneumonia : phantom::Label::Normal;
            options.monochrome1 = monochrome1Picks[size_t(image)];
            options.patientId = patientId.toStdString();
            options.patientName = ("PHANTOM^CHEST " + number).toStdString();
            if (study > 0) studyDate = studyDate.addDays(7 + int(studyPlan() % 360u));
            options.studyDate = studyDate.toString(QStringLiteral("yyyyMMdd")).toStdString();
            options.patientBirthDate = birthDate;
            options.scanner = scannerName;

            const auto started = std::chrono::steady_clock::now();
            phantom::ChestPhantom made = phantom::makeChestPhantom(options);
            const auto generated = std::chrono::steady_clock::now();
            if (study == 0) birthDate = made.spec.patientBirthDate;
            made.spec.studyInstanceUid = dicom::newUid();
            made.spec.seriesInstanceUid = dicom::newUid();
            made.spec.sopInstanceUid = dicom::newUid();

            const QString base = study == 0 ? patientId : patientId + QStringLiteral("-S%1").arg(study + 1);
            const QString dicomPath = directory.filePath(base + QStringLiteral(".dcm"));
            const QString sidecarPath = directory.filePath(base + QStringLiteral(".json"));
            dicom::writeGrayImage(dicomPath.toStdString(), made.spec, transferSyntax);
            const auto written = std::chrono::steady_clock::now();

            QJsonArray lesions;
            for (const phantom::LesionBox& box : made.lesions)
                lesions.append(QJsonArray{box.x0, box.y0, box.x1, box.y1});
            QJsonObject sidecar;
            sidecar["label"] = QString::fromStdString(phantom::toString(made.label));
            sidecar["lesions"] = lesions;
            sidecar["patient_id"] = patientId;
            sidecar["study"] = study + 1;
            sidecar["study_date"] = QString::fromStdString(made.spec.studyDate);
            sidecar["study_instance_uid"] = QString::fromStdString(made.spec.studyInstanceUid);
            sidecar["series_instance_uid"] = QString::fromStdString(made.spec.seriesInstanceUid);
            sidecar["sop_instance_uid"] = QString::fromStdString(made.spec.sopInstanceUid);
            sidecar["synthetic"] = true;
            writeText(sidecarPath, QJsonDocument(sidecar).toJson(QJsonDocument::Indented));

            if (parser.isSet(json)) {
                QJsonObject line = sidecar;
                line["file"] = dicomPath;
                line["sidecar"] = sidecarPath;
                line["photometric_interpretation"] = QString::fromStdString(made.spec.photometricInterpretation);
                line["patient_name"] = QString::fromStdString(made.spec.patientName);
                line["patient_birth_date"] = QString::fromStdString(made.spec.patientBirthDate);
                line["patient_sex"] = QString::fromStdString(made.spec.patientSex);
                line["manufacturer"] = QString::fromStdString(made.spec.manufacturer);
                line["manufacturer_model_name"] = QString::fromStdString(made.spec.manufacturerModelName);
                line["bits_stored"] = made.spec.bitsStored;
                line["rows"] = made.spec.rows;
                line["columns"] = made.spec.columns;
                line["generate_ms"] =
                    qint64(std::chrono::duration_cast<std::chrono::milliseconds>(generated - started).count());
                line["write_ms"] =
                    qint64(std::chrono::duration_cast<std::chrono::milliseconds>(written - generated).count());
                printJsonLine(line);
            }
        }
    }
    return ExitSuccess;
}

}  // namespace pulmo::cli
