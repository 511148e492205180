#pragma once
// A study as the PACS holds it after Pulmo's results went in (issue 16): a radiograph, Pulmo's
// AI result SR about it (a Comprehensive 3D SR written with DCMTK's DSRDocument, Manufacturer
// Pulmo, its Current Requested Procedure Evidence naming the radiograph), Pulmo's heatmap Secondary
// Capture (Manufacturer Pulmo, DERIVED\SECONDARY, Conversion Type WSD, Burned In Annotation YES)
// and a reader's Basic Text SR. For the index and browser tests; the content of the SR is a stand-in
// (the real one is viewer/results' business), its header is what the index reads.
// Tests that include it link DCMTK::dcmsr.

#include "dicom/DicomWriter.h"

#include <QDir>
#include <QFile>
#include <QString>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmsr/dsrdoc.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace pulmo::test {

struct AiStudy {
    QString studyUid;
    QString radiograph, radiographSeries, radiographSop;
    QString pulmoReport, pulmoReportSeries, pulmoReportSop;
    QString heatmap, heatmapSeries, heatmapSop;
    QString otherReport, otherReportSeries, otherReportSop;
};

namespace detail {

/// 64 x 64, 12 bits: a ramp with a bright disc, so that a thumbnail shows something.
inline dicom::GrayImageSpec aiStudyImage(const std::string& patientId, const std::string& studyUid)
{
    dicom::GrayImageSpec spec;
    spec.rows = 64;
    spec.columns = 64;
    spec.storedValues.resize(64 * 64);
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x) {
            const int dx = x - 40;
            const int dy = y - 28;
            spec.storedValues[size_t(y * 64 + x)] = (dx * dx + dy * dy < 144) ? 3800 : 400 + 40 * y;
        }
    spec.patientId = patientId;
    spec.patientName = "RESULT^ANNA";
    spec.studyInstanceUid = studyUid;
    spec.studyDate = "20260301";
    spec.studyDescription = "CHEST PA";
    return spec;
}

/// An SR in the study with `evidence` (study, series, SOP Class, SOP Instance of the image it is
/// about) in its Current Requested Procedure Evidence. Returns the SR's series and SOP Instance UIDs.
inline std::pair<std::string, std::string> writeReport(const QString& path, DSRTypes::E_DocumentType type,
                                                       const std::string& patientId, const std::string& studyUid,
                                                       const char* manufacturer, const char* seriesDescription,
                                                       const char* seriesNumber, const std::string& evidenceSeries,
                                                       const std::string& evidenceSopClass,
                                                       const std::string& evidenceSop)
{
    DSRDocument document(type);
    document.setPatientName("RESULT^ANNA");
    document.setPatientID(patientId.c_str());
    if (document.createNewSeriesInStudy(studyUid.c_str()).bad()) throw std::runtime_error("createNewSeriesInStudy");
    document.setManufacturer(manufacturer);
    document.setSeriesDescription(seriesDescription);
    document.setSeriesNumber(seriesNumber);
    document.setContentDate("20260301");
    document.setContentTime("101500");
    DSRDocumentTree& tree = document.getTree();
    tree.addContentItem(DSRTypes::RT_isRoot, DSRTypes::VT_Container);
    tree.getCurrentContentItem().setConceptName(DSRCodedEntryValue("126000", "DCM", "Imaging Measurement Report"));
    tree.addContentItem(DSRTypes::RT_contains, DSRTypes::VT_Text, DSRTypes::AM_belowCurrent);
    tree.getCurrentContentItem().setConceptName(DSRCodedEntryValue("121071", "DCM", "Finding"));
    tree.getCurrentContentItem().setStringValue("Pneumonia");
    if (document.getCurrentRequestedProcedureEvidence()
            .addItem(studyUid.c_str(), evidenceSeries.c_str(), evidenceSopClass.c_str(), evidenceSop.c_str())
            .bad())
        throw std::runtime_error("Current Requested Procedure Evidence");
    DcmFileFormat file;
    if (document.write(*file.getDataset()).bad()) throw std::runtime_error("DSRDocument::write");
    if (file.saveFile(QFile::encodeName(path).constData(), EXS_LittleEndianExplicit).bad())
        throw std::runtime_error("cannot write " + path.toStdString());
    OFString series;
    OFString sop;
    document.getSeriesInstanceUID(series);
    document.getSOPInstanceUID(sop);
    return {series.c_str(), sop.c_str()};
}

}  // namespace detail

