#include "results/AiResultSr.h"

#include "dicom/DicomText.h"

#include "dicom/DicomError.h"
#include "results/ResultUids.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmsr/cmr/tid1500.h>
#include <dcmtk/dcmsr/cmr/tid4019.h>
#include <dcmtk/dcmsr/codes/dcm.h>
#include <dcmtk/dcmsr/codes/sct.h>
#include <dcmtk/dcmsr/dsrdoc.h>
#include <dcmtk/dcmsr/dsrimgvl.h>
#include <dcmtk/dcmsr/dsrnumvl.h>

#include <QDateTime>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <system_error>

namespace pulmo::results {

using dicom::DicomError;

namespace {

// The concepts of the result (PS3.16; SNOMED CT as DICOM uses it, the DCM vocabulary).
const DSRCodedEntryValue kPneumonia("233604007", "SCT", "Pneumonia");
const DSRCodedEntryValue kLung("39607008", "SCT", "Lung");
const DSRCodedEntryValue kPresent("52101004", "SCT", "Present");
const DSRCodedEntryValue kAbsent("272519000", "SCT", "Absent");
const DSRCodedEntryValue kIndeterminate("82334004", "SCT", "Indeterminate");
// DCM 122157 "Probability": the probability of the finding (pneumonia) as the model reports it,
// a dimensionless value 0..1, hence UCUM "1" ("no units", CID 7181).
const DSRCodedEntryValue kProbability("122157", "DCM", "Probability");
const DSRCodedEntryValue kNoUnits("1", "UCUM", "no units");
// Procedure Reported (TID 1500 row 4) comes from CID 100, which has no projection radiography
// procedure: its generic "Imaging procedure" (PixelMed's validator rejects a code outside CID 100
// there). The LN 43468-8 (DICOM's meaning for it: "X-Ray Report") goes into the header's
// Performed Procedure Code Sequence instead.
const DSRCodedEntryValue kProcedure("363679005", "SCT", "Imaging procedure");
const char* const kPerformedProcedureCode = "43468-8";
const char* const kPerformedProcedureScheme = "LN";
const char* const kPerformedProcedureMeaning = "X-Ray Report";
const DSRCodedEntryValue kSourceOfMeasurement("121112", "DCM", "Source of Measurement");
const DSRCodedEntryValue kVisualExplanation("130401", "DCM", "Visual explanation");
const DSRCodedEntryValue kComment("121106", "DCM", "Comment");
const DSRCodedEntryValue kDeviceObserverName("121013", "DCM", "Device Observer Name");
const DSRCodedEntryValue kDeviceObserverSerial("121016", "DCM", "Device Observer Serial Number");
const DSRCodedEntryValue kAlgorithmName("111001", "DCM", "Algorithm Name");
const DSRCodedEntryValue kAlgorithmVersion("111003", "DCM", "Algorithm Version");
const DSRCodedEntryValue kAlgorithmParameters("111002", "DCM", "Algorithm Parameters");

// What makes a Measurement Report Pulmo's: its Device Observer (TID 1004) is named this.
const char* const kDeviceName = "Pulmo";
const char* const kNotForClinicalUse = "Not for clinical use: research model, not a medical device";
const char* const kSecondaryCaptureSopClass = UID_SecondaryCaptureImageStorage;
const char* const kSeriesNumberAi = "9901";
const char* const kSeriesNumberVerified = "9903";  // the heatmap SC is 9902
const char* const kSeriesDescriptionAi = "Pulmo AI result";
const char* const kSeriesDescriptionVerified = "Pulmo AI result, verified";

const DSRCodedEntryValue& codeFor(Finding finding)
{
    switch (finding) {
        case Finding::Present:
            return kPresent;
        case Finding::Absent:
            return kAbsent;
        case Finding::Indeterminate:
            return kIndeterminate;
    }
    return kIndeterminate;
}

std::string text(const OFString& value)
{
    return std::string(value.c_str(), value.length());
}

bool isAscii(const std::string& value)
{
    for (unsigned char c : value)
        if (c >= 0x80) return false;
    return true;
}

// A Decimal String holds 16 characters at most: the shortest form that reads back as the same
// double when it fits, else as many significant digits as fit. The exact value travels beside it
// as Floating Point Value (FD), which the reader prefers.
std::string decimalString(double value)
{
    char buffer[64];
    auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (written.ec == std::errc() && written.ptr - buffer <= 16) return std::string(buffer, written.ptr);
    for (int precision = 16; precision > 0; --precision) {
        written = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, precision);
        if (written.ec == std::errc() && written.ptr - buffer <= 16) return std::string(buffer, written.ptr);
    }
    return "0";
}

std::string formatDouble(double value)
{
    char buffer[64];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, written.ptr);
}

