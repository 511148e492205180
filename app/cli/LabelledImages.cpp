#include "LabelledImages.h"

#include "CsvReader.h"
#include "ModelInput.h"
#include "dicom/DicomFile.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>

#include <algorithm>
#include <stdexcept>

namespace pulmo::cli {
namespace {

bool isRasterImage(const QString& file)
{
    static const QStringList suffixes = {QStringLiteral("png"), QStringLiteral("jpg"), QStringLiteral("jpeg"),
                                         QStringLiteral("bmp"), QStringLiteral("tif"), QStringLiteral("tiff")};
    return suffixes.contains(QFileInfo(file).suffix().toLower());
}

QString sidecarOf(const QString& file)
{
    const QFileInfo info(file);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral(".json"));
}

QJsonObject readSidecar(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) throw std::runtime_error(path.toStdString() + ": cannot read the sidecar");
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        throw std::runtime_error(path.toStdString() + ": the sidecar is not a JSON object");
    return document.object();
}

std::vector<inference::PixelBox> lesionBoxes(const QJsonObject& sidecar, const QString& path)
{
    std::vector<inference::PixelBox> boxes;
    for (const QJsonValue& value : sidecar.value(QStringLiteral("lesions")).toArray()) {
        const QJsonArray corners = value.toArray();
        if (corners.size() != 4)
            throw std::runtime_error(path.toStdString() + ": a lesion box is not [x0, y0, x1, y1]");
        inference::PixelBox box{corners[0].toInt(), corners[1].toInt(), corners[2].toInt(), corners[3].toInt()};
        if (box.x1 < box.x0 || box.y1 < box.y0)
            throw std::runtime_error(path.toStdString() + ": a lesion box has its corners swapped");
        boxes.push_back(box);
    }
    return boxes;
}

/// <LABEL>/<image> under `folder`, all of split `split`.
void readClassFolders(const QString& folder, inference::DataSplit split, std::vector<LabelledImage>& images)
{
    const QDir directory(folder);
    for (const QString& label : directory.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        QDirIterator it(directory.filePath(label), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            if (file.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) continue;
            LabelledImage image;
            image.file = file;
            image.label = label;
            image.split = split;
            image.patientId = QFileInfo(file).completeBaseName();
            const QString sidecar = sidecarOf(file);
            if (QFileInfo::exists(sidecar)) {
                const QJsonObject json = readSidecar(sidecar);
                if (json.contains(QStringLiteral("patient_id")))
                    image.patientId = json.value(QStringLiteral("patient_id")).toString();
                image.lesions = lesionBoxes(json, sidecar);
                image.synthetic = json.value(QStringLiteral("synthetic")).toBool();
            }
            images.push_back(image);
        }
    }
}

/// A feedback export's manifest.csv (columns include "file", relative to the export, and
/// "patient_key"): file -> patient. Empty without a manifest.
QMap<QString, QString> manifestPatients(const QDir& root)
{
    QMap<QString, QString> patients;
    const QString path = root.filePath(QStringLiteral("manifest.csv"));
    if (!QFileInfo::exists(path)) return patients;
    const QList<QStringList> rows = feedback::readCsvFile(path);  // throws, naming the file
    if (rows.isEmpty()) return patients;
    const int fileColumn = int(rows.front().indexOf(QStringLiteral("file")));
    const int patientColumn = int(rows.front().indexOf(QStringLiteral("patient_key")));
    if (fileColumn < 0 || patientColumn < 0) return patients;
    for (qsizetype r = 1; r < rows.size(); ++r) {
        const QStringList& cells = rows[r];
        if (cells.size() > std::max(fileColumn, patientColumn) && !cells[patientColumn].isEmpty())
            patients.insert(QDir::cleanPath(root.filePath(cells[fileColumn])), cells[patientColumn]);
    }
    return patients;
}

}  // namespace

