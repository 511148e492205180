#include "RetrainingExport.h"

#include "AuditLog.h"
#include "CsvWriter.h"
#include "FeedbackDatabase.h"
#include "FeedbackLogging.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMessageAuthenticationCode>
#include <QTextStream>

#include <algorithm>
#include <random>
#include <stdexcept>

namespace pulmo::feedback {

QMap<QString, QString> RetrainingExport::splitPatients(QStringList patientKeys, const ExportOptions& options)
{
    patientKeys.removeDuplicates();
    patientKeys.sort();  // the seed alone decides, not the database's order
    std::mt19937_64 random(options.seed);
    for (int i = int(patientKeys.size()) - 1; i > 0; --i) {
        const int j = int(random() % quint64(i + 1));
        patientKeys.swapItemsAt(i, j);
    }
    const int total = int(patientKeys.size());
    const int sum = std::max(1, options.trainPercent + options.validationPercent + options.testPercent);
    const int train = int(std::lround(double(total) * options.trainPercent / sum));
    const int validation = int(std::lround(double(total) * options.validationPercent / sum));
    QMap<QString, QString> split;
    for (int i = 0; i < total; ++i)
        split.insert(patientKeys[i], i < train                ? QStringLiteral("train")
                                     : i < train + validation ? QStringLiteral("val")
                                                              : QStringLiteral("test"));
    return split;
}

ExportReport RetrainingExport::write(const QString& folder, const ExportOptions& options, const Renderer& render,
                                     const Progress& progress, const QString& reader)
{
    const auto png = [&render](const PredictionRecord& prediction, const QString& pathWithoutSuffix, QString* error) {
        const QImage rendered = render(prediction, error);
        if (rendered.isNull()) return QString();
        const QString path = pathWithoutSuffix + QStringLiteral(".png");
        if (!rendered.convertToFormat(QImage::Format_Grayscale8).save(path, "PNG"))
            throw std::runtime_error(path.toStdString() + ": cannot write");
        return QStringLiteral(".png");
    };
    return write(folder, options, png, QStringLiteral("png"), progress, reader);
}

ExportReport RetrainingExport::write(const QString& folder, const ExportOptions& options, const FileWriter& writeFile,
                                     const QString& format, const Progress& progress, const QString& reader)
{
    QElapsedTimer timer;
    timer.start();
    QDir root(folder);
    if (root.exists() && !root.isEmpty())
        throw std::runtime_error(folder.toStdString() + ": the export folder must be empty");
    for (const char* split : {"train", "val", "test"})
        for (const char* label : {"NORMAL", "PNEUMONIA"})
            if (!root.mkpath(QStringLiteral("%1/%2").arg(QLatin1String(split), QLatin1String(label))))
                throw std::runtime_error(folder.toStdString() + ": cannot create folders");

    const std::vector<ReviewedImage> reviewed = m_store.reviewed();
    QStringList patients;
    for (const ReviewedImage& image : reviewed) patients << image.prediction.patientKey;
    const QMap<QString, QString> split = splitPatients(patients, options);

    // File names: a keyed hash of the SOP Instance UID, so that no UID appears in the clear.
    const QString nameKey = m_store.patientKey(QStringLiteral("export-file-names"), QString());
    ExportReport report;
    QFile manifestFile(root.filePath(QStringLiteral("manifest.csv")));
    if (!manifestFile.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw std::runtime_error(manifestFile.fileName().toStdString() + ": cannot write");
    CsvWriter manifest(manifestFile, manifestFile.fileName());
    manifest.writeRow({QStringLiteral("file"), QStringLiteral("split"), QStringLiteral("label"),
                       QStringLiteral("ai_label"), QStringLiteral("verdict"), QStringLiteral("hard_negative"),
                       QStringLiteral("patient_key"), QStringLiteral("model_version")});
    QSet<QString> patientsIn[3];
    int done = 0;
    for (const ReviewedImage& image : reviewed) {
        if (progress) progress(done, int(reviewed.size()));
        ++done;
        const QString label = image.readerLabel();
        if (label != QLatin1String("NORMAL") && label != QLatin1String("PNEUMONIA")) {
            ++report.leftOut;  // not assessable (or an INDETERMINATE agreed with): no training label
            continue;
        }
        const QString part = split.value(image.prediction.patientKey);
        const QString name =
            QString::fromLatin1(QMessageAuthenticationCode::hash(image.prediction.sopInstanceUid.toUtf8(),
                                                                 nameKey.toUtf8(), QCryptographicHash::Sha256)
                                    .toHex()
                                    .left(24));
        QString error;
        const QString suffix =
            writeFile(image.prediction, root.filePath(QStringLiteral("%1/%2/%3").arg(part, label, name)), &error);
        if (suffix.isEmpty()) {
            ++report.leftOut;
            report.problems << error;
            continue;
        }
        const QString relative = QStringLiteral("%1/%2/%3%4").arg(part, label, name, suffix);
        const bool hardNegative = image.verdict.verdict == QLatin1String("disagree");
        manifest.writeRow({relative, part, label, image.prediction.label, image.verdict.verdict,
                           hardNegative ? QStringLiteral("1") : QStringLiteral("0"), image.prediction.patientKey,
                           image.prediction.modelName + QLatin1Char(' ') + image.prediction.modelVersion});
        ++report.exported;
        patientsIn[part == QLatin1String("train") ? 0
                   : part == QLatin1String("val") ? 1
                                                  : 2]
            .insert(image.prediction.patientKey);
    }
    for (int i = 0; i < 3; ++i) report.patients[i] = int(patientsIn[i].size());
    // torchvision before 0.17 refuses a split whose class folder is empty: say so, keep the folder
    // (class indices must agree between splits).
    for (const char* part : {"train", "val", "test"}) {
        const QDir normal(root.filePath(QStringLiteral("%1/NORMAL").arg(QLatin1String(part))));
        const QDir pneumonia(root.filePath(QStringLiteral("%1/PNEUMONIA").arg(QLatin1String(part))));
        const bool hasNormal = !normal.isEmpty(QDir::Files);
        const bool hasPneumonia = !pneumonia.isEmpty(QDir::Files);
        if (hasNormal != hasPneumonia)
            report.splitsMissingAClass.push_back(
                {QLatin1String(part), hasNormal ? QStringLiteral("PNEUMONIA") : QStringLiteral("NORMAL")});
    }
    if (!manifestFile.flush()) throw std::runtime_error(manifestFile.fileName().toStdString() + ": cannot write");
    QFile readme(root.filePath(QStringLiteral("README")));
    if (readme.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        QTextStream text(&readme);
        text
            << "Pulmo retraining export, " << QDateTime::currentDateTimeUtc().toString(Qt::ISODate) << "\n\n"
            << "Layout: torchvision.datasets.ImageFolder, one tree per split (train/val/test), classes NORMAL and "
               "PNEUMONIA.\n"
            << "Labels are the reader's: the AI's label where the reader agreed, the corrected label where the reader\n"
            << "disagreed (hard_negative=1 in manifest.csv); images judged not assessable are left out.\n"
            << (format == QLatin1String("dicom")
                    ? "Images: de-identified DICOM (PS3.15 Basic Application Level Confidentiality Profile), pixels as "
                      "stored.\n"
                    : "Images: the 8-bit rendering of the display pipeline (the file's VOI, MONOCHROME1 inverted), "
                      "full "
                      "size.\n")
            << "Split: by patient, never by image (" << options.trainPercent << '/' << options.validationPercent << '/'
            << options.testPercent << ", seed " << options.seed << "): every image of a patient is in one split.\n"
            << "Privacy: no names, IDs, dates of birth, accession numbers or UIDs; patient_key and file names are "
               "keyed\n"
            << "hashes under this installation's secret, which stays in its feedback database.\n"
            << "Exported " << report.exported << " image(s), left out " << report.leftOut << ".\n";
    }
    AuditLog(m_database)
        .append(reader, QStringLiteral("export.retraining"), folder, QStringLiteral("ok"),
                QStringLiteral("%1 exported, %2 left out, seed %3, format %4")
                    .arg(report.exported)
                    .arg(report.leftOut)
                    .arg(options.seed)
                    .arg(format));
    if (progress) progress(int(reviewed.size()), int(reviewed.size()));
    qCInfo(lcFeedback, "retraining export: %d image(s) exported, %d left out, patients %d/%d/%d, %s s", report.exported,
           report.leftOut, report.patients[0], report.patients[1], report.patients[2],
           qUtf8Printable(QString::number(double(timer.nsecsElapsed()) / 1e9, 'f', 2)));
    return report;
}

}  // namespace pulmo::feedback