std::optional<double> parseDouble(const std::string& value)
{
    double parsed = 0.0;
    const auto result = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (result.ec != std::errc() || result.ptr != value.data() + value.size()) return std::nullopt;
    return parsed;
}

void check(const OFCondition& condition, const std::string& filePath, const std::string& what)
{
    if (condition.bad()) throw DicomError(filePath, what + ": " + condition.text());
}

/// Reads a DICOM file into `file`; throws DicomError naming the file for anything that is not one.
void loadDicom(const std::string& path, DcmFileFormat& file)
{
    std::error_code error;
    const std::filesystem::path filePath(path);
    if (!std::filesystem::exists(filePath, error))
        throw DicomError(DicomError::Kind::FileNotFound, path, "file not found");
    if (std::filesystem::is_directory(filePath, error))
        throw DicomError(DicomError::Kind::IsFolder, path, "is a folder");
    if (std::filesystem::file_size(filePath, error) == 0 && !error)
        throw DicomError(DicomError::Kind::EmptyFile, path, "empty file");
    if (!std::ifstream(filePath, std::ios::binary))
        throw DicomError(DicomError::Kind::PermissionDenied, path, "cannot be read (permission denied)");
    OFCondition status = EC_IllegalCall;
    try {
        status = file.loadFile(OFFilename(path.c_str()));
    } catch (const std::exception& error) {  // DCMTK 3.6.7 can throw on a damaged file (DicomFile.cpp)
        throw DicomError(DicomError::Kind::NotDicom, path, std::string("not a readable DICOM file: ") + error.what(),
                         {error.what()});
    }
    if (status.bad()) {
        const std::string reason = status.text();
        throw DicomError(DicomError::Kind::NotDicom, path, "not a DICOM file: " + reason, {reason});
    }
}

std::string stringOf(DcmItem& item, const DcmTagKey& key)
{
    OFString value;
    if (item.findAndGetOFStringArray(key, value).bad()) return {};
    return text(value);
}

/// The radiograph the result is about, read and checked.
struct Source {
    DcmFileFormat file;
    DcmDataset* dataset = nullptr;
    std::string studyUid, seriesUid, sopClassUid, sopInstanceUid;
    std::string characterSet;  ///< as the radiograph declared it, before conversion to UTF-8
};

void loadSource(const std::string& path, Source& source)
{
    loadDicom(path, source.file);
    source.dataset = source.file.getDataset();
    DcmDataset& dataset = *source.dataset;
    source.studyUid = stringOf(dataset, DCM_StudyInstanceUID);
    source.seriesUid = stringOf(dataset, DCM_SeriesInstanceUID);
    source.sopClassUid = stringOf(dataset, DCM_SOPClassUID);
    source.sopInstanceUid = stringOf(dataset, DCM_SOPInstanceUID);
    if (DSRTypes::sopClassUIDToDocumentType(source.sopClassUid.c_str()) != DSRTypes::DT_invalid ||
        !dataset.tagExists(DCM_PixelData))
        throw DicomError(DicomError::Kind::NoPixelData, path, "not an image (no pixel data)", {source.sopClassUid});
    if (source.studyUid.empty() || source.seriesUid.empty() || source.sopInstanceUid.empty() ||
        source.sopClassUid.empty())
        throw DicomError(DicomError::Kind::InvalidHeaderValue, path,
                         "the image lacks its study, series or SOP instance identification",
                         {"SOPInstanceUID", source.sopInstanceUid});
    // Everything the SR copies is UTF-8 from here on; the SR then says ISO_IR 192 when needed.
    source.characterSet = stringOf(dataset, DCM_SpecificCharacterSet);
    // (Pulmo's decoder, not DCMTK's convertToUTF8(): that one fails on the Japanese sets glibc's
    // iconv lacks, and a Japanese patient's radiograph would get no SR.)
    dicom::detail::convertToUtf8(dataset);
}

