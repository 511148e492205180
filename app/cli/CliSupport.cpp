#include "CliSupport.h"

#include "DeviceName.h"
#include "dicom/ImageInfo.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace pulmo::cli {

void parseOrThrow(QCommandLineParser& parser, const QStringList& arguments)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    QStringList withProgram = arguments;
    withProgram.prepend(QStringLiteral("pulmo-cli"));
    if (!parser.parse(withProgram)) throw UsageError(parser.errorText().toStdString());
}

std::string deviceOption(const QCommandLineParser& parser, const QCommandLineOption& option)
{
    const std::string given = parser.value(option).toStdString();
    if (!inference::parseDeviceName(given))
        throw UsageError("--device takes " + std::string(inference::kDeviceNameSyntax) + ", not '" + given + "'");
    return given;
}

QCommandLineOption makeDeviceOption()
{
    return QCommandLineOption(QStringLiteral("device"),
                              QStringLiteral("auto (a GPU when there is one), cpu, cuda or cuda:N."),
                              QStringLiteral("DEVICE"), QStringLiteral("auto"));
}

std::string fixed(double value, int decimals)
{
    char buffer[400];  // DBL_MAX in fixed notation has 309 digits before the point
    const auto written =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, std::clamp(decimals, 0, 17));
    return written.ec == std::errc() ? std::string(buffer, written.ptr) : std::string("?");
}

std::string shortest(double value)
{
    char buffer[64];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
    return written.ec == std::errc() ? std::string(buffer, written.ptr) : std::string("?");
}

std::string dimseStatus(unsigned status)
{
    char text[8];
    std::snprintf(text, sizeof text, "0x%04X", status & 0xffffu);
    return text;
}

void printJsonLine(const QJsonObject& object)
{
    const QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact);
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

QJsonObject toJson(const dicom::VoiPreset& voi)
{
    QJsonObject object;
    switch (voi.kind) {
        case dicom::VoiPreset::Kind::Window:
            object["kind"] = "window";
            object["center"] = voi.center;
            object["width"] = voi.width;
            object["function"] = QString::fromStdString(dicom::toString(voi.function));
            break;
        case dicom::VoiPreset::Kind::Lut:
            object["kind"] = "lut";
            object["entries"] = qint64(voi.lut.entries.size());
            object["first_mapped"] = voi.lut.firstMapped;
            object["bits"] = voi.lut.bitsPerEntry;
            break;
        case dicom::VoiPreset::Kind::FullRange:
            object["kind"] = "full_range";
            break;
    }
    if (!voi.explanation.empty()) object["explanation"] = QString::fromStdString(voi.explanation);
    return object;
}

QJsonObject toJson(const dicom::ImageInfo& info)
{
    const auto text = [](const std::string& value) { return QString::fromStdString(value); };
    QJsonObject object;
    object["file"] = text(info.filePath);
    object["patient_name"] = text(info.patientName);
    object["patient_id"] = text(info.patientId);
    object["patient_sex"] = text(info.patientSex);
    object["patient_birth_date"] = text(info.patientBirthDate);
    object["study_instance_uid"] = text(info.studyInstanceUid);
    object["series_instance_uid"] = text(info.seriesInstanceUid);
    object["sop_instance_uid"] = text(info.sopInstanceUid);
    object["sop_class_uid"] = text(info.sopClassUid);
    object["study_date"] = text(info.studyDate);
    object["study_description"] = text(info.studyDescription);
    object["series_description"] = text(info.seriesDescription);
    object["accession_number"] = text(info.accessionNumber);
    object["series_number"] = text(info.seriesNumber);
    object["instance_number"] = text(info.instanceNumber);
    object["modality"] = text(info.modality);
    object["manufacturer"] = text(info.manufacturer);
    object["rows"] = info.rows;
    object["columns"] = info.columns;
    object["frames"] = info.frames;
    object["samples_per_pixel"] = info.samplesPerPixel;
    object["bits_allocated"] = info.bitsAllocated;
    object["bits_stored"] = info.bitsStored;
    object["high_bit"] = info.highBit;
    object["pixel_representation"] = info.pixelRepresentation;
    object["photometric_interpretation"] = text(info.photometricInterpretation);
    object["presentation_lut_shape"] = text(info.presentationLutShape);
    object["has_pixel_data"] = info.hasPixelData;
    object["transfer_syntax_uid"] = text(info.transferSyntaxUid);
    object["transfer_syntax"] = text(info.transferSyntaxName);
    object["has_meta_header"] = info.hasMetaHeader;
    QJsonObject modality;
    switch (info.modalityTransform.kind) {
        case dicom::ModalityTransform::Kind::Identity:
            modality["kind"] = "identity";
            break;
        case dicom::ModalityTransform::Kind::Rescale:
            modality["kind"] = "rescale";
            modality["slope"] = info.modalityTransform.slope;
            modality["intercept"] = info.modalityTransform.intercept;
            break;
        case dicom::ModalityTransform::Kind::Lut:
            modality["kind"] = "lut";
            modality["entries"] = qint64(info.modalityTransform.lut.entries.size());
            break;
    }
    object["modality_lut"] = modality;
    QJsonArray presets;
    for (const auto& voi : info.voiPresets) presets.append(toJson(voi));
    object["window_presets"] = presets;
    if (!info.pixelSpacingSource.empty()) {
        object["pixel_spacing_mm"] = QJsonArray{info.rowSpacingMm, info.columnSpacingMm};
        object["pixel_spacing_source"] = text(info.pixelSpacingSource);
    }
    return object;
}

}  // namespace pulmo::cli