LabelledImageSet readLabelledImages(const QString& folder)
{
    const QFileInfo root(folder);
    if (!root.isDir()) throw std::runtime_error(folder.toStdString() + ": not a folder");
    const QDir directory(folder);
    LabelledImageSet set;

    const QString splitNames[] = {QStringLiteral("train"), QStringLiteral("val"), QStringLiteral("validation"),
                                  QStringLiteral("test")};
    const inference::DataSplit splits[] = {inference::DataSplit::Train, inference::DataSplit::Validation,
                                           inference::DataSplit::Validation, inference::DataSplit::Test};
    if (QFileInfo(directory.filePath(QStringLiteral("train"))).isDir()) {
        set.layout = QStringLiteral("imagefolder");
        for (size_t i = 0; i < 4; ++i)
            if (QFileInfo(directory.filePath(splitNames[i])).isDir())
                readClassFolders(directory.filePath(splitNames[i]), splits[i], set.images);
        // The export's file names are keyed hashes of the image; its manifest names the patient.
        const QMap<QString, QString> patients = manifestPatients(directory);
        for (LabelledImage& image : set.images)
            image.patientId = patients.value(QDir::cleanPath(image.file), image.patientId);
    } else {
        // Sidecar layout: every DICOM file (anything not JSON and not a raster image) needs one.
        QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
        QStringList files;
        while (it.hasNext()) files << it.next();
        files.sort();
        for (const QString& file : files) {
            if (file.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) || isRasterImage(file) ||
                file.endsWith(QLatin1String(".md"), Qt::CaseInsensitive) ||
                file.endsWith(QLatin1String(".txt"), Qt::CaseInsensitive) ||
                file.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
                continue;
            const QString sidecar = sidecarOf(file);
            if (!QFileInfo::exists(sidecar)) {
                ++set.unlabelled;
                continue;
            }
            const QJsonObject json = readSidecar(sidecar);
            LabelledImage image;
            image.file = file;
            image.label = json.value(QStringLiteral("label")).toString();
            if (image.label.isEmpty()) throw std::runtime_error(sidecar.toStdString() + ": no \"label\"");
            image.patientId = json.value(QStringLiteral("patient_id")).toString(QFileInfo(file).completeBaseName());
            image.lesions = lesionBoxes(json, sidecar);
            image.synthetic = json.value(QStringLiteral("synthetic")).toBool();
            set.images.push_back(image);
        }
        set.layout = QStringLiteral("sidecars");
        if (set.images.empty()) {
            // <LABEL>/<image>: one split of an ImageFolder export.
            readClassFolders(folder, inference::DataSplit::Unassigned, set.images);
            set.layout = QStringLiteral("class-folders");
        }
    }
    if (set.images.empty())
        throw std::runtime_error(
            folder.toStdString() +
            ": no labelled images (DICOM files with .json sidecars, or train/val/test/<LABEL>/ folders)");
    std::sort(set.images.begin(), set.images.end(),
              [](const LabelledImage& a, const LabelledImage& b) { return a.file < b.file; });
    return set;
}

inference::GrayImage loadModelImage(const QString& file)
{
    if (!isRasterImage(file)) return app::modelInputImage(dicom::loadImage(file.toStdString()));
    QImage image(file);
    if (image.isNull()) throw std::runtime_error(file.toStdString() + ": cannot read the image");
    inference::GrayImage gray;
    gray.width = image.width();
    gray.height = image.height();
    gray.pixels.resize(size_t(gray.width) * size_t(gray.height));
    if (image.isGrayscale()) {
        image = image.convertToFormat(QImage::Format_Grayscale8);
        for (int y = 0; y < gray.height; ++y)
            std::copy_n(image.constScanLine(y), gray.width, gray.pixels.begin() + long(y) * gray.width);
        return gray;
    }
    image = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < gray.height; ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < gray.width; ++x) {
            const double luma = 0.299 * qRed(line[x]) + 0.587 * qGreen(line[x]) + 0.114 * qBlue(line[x]);
            gray.pixels[size_t(y) * size_t(gray.width) + size_t(x)] = uint8_t(std::min(255.0, luma + 0.5));
        }
    }
    return gray;
}

BinaryLabels binaryLabels(const inference::ModelCard& card, const char* command)
{
    if (card.labels.size() != 2) throw std::runtime_error(std::string(command) + " handles two-class models only");
    BinaryLabels labels;
    labels.positive = card.positiveIndex();
    labels.positiveLabel = QString::fromStdString(card.positiveLabel);
    labels.negativeLabel = QString::fromStdString(card.labels[size_t(1 - labels.positive)]);
    return labels;
}

PredictionsCsv::PredictionsCsv(const QString& path, const QStringList& header) : m_path(path), m_file(path)
{
    if (path.isEmpty()) return;
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw std::runtime_error(path.toStdString() + ": cannot write");
    m_csv.emplace(m_file, path);
    m_csv->writeRow(header);
}

void PredictionsCsv::write(const QStringList& row)
{
    if (m_csv) m_csv->writeRow(row);
}

void PredictionsCsv::finish()
{
    if (m_csv && !m_file.flush()) throw std::runtime_error(m_path.toStdString() + ": cannot write");
}

}  // namespace pulmo::cli