void validate(const AiResult& result, const std::string& outputPath)
{
    if (!std::isfinite(result.probability) || result.probability < 0.0 || result.probability > 1.0)
        throw DicomError(outputPath, "probability " + formatDouble(result.probability) + " is outside 0..1");
    if (result.algorithm.sha256.empty()) throw DicomError(outputPath, "the model's SHA-256 is empty");
    if (result.algorithm.name.empty()) throw DicomError(outputPath, "the model's name is empty");
    const std::string& when = result.contentDateTime;
    if (!when.empty()) {
        bool digits = when.size() == 14;
        for (char c : when) digits = digits && c >= '0' && c <= '9';
        if (!digits) throw DicomError(outputPath, "content date/time \"" + when + "\" is not YYYYMMDDHHMMSS");
    }
}

/// What differs between the AI's SR and the reader's.
struct Variant {
    UidKind seriesKind = UidKind::ReportSeries;
    UidKind reportKind = UidKind::Report;
    std::string discriminator;  ///< the verdict id for the reader's SR
    Finding finding = Finding::Indeterminate;
    const ReaderVerification* reader = nullptr;
};

/// Adds content items below the Measurement Group that DCMTK's TID 1501 class has no setter for,
/// in the document tree (as dcmqi extends its TID 1500 trees): TID 4019 Algorithm Identification
/// after the Finding Site, and the heatmap SC after the measurement.
void extendMeasurementGroup(DSRDocumentTree& tree, const AiResult& result, const ResultObjectUids& uids,
                            const std::string& outputPath)
{
    if (tree.gotoNamedNode(CODE_DCM_MeasurementGroup) == 0) throw DicomError(outputPath, "no measurement group");
    if (tree.gotoNamedChildNode(CODE_SCT_FindingSite) == 0) throw DicomError(outputPath, "no finding site");
    const OFBool checks = OFTrue;
    check(tree.addContentItem(DSRTypes::RT_hasConceptMod, DSRTypes::VT_Text, kAlgorithmName, checks), outputPath,
          "Algorithm Name");
    check(tree.getCurrentContentItem().setStringValue(result.algorithm.name.c_str(), checks), outputPath,
          "Algorithm Name");
    check(tree.addContentItem(DSRTypes::RT_hasConceptMod, DSRTypes::VT_Text, kAlgorithmVersion, checks), outputPath,
          "Algorithm Version");
    check(tree.getCurrentContentItem().setStringValue(result.algorithm.versionWithHash().c_str(), checks), outputPath,
          "Algorithm Version");
    check(tree.addContentItem(DSRTypes::RT_hasConceptMod, DSRTypes::VT_Text, kAlgorithmParameters, checks), outputPath,
          "Algorithm Parameters");
    check(tree.getCurrentContentItem().setStringValue(("threshold=" + formatDouble(result.algorithm.threshold)).c_str(),
                                                      checks),
          outputPath, "Algorithm Parameters");

    if (tree.gotoNamedNode(CODE_DCM_MeasurementGroup) == 0 || tree.gotoNamedChildNode(kProbability) == 0)
        throw DicomError(outputPath, "no probability measurement");
    check(tree.addContentItem(DSRTypes::RT_contains, DSRTypes::VT_Image, kVisualExplanation, checks), outputPath,
          "Visual explanation");
    check(tree.getCurrentContentItem().setImageReference(
              DSRImageReferenceValue(kSecondaryCaptureSopClass, uids.capture.c_str()), checks),
          outputPath, "Visual explanation");

    if (!result.algorithm.clinicalUse) {
        // IHE AIR keeps such statements in the content: a TEXT item right under the root.
        tree.gotoRoot();
        check(tree.addChildContentItem(DSRTypes::RT_contains, DSRTypes::VT_Text, kComment, checks), outputPath,
              "Comment");
        check(tree.getCurrentContentItem().setStringValue(kNotForClinicalUse, checks), outputPath, "Comment");
    }
}