/// Writes the study's four files into `folder` (created). Throws std::runtime_error.
inline AiStudy writeAiStudy(const QString& folder, const std::string& patientId = "RESULT-0001")
{
    QDir().mkpath(folder);
    AiStudy study;
    const std::string studyUid = dicom::newUid();
    study.studyUid = QString::fromStdString(studyUid);

    dicom::GrayImageSpec radiograph = detail::aiStudyImage(patientId, studyUid);
    radiograph.modality = "CR";
    radiograph.sopClassUid = "1.2.840.10008.5.1.4.1.1.1";  // CR Image Storage
    radiograph.seriesInstanceUid = dicom::newUid();
    radiograph.sopInstanceUid = dicom::newUid();
    radiograph.manufacturer = "ACME";
    radiograph.seriesDescription = "PA";
    radiograph.seriesNumber = "1";
    study.radiograph = QDir(folder).filePath(QStringLiteral("radiograph.dcm"));
    dicom::writeGrayImage(QFile::encodeName(study.radiograph).toStdString(), radiograph);
    study.radiographSeries = QString::fromStdString(radiograph.seriesInstanceUid);
    study.radiographSop = QString::fromStdString(radiograph.sopInstanceUid);

    dicom::GrayImageSpec heatmap = detail::aiStudyImage(patientId, studyUid);
    heatmap.modality = "OT";
    heatmap.sopClassUid = "1.2.840.10008.5.1.4.1.1.7";  // Secondary Capture Image Storage
    heatmap.seriesInstanceUid = dicom::newUid();
    heatmap.sopInstanceUid = dicom::newUid();
    heatmap.manufacturer = "Pulmo";
    heatmap.seriesDescription = "Pulmo AI heatmap";
    heatmap.seriesNumber = "902";
    heatmap.imageType = "DERIVED\\SECONDARY";
    heatmap.conversionType = "WSD";
    heatmap.burnedInAnnotation = "YES";
    study.heatmap = QDir(folder).filePath(QStringLiteral("heatmap.dcm"));
    dicom::writeGrayImage(QFile::encodeName(study.heatmap).toStdString(), heatmap);
    study.heatmapSeries = QString::fromStdString(heatmap.seriesInstanceUid);
    study.heatmapSop = QString::fromStdString(heatmap.sopInstanceUid);

    study.pulmoReport = QDir(folder).filePath(QStringLiteral("pulmo-sr.dcm"));
    const auto [reportSeries, reportSop] = detail::writeReport(
        study.pulmoReport, DSRTypes::DT_Comprehensive3DSR, patientId, studyUid, "Pulmo", "Pulmo AI result", "901",
        radiograph.seriesInstanceUid, radiograph.sopClassUid, radiograph.sopInstanceUid);
    study.pulmoReportSeries = QString::fromStdString(reportSeries);
    study.pulmoReportSop = QString::fromStdString(reportSop);

    study.otherReport = QDir(folder).filePath(QStringLiteral("reader-sr.dcm"));
    const auto [otherSeries, otherSop] = detail::writeReport(
        study.otherReport, DSRTypes::DT_BasicTextSR, patientId, studyUid, "ACME RIS", "Radiologist report", "903",
        radiograph.seriesInstanceUid, radiograph.sopClassUid, radiograph.sopInstanceUid);
    study.otherReportSeries = QString::fromStdString(otherSeries);
    study.otherReportSop = QString::fromStdString(otherSop);
    return study;
}

}  // namespace pulmo::test