void addContributingEquipment(DcmDataset& dataset, const AiResult& result, const std::string& contributionDateTime,
                              const std::string& outputPath)
{
    DcmItem* item = nullptr;
    check(dataset.findOrCreateSequenceItem(DCM_ContributingEquipmentSequence, item, -2), outputPath,
          "Contributing Equipment Sequence");
    const Producer& producer = result.producer;
    const Algorithm& algorithm = result.algorithm;
    const std::string softwareVersions =
        (producer.softwareVersion.empty() ? std::string("unknown") : producer.softwareVersion) + "\\" +
        algorithm.versionWithHash();
    check(item->putAndInsertString(DCM_Manufacturer, producer.manufacturer.c_str()), outputPath, "Manufacturer");
    if (!producer.institutionName.empty())
        check(item->putAndInsertString(DCM_InstitutionName, producer.institutionName.c_str()), outputPath,
              "Institution Name");
    if (!producer.stationName.empty())
        check(item->putAndInsertString(DCM_StationName, producer.stationName.c_str()), outputPath, "Station Name");
    check(item->putAndInsertString(DCM_ManufacturerModelName, algorithm.name.c_str()), outputPath,
          "Manufacturer's Model Name");
    // The full SHA-256 (64 hex digits, LO's maximum) identifies this model file as a serial
    // number identifies a device; readAiResultSr reads it back from here or from TID 1004.
    check(item->putAndInsertString(DCM_DeviceSerialNumber, algorithm.sha256.c_str()), outputPath,
          "Device Serial Number");
    check(item->putAndInsertString(DCM_DeviceUID, deviceUid(algorithm.sha256).c_str()), outputPath, "Device UID");
    check(item->putAndInsertString(DCM_SoftwareVersions, softwareVersions.c_str()), outputPath, "Software Versions");
    check(item->putAndInsertString(DCM_ContributionDateTime, contributionDateTime.c_str()), outputPath,
          "Contribution DateTime");
    check(item->putAndInsertString(DCM_ContributionDescription, "AI analysis: probability of pneumonia"), outputPath,
          "Contribution Description");
    // CID 7005: Pulmo made a new object from the radiograph (Processing Equipment, DCM 109102);
    // it modified nothing (Modifying Equipment is for changed instances).
    DcmItem* purpose = nullptr;
    check(item->findOrCreateSequenceItem(DCM_PurposeOfReferenceCodeSequence, purpose, -2), outputPath,
          "Purpose of Reference");
    check(purpose->putAndInsertString(DCM_CodeValue, "109102"), outputPath, "Purpose of Reference");
    check(purpose->putAndInsertString(DCM_CodingSchemeDesignator, "DCM"), outputPath, "Purpose of Reference");
    check(purpose->putAndInsertString(DCM_CodeMeaning, "Processing Equipment"), outputPath, "Purpose of Reference");
}

/// Writes `file` to a temporary name beside `outputPath` and renames it: a reader never sees a
/// half-written SR, and a failure leaves nothing behind.
void saveAtomically(DcmFileFormat& file, const std::string& outputPath)
{
    std::random_device random;
    const std::string temporary = outputPath + ".tmp" + std::to_string(random());
    const OFCondition status =
        file.saveFile(OFFilename(temporary.c_str()), EXS_LittleEndianExplicit, EET_ExplicitLength, EGL_recalcGL);
    std::error_code error;
    if (status.bad()) {
        std::filesystem::remove(temporary, error);
        const std::string reason = status.text();
        throw DicomError(DicomError::Kind::CannotWrite, outputPath, "cannot write: " + reason, {reason});
    }
    std::filesystem::rename(temporary, outputPath, error);
    if (error) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw DicomError(DicomError::Kind::CannotWrite, outputPath, "cannot write: " + error.message(),
                         {error.message()});
    }
}

void writeSr(const std::string& sourcePath, const AiResult& result, const Variant& variant,
             const std::string& outputPath)
{
    validate(result, outputPath);
    Source source;
    loadSource(sourcePath, source);
    const ResultObjectUids uids = resultObjectUids(source.sopInstanceUid, result.algorithm.sha256);
    const Algorithm& algorithm = result.algorithm;
    const OFBool checks = OFTrue;
    const std::string seriesUid =
        resultUid(source.sopInstanceUid, algorithm.sha256, variant.seriesKind, variant.discriminator);
    const std::string sopInstanceUid =
        resultUid(source.sopInstanceUid, algorithm.sha256, variant.reportKind, variant.discriminator);

    std::string when = result.contentDateTime;
    if (when.empty()) when = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmss")).toStdString();

    TID1500_MeasurementReport report(CMR_CID7021::ImagingMeasurementReport);
    check(report.setLanguage(CID5000_Languages::English), outputPath, "language");
    check(report.getObservationContext().addDeviceObserver(deviceUid(algorithm.sha256).c_str(), kDeviceName,
                                                           result.producer.manufacturer.c_str(), algorithm.name.c_str(),
                                                           algorithm.sha256.c_str()),
          outputPath, "device observer");
    check(report.addProcedureReported(CID100_QuantitativeDiagnosticImagingProcedures(kProcedure), OFFalse), outputPath,
          "procedure reported");
    TID1600_ImageLibrary& library = report.getImageLibrary();
    check(library.createNewImageLibrary(), outputPath, "image library");
    check(library.addImageGroup(), outputPath, "image library group");
    check(library.addImageEntry(*source.dataset, TID1600_ImageLibrary::withAllDescriptors), outputPath,
          "image library entry");

    check(report.addIndividualMeasurements(), outputPath, "measurement group");
    CMR_TID1501_in_TID1500& group = report.getIndividualMeasurements();
    check(group.setTrackingIdentifier(("Pneumonia, " + algorithm.name).c_str()), outputPath, "tracking identifier");
    // The finding tracked across the AI's and the reader's report: one UID for both.
    check(group.setTrackingUniqueIdentifier(
              resultUid(source.sopInstanceUid, algorithm.sha256, UidKind::Report, "tracking:pneumonia").c_str()),
          outputPath, "tracking UID");
    check(group.setFinding(kPneumonia), outputPath, "finding");
    check(group.addFindingSite(kLung), outputPath, "finding site");
    CMR_TID1501_in_TID1500::MeasurementValue value(decimalString(result.probability).c_str(),
                                                   CID7181_AbstractMultiDimensionalImageModelComponentUnits(kNoUnits),
                                                   checks);
    check(value.setFloatingPointRepresentation(result.probability), outputPath, "probability");
    check(group.addMeasurement(CID7469_GenericIntensityAndSizeMeasurements(kProbability), value, OFTrue, OFFalse),
          outputPath, "probability");
    check(group.getMeasurement().addImage(
              kSourceOfMeasurement, DSRImageReferenceValue(source.sopClassUid.c_str(), source.sopInstanceUid.c_str()),
              checks),
          outputPath, "source image");
    check(group.addQualitativeEvaluation(kPneumonia, codeFor(variant.finding)), outputPath, "qualitative evaluation");

    DSRDocument document(DSRTypes::DT_Comprehensive3DSR);
    check(document.readStudyData(*source.dataset), outputPath, "the radiograph's patient and study");
    check(document.setTreeFromRootTemplate(report, OFTrue /*expandTree*/), outputPath, "content tree");
    // The template's tree says Enhanced SR, the least SR IOD that can hold it; the result is a
    // Comprehensive 3D SR (as IHE AIR asks), which holds everything an Enhanced SR does.
    check(document.changeDocumentType(DSRTypes::DT_Comprehensive3DSR), outputPath, "document type");
    extendMeasurementGroup(document.getTree(), result, uids, outputPath);

    const ReaderVerification* reader = variant.reader;
    bool ascii = isAscii(stringOf(*source.dataset, DCM_PatientName)) &&
                 isAscii(stringOf(*source.dataset, DCM_ReferringPhysicianName)) &&
                 isAscii(stringOf(*source.dataset, DCM_StudyDescription)) && isAscii(algorithm.name) &&
                 isAscii(algorithm.version) && isAscii(result.producer.manufacturer) &&
                 isAscii(result.producer.institutionName) && isAscii(result.producer.stationName);
    for (const char* key : {"PatientID", "AccessionNumber", "StudyID"}) {
        DcmTag tag;
        if (DcmTag::findTagFromName(key, tag).good()) ascii = ascii && isAscii(stringOf(*source.dataset, tag));
    }
    if (reader) ascii = ascii && isAscii(reader->observerName) && isAscii(reader->observerOrganisation);
    if (!ascii) check(document.setSpecificCharacterSetType(DSRTypes::CS_UTF8), outputPath, "character set");

    check(document.setSeriesDescription(reader ? kSeriesDescriptionVerified : kSeriesDescriptionAi), outputPath,
          "Series Description");
    check(document.setSeriesNumber(reader ? kSeriesNumberVerified : kSeriesNumberAi), outputPath, "Series Number");
    check(document.setInstanceNumber("1"), outputPath, "Instance Number");
    check(document.setManufacturer(result.producer.manufacturer.c_str()), outputPath, "Manufacturer");
    check(document.setManufacturerModelName(kDeviceName), outputPath, "Manufacturer's Model Name");
    if (!result.producer.softwareVersion.empty())
        check(document.setSoftwareVersions(result.producer.softwareVersion.c_str()), outputPath, "Software Versions");
    check(document.setContentDate(when.substr(0, 8).c_str()), outputPath, "Content Date");
    check(document.setContentTime(when.substr(8, 6).c_str()), outputPath, "Content Time");
    check(document.setTimezoneOffsetFromUTC("+0000"), outputPath, "Timezone Offset From UTC");
    check(document.getCurrentRequestedProcedureEvidence().addItem(source.studyUid.c_str(), source.seriesUid.c_str(),
                                                                  source.sopClassUid.c_str(),
                                                                  source.sopInstanceUid.c_str()),
          outputPath, "Current Requested Procedure Evidence");
    // The heatmap SC the content refers to (the Visual explanation): other evidence, same study.
    check(document.getPertinentOtherEvidence().addItem(source.studyUid.c_str(), uids.captureSeries.c_str(),
                                                       kSecondaryCaptureSopClass, uids.capture.c_str()),
          outputPath, "Pertinent Other Evidence");
    if (reader) {
        // A reader's sign-off makes the report complete: nothing further is expected of it (and
        // DCMTK's verifyDocument accepts only complete documents).
        check(document.completeDocument(), outputPath, "Completion Flag");
        check(document.verifyDocument(reader->observerName.c_str(), reader->observerOrganisation.c_str(),
                                      reader->dateTime.c_str()),
              outputPath, "Verifying Observer");
        const std::string aiSeries =
            reader->predecessorSeriesUid.empty() ? uids.reportSeries : reader->predecessorSeriesUid;
        const std::string aiReport =
            reader->predecessorSopInstanceUid.empty() ? uids.report : reader->predecessorSopInstanceUid;
        check(document.getPredecessorDocuments().addItem(source.studyUid.c_str(), aiSeries.c_str(),
                                                         UID_Comprehensive3DSRStorage, aiReport.c_str()),
              outputPath, "Predecessor Documents");
    }

    DcmFileFormat file;
    DcmDataset& dataset = *file.getDataset();
    check(document.write(dataset), outputPath, "the SR document");
    // The stable identities (ResultUids.h) replace the random ones DCMTK made.
    check(dataset.putAndInsertString(DCM_SeriesInstanceUID, seriesUid.c_str()), outputPath, "Series Instance UID");
    check(dataset.putAndInsertString(DCM_SOPInstanceUID, sopInstanceUid.c_str()), outputPath, "SOP Instance UID");
    check(dataset.putAndInsertString(DCM_InstanceCreationDate, when.substr(0, 8).c_str()), outputPath,
          "Instance Creation Date");
    check(dataset.putAndInsertString(DCM_InstanceCreationTime, when.substr(8, 6).c_str()), outputPath,
          "Instance Creation Time");
    addContributingEquipment(dataset, result, when + "+0000", outputPath);
    DcmItem* procedure = nullptr;
    check(dataset.findOrCreateSequenceItem(DCM_PerformedProcedureCodeSequence, procedure, -2), outputPath,
          "Performed Procedure Code Sequence");
    check(procedure->putAndInsertString(DCM_CodeValue, kPerformedProcedureCode), outputPath, "procedure code");
    check(procedure->putAndInsertString(DCM_CodingSchemeDesignator, kPerformedProcedureScheme), outputPath,
          "procedure code");
    check(procedure->putAndInsertString(DCM_CodeMeaning, kPerformedProcedureMeaning), outputPath, "procedure code");
    // A radiograph in another character set (e.g. ISO_IR 100): the SR in the same one when all of
    // its text fits, so that patient and study attributes are the same bytes in both (what
    // dcentvfy and some archives compare); UTF-8 otherwise.
    const std::string& original = source.characterSet;
    if (!ascii && !original.empty() && original != "ISO_IR 192") {
        DcmDataset converted(dataset);
        if (converted.convertCharacterSet(original.c_str(), 0).good()) {
            DcmFileFormat convertedFile(&converted);
            saveAtomically(convertedFile, outputPath);
            return;
        }
    }
    saveAtomically(file, outputPath);
}

/// The card version from TID 4019's "VERSION (sha256:FIRST12)" (Algorithm::versionWithHash).
std::string cardVersion(const std::string& versionWithHash, const std::string& sha256)
{
    const std::string hash = "sha256:" + sha256.substr(0, 12);
    if (versionWithHash == hash) return {};
    const std::string suffix = " (" + hash + ")";
    if (versionWithHash.size() > suffix.size() &&
        versionWithHash.compare(versionWithHash.size() - suffix.size(), suffix.size(), suffix) == 0)
        return versionWithHash.substr(0, versionWithHash.size() - suffix.size());
    return versionWithHash;
}

bool same(const DSRCodedEntryValue& code, const DSRCodedEntryValue& expected)
{
    return code.getCodeValue() == expected.getCodeValue() &&
           code.getCodingSchemeDesignator() == expected.getCodingSchemeDesignator();
}

}  // namespace

ResultObjectUids resultObjectUids(const std::string& sourceSopInstanceUid, const std::string& modelSha256)
{
    ResultObjectUids uids;
    uids.reportSeries = resultUid(sourceSopInstanceUid, modelSha256, UidKind::ReportSeries);
    uids.report = resultUid(sourceSopInstanceUid, modelSha256, UidKind::Report);
    uids.captureSeries = resultUid(sourceSopInstanceUid, modelSha256, UidKind::CaptureSeries);
    uids.capture = resultUid(sourceSopInstanceUid, modelSha256, UidKind::Capture);
    return uids;
}

void writeAiResultSr(const std::string& sourcePath, const AiResult& result, const std::string& outputPath)
{
    Variant variant;
    variant.finding = result.finding;
    writeSr(sourcePath, result, variant, outputPath);
}

void writeVerifiedSr(const std::string& sourcePath, const AiResult& result, const ReaderVerification& reader,
                     const std::string& outputPath)
{
    if (reader.observerName.empty() || reader.observerOrganisation.empty())
        throw DicomError(outputPath, "the verifying observer's name and organisation are required");
    if (reader.verdictId.empty()) throw DicomError(outputPath, "the verdict id is empty");
    Variant variant;
    variant.seriesKind = UidKind::VerifiedReportSeries;
    variant.reportKind = UidKind::VerifiedReport;
    variant.discriminator = reader.verdictId;
    variant.finding = reader.readerFinding;
    variant.reader = &reader;
    writeSr(sourcePath, result, variant, outputPath);
}

std::optional<StoredResult> readAiResultSr(const std::string& path)
{
    DcmFileFormat file;
    loadDicom(path, file);
    DcmDataset& dataset = *file.getDataset();
    if (DSRTypes::sopClassUIDToDocumentType(stringOf(dataset, DCM_SOPClassUID).c_str()) == DSRTypes::DT_invalid)
        return std::nullopt;
    // Text comes back as UTF-8 whatever the SR's character set (a Latin-1 one, for instance).
    dicom::detail::convertToUtf8(dataset);
    DSRDocument document;
    if (document.read(dataset).bad()) return std::nullopt;
    DSRDocumentTree& tree = document.getTree();
    OFString templateId, mappingResource;
    if (tree.getTemplateIdentification(templateId, mappingResource).bad() || templateId != "1500") return std::nullopt;

    StoredResult stored;
    stored.filePath = path;
    OFString value;
    document.getStudyInstanceUID(value);
    stored.studyInstanceUid = text(value);
    document.getSeriesInstanceUID(value);
    stored.seriesInstanceUid = text(value);
    document.getSOPInstanceUID(value);
    stored.sopInstanceUid = text(value);
    AiResult& result = stored.result;
    result.algorithm.clinicalUse = true;
    bool pulmo = false, haveProbability = false, haveFinding = false;
    std::string versionWithHash;
    if (tree.gotoRoot() > 0) {
        do {
            DSRContentItem& item = tree.getCurrentContentItem();
            const DSRCodedEntryValue& concept = item.getConceptName();
            switch (item.getValueType()) {
                case DSRTypes::VT_Text:
                    if (same(concept, kDeviceObserverName) && item.getStringValue() == kDeviceName) pulmo = true;
                    if (same(concept, kDeviceObserverSerial)) result.algorithm.sha256 = text(item.getStringValue());
                    if (same(concept, kAlgorithmName)) result.algorithm.name = text(item.getStringValue());
                    if (same(concept, kAlgorithmVersion)) versionWithHash = text(item.getStringValue());
                    if (same(concept, kAlgorithmParameters)) {
                        const std::string parameter = text(item.getStringValue());
                        const std::string prefix = "threshold=";
                        if (parameter.compare(0, prefix.size(), prefix) == 0)
                            if (auto threshold = parseDouble(parameter.substr(prefix.size())))
                                result.algorithm.threshold = *threshold;
                    }
                    if (same(concept, kComment) && item.getStringValue() == kNotForClinicalUse)
                        result.algorithm.clinicalUse = false;
                    break;
                case DSRTypes::VT_Num:
                    if (same(concept, kProbability)) {
                        if (DSRNumericMeasurementValue* number = item.getNumericValuePtr()) {
                            Float64 exact = 0.0;
                            if (number->getFloatingPointRepresentation(exact).good()) {
                                result.probability = exact;
                                haveProbability = true;
                            } else if (auto parsed = parseDouble(text(number->getNumericValue()))) {
                                result.probability = *parsed;
                                haveProbability = true;
                            }
                        }
                    }
                    break;
                case DSRTypes::VT_Code:
                    if (same(concept, kPneumonia)) {
                        const DSRCodedEntryValue& code = item.getCodeValue();
                        for (Finding finding : {Finding::Present, Finding::Absent, Finding::Indeterminate})
                            if (same(code, codeFor(finding))) {
                                result.finding = finding;
                                haveFinding = true;
                            }
                    }
                    break;
                case DSRTypes::VT_Image:
                    if (same(concept, kSourceOfMeasurement)) {
                        const DSRImageReferenceValue& image = item.getImageReference();
                        stored.sourceSopClassUid = text(image.getSOPClassUID());
                        stored.sourceSopInstanceUid = text(image.getSOPInstanceUID());
                    }
                    break;
                default:
                    break;
            }
        } while (tree.iterate() > 0);
    }
    if (!pulmo || !haveProbability || !haveFinding) return std::nullopt;
    // What Pulmo writes is a probability (writeAiResultSr refuses any other): an SR that says 7 or
    // NaN was not written by Pulmo as it is, and is no result to show a reader.
    if (!std::isfinite(result.probability) || result.probability < 0.0 || result.probability > 1.0) return std::nullopt;
    if (!std::isfinite(result.algorithm.threshold) || result.algorithm.threshold <= 0.0 ||
        result.algorithm.threshold > 1.0)
        return std::nullopt;

    // The Contributing Equipment item Pulmo wrote: who made it, and the hash when TID 1004 lacks it.
    DcmItem* equipment = nullptr;
    if (dataset.findAndGetSequenceItem(DCM_ContributingEquipmentSequence, equipment, 0).good() && equipment) {
        result.producer.manufacturer = stringOf(*equipment, DCM_Manufacturer);
        result.producer.institutionName = stringOf(*equipment, DCM_InstitutionName);
        result.producer.stationName = stringOf(*equipment, DCM_StationName);
        OFString version;
        if (equipment->findAndGetOFString(DCM_SoftwareVersions, version, 0).good() && version != "unknown")
            result.producer.softwareVersion = text(version);
        if (result.algorithm.sha256.empty()) result.algorithm.sha256 = stringOf(*equipment, DCM_DeviceSerialNumber);
    }
    result.algorithm.version = cardVersion(versionWithHash, result.algorithm.sha256);

    OFString date, time;
    document.getContentDate(date);
    document.getContentTime(time);
    result.contentDateTime = text(date) + text(time).substr(0, 6);

    stored.verified = document.getVerificationFlag() == DSRTypes::VF_Verified;
    if (stored.verified) {
        ReaderVerification& reader = stored.reader;
        OFString dateTime, name, organisation;
        const size_t observers = document.getNumberOfVerifyingObservers();
        if (observers > 0 && document.getVerifyingObserver(observers, dateTime, name, organisation).good()) {
            reader.observerName = text(name);
            reader.observerOrganisation = text(organisation);
            reader.dateTime = text(dateTime);
        }
        reader.readerFinding = result.finding;
        DSRSOPInstanceReferenceList& predecessors = document.getPredecessorDocuments();
        if (predecessors.gotoFirstItem().good()) {
            OFString uid;
            reader.predecessorSeriesUid = text(predecessors.getSeriesInstanceUID(uid));
            reader.predecessorSopInstanceUid = text(predecessors.getSOPInstanceUID(uid));
        }
    }
    return stored;
}

}  // namespace pulmo::results
