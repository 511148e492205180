#include "results/AiResultSc.h"

#include "dicom/DcmtkLogging.h"
#include "dicom/DicomError.h"
#include "dicom/DicomFile.h"
#include "dicom/ParserGuard.h"
#include "results/AiResultSr.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <system_error>
#include <unistd.h>

namespace pulmo::results {
namespace {

using dicom::DicomError;

constexpr const char* kSecondaryCaptureImageStorage = UID_SecondaryCaptureImageStorage;  // 1.2.840.10008.5.1.4.1.1.7
constexpr const char* kSeriesNumber = "9902";  // beside the SR's series; any number a PACS sorts after the images'
constexpr const char* kSeriesDescription = "Pulmo AI heatmap";

/// The radiograph's attributes the SC carries unchanged, as their encoded bytes (same Specific
/// Character Set): the Patient and General Study modules (Type 2 ones written empty when the
/// source has none) and the study-level attributes dcentvfy compares across a study's instances.
struct CopiedAttribute {
    DcmTagKey key;
    bool type2;
};
const CopiedAttribute kCopied[] = {
    {DCM_SpecificCharacterSet, false},
    {DCM_PatientName, true},
    {DCM_PatientID, true},
    {DCM_IssuerOfPatientID, false},
    {DCM_PatientBirthDate, true},
    {DCM_PatientSex, true},
    {DCM_OtherPatientIDsSequence, false},
    {DCM_PatientAge, false},
    {DCM_PatientSize, false},
    {DCM_PatientWeight, false},
    {DCM_StudyInstanceUID, true},
    {DCM_StudyDate, true},
    {DCM_StudyTime, true},
    {DCM_ReferringPhysicianName, true},
    {DCM_StudyID, true},
    {DCM_AccessionNumber, true},
    {DCM_IssuerOfAccessionNumberSequence, false},
    {DCM_StudyDescription, false},
    {DCM_TimezoneOffsetFromUTC, false},
    // General Series: what the radiograph shows (the Laterality condition below depends on it).
    {DCM_BodyPartExamined, false},
    // General Image: Type 2C for an SC, the row and column directions; the banner adds rows above the
    // image but changes neither direction.
    {DCM_PatientOrientation, true},
};

void check(const OFCondition& condition, const std::string& path, const std::string& what)
{
    if (condition.bad())
        throw DicomError(DicomError::Kind::CannotWrite, path, "cannot write " + what + ": " + condition.text(),
                         {what + ": " + condition.text()});
}

/// At most `limit` characters (code points) of UTF-8 `text`, without DICOM's value separator.
std::string limited(std::string text, size_t limit)
{
    for (char& c : text)
        if (c == '\\') c = '/';
    size_t characters = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
        if (++characters > limit) return text.substr(0, i);
    }
    return text;
}

bool isAscii(const std::string& text)
{
    for (char c : text)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

/// Timezone Offset From UTC ("+0100", "-0530") in seconds; nullopt when absent or malformed.
std::optional<int> offsetSeconds(const std::string& text)
{
    if (text.size() != 5 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
    int hours = 0;
    int minutes = 0;
    if (std::from_chars(text.data() + 1, text.data() + 3, hours).ptr != text.data() + 3 ||
        std::from_chars(text.data() + 3, text.data() + 5, minutes).ptr != text.data() + 5 || hours > 14 || minutes > 59)
        return std::nullopt;
    return (text[0] == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
}

/// The analysis time (YYYYMMDDHHMMSS UTC, empty: now) as DICOM dates and times are read: in the
/// source's Timezone Offset From UTC when it has one (copied into the SC), else in local time, as the
/// radiograph's own dates are.
QDateTime contentDateTime(const std::string& utcText, const std::string& sourceOffset, const std::string& outputPath)
{
    QDateTime utc = QDateTime::currentDateTimeUtc();
    if (!utcText.empty()) {
        utc = QLocale::c().toDateTime(QString::fromStdString(utcText), QStringLiteral("yyyyMMddHHmmss"));
        if (!utc.isValid())
            throw DicomError(DicomError::Kind::Other, outputPath,
                             "cannot write: the content date and time \"" + utcText + "\" is not YYYYMMDDHHMMSS");
        utc = QDateTime(utc.date(), utc.time(), QTimeZone::utc());
    }
    if (const std::optional<int> offset = offsetSeconds(sourceOffset)) return utc.toOffsetFromUtc(*offset);
    return utc.toLocalTime();
}

void putCode(DcmItem& item, const DcmTagKey& sequence, const char* value, const char* scheme, const char* meaning,
             const std::string& path)
{
    DcmItem* code = nullptr;
    check(item.findOrCreateSequenceItem(sequence, code, -2), path, DcmTag(sequence).getTagName());
    check(code->putAndInsertString(DCM_CodeValue, value), path, "Code Value");
    check(code->putAndInsertString(DCM_CodingSchemeDesignator, scheme), path, "Coding Scheme Designator");
    check(code->putAndInsertString(DCM_CodeMeaning, meaning), path, "Code Meaning");
}

/// Builds and saves the SC; DCMTK work on the source, so the caller runs it on a stack deep enough
/// for the source's nesting (dicom/ParserGuard.h).
void writeOnThisThread(const std::string& sourcePath, const dicom::ImageInfo& info, const AiResult& result,
                       const RgbPixels& pixels, const std::string& outputPath)
{
    DcmFileFormat source;
    // Values above 4 KiB (the pixels) stay in the file: only the header is needed.
    const OFCondition loaded =
        source.loadFile(OFFilename(sourcePath.c_str()), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect);
    if (loaded.bad())
        throw DicomError(DicomError::Kind::NotDicom, sourcePath,
                         std::string("not a readable DICOM file (DCMTK: ") + loaded.text() + ")", {loaded.text()});
    DcmDataset& from = *source.getDataset();

    DcmFileFormat file;
    DcmDataset& ds = *file.getDataset();
    for (const CopiedAttribute& attribute : kCopied) {
        DcmElement* copy = nullptr;
        if (from.findAndGetElement(attribute.key, copy, OFFalse, OFTrue).good() && copy != nullptr) {
            check(ds.insert(copy, true), outputPath, DcmTag(attribute.key).getTagName());
        } else if (attribute.type2) {
            check(ds.insertEmptyElement(attribute.key), outputPath, DcmTag(attribute.key).getTagName());
        }
    }

    const Algorithm& algorithm = result.algorithm;
    const std::string modelWords = algorithm.name + " " + algorithm.versionWithHash();
    const std::string notClinical = algorithm.clinicalUse ? "" : " Research model: not for clinical use.";
    const std::string derivation =
        "The radiograph rendered with its own default window (as the model and the viewer see it), the Grad-CAM "
        "heatmap of model " +
        modelWords + " blended over it, and a banner with the result burned in above it. Not for diagnostic use." +
        notClinical;
    const std::string comments =
        "AI result of " + modelWords + ". Not for diagnostic use." + notClinical + " Pixel spacing not calibrated.";
    const std::string producerSoftware =
        (result.producer.manufacturer.empty() ? std::string("Pulmo") : result.producer.manufacturer) +
        (result.producer.softwareVersion.empty() ? "" : " " + result.producer.softwareVersion);
    // The radiograph's text is copied as its bytes, never re-encoded: the PACS and dcentvfy compare
    // a study's patient and study attributes byte for byte. Our own text (UTF-8) follows the source's
    // character set: as it is when it is ASCII or the source is UTF-8 (ISO_IR 192); a source without
    // any non-ASCII value becomes ISO_IR 192 (its bytes read the same); in a Latin-1 source (ISO_IR
    // 100) as Latin-1 where it can be; else its non-ASCII characters become '?' (the banner's pixels
    // still show them).
    const bool ownTextAscii = isAscii(derivation) && isAscii(producerSoftware) &&
                              isAscii(result.producer.institutionName) && isAscii(result.producer.stationName);
    OFString charset;
    ds.findAndGetOFStringArray(DCM_SpecificCharacterSet, charset);
    enum class OwnText { AsIs, Latin1, Ascii } ownText = OwnText::AsIs;
    if (!ownTextAscii && charset != "ISO_IR 192") {
        if (!ds.containsExtendedCharacters(OFFalse))
            check(ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192"), outputPath, "Specific Character Set");
        else
            ownText = charset == "ISO_IR 100" ? OwnText::Latin1 : OwnText::Ascii;
    }
    const auto encoded = [ownText](const std::string& utf8) {
        if (ownText == OwnText::AsIs || isAscii(utf8)) return utf8;
        const QString text = QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
        std::string bytes;
        for (const QChar c : text) {
            const char16_t unit = c.unicode();
            bytes += unit < 0x80 || (ownText == OwnText::Latin1 && unit <= 0xFF) ? char(unit) : '?';
        }
        return bytes;
    };

    const ResultObjectUids uids = resultObjectUids(info.sopInstanceUid, algorithm.sha256);
    OFString sourceOffset;
    ds.findAndGetOFString(DCM_TimezoneOffsetFromUTC, sourceOffset);
    const QDateTime when = contentDateTime(result.contentDateTime, sourceOffset.c_str(), outputPath);
    const std::string date = QLocale::c().toString(when, QStringLiteral("yyyyMMdd")).toStdString();
    const std::string time = QLocale::c().toString(when, QStringLiteral("HHmmss")).toStdString();

    const auto put = [&](const DcmTagKey& key, const std::string& value) {
        check(ds.putAndInsertString(key, encoded(value).c_str()), outputPath, DcmTag(key).getTagName());
    };
    const auto putUs = [&](const DcmTagKey& key, int value) {
        check(ds.putAndInsertUint16(key, Uint16(value)), outputPath, DcmTag(key).getTagName());
    };
    // SOP Common.
    put(DCM_SOPClassUID, kSecondaryCaptureImageStorage);
    put(DCM_SOPInstanceUID, uids.capture);
    put(DCM_InstanceCreationDate, date);
    put(DCM_InstanceCreationTime, time);
    // General Series: the results' own series in the radiograph's study.
    put(DCM_Modality, "OT");
    put(DCM_SeriesInstanceUID, uids.captureSeries);
    put(DCM_SeriesNumber, kSeriesNumber);
    put(DCM_SeriesDate, date);
    put(DCM_SeriesTime, time);
    put(DCM_SeriesDescription, kSeriesDescription);
    // Laterality, Type 2C: present for a paired body part. The radiograph's series value if it has one;
    // else its Image Laterality R or L (a paired part: the image shows one side); absent for an
    // unpaired part it names (CHEST); empty (unknown) when it names no body part.
    OFString laterality;
    from.findAndGetOFString(DCM_Laterality, laterality);
    if (laterality.empty()) {
        OFString imageLaterality;
        from.findAndGetOFString(DCM_ImageLaterality, imageLaterality);
        if (imageLaterality == "R" || imageLaterality == "L") laterality = imageLaterality;
    }
    if (!laterality.empty())
        put(DCM_Laterality, laterality.c_str());
    else if (!ds.tagExistsWithValue(DCM_BodyPartExamined))
        check(ds.insertEmptyElement(DCM_Laterality), outputPath, "Laterality");
    // General Equipment and SC Equipment: Pulmo made it, a workstation (WSD) captured it.
    put(DCM_Manufacturer, limited(result.producer.manufacturer.empty() ? "Pulmo" : result.producer.manufacturer, 64));
    if (!result.producer.institutionName.empty())
        put(DCM_InstitutionName, limited(result.producer.institutionName, 64));
    if (!result.producer.stationName.empty()) put(DCM_StationName, limited(result.producer.stationName, 16));
    put(DCM_ManufacturerModelName, limited(algorithm.name, 64));
    put(DCM_SoftwareVersions, limited(producerSoftware, 64) + "\\" + limited(modelWords, 64));
    put(DCM_ConversionType, "WSD");
    put(DCM_SecondaryCaptureDeviceManufacturer, limited(producerSoftware, 64));
    put(DCM_SecondaryCaptureDeviceManufacturerModelName, limited(algorithm.name, 64));
    put(DCM_SecondaryCaptureDeviceSoftwareVersions, limited(producerSoftware, 64));
    put(DCM_DateOfSecondaryCapture, date);
    put(DCM_TimeOfSecondaryCapture, time);
    // General Image.
    put(DCM_InstanceNumber, "1");
    put(DCM_ContentDate, date);
    put(DCM_ContentTime, time);
    put(DCM_ImageType, "DERIVED\\SECONDARY");
    put(DCM_BurnedInAnnotation, "YES");
    put(DCM_LossyImageCompression, "00");
    put(DCM_DerivationDescription, limited(derivation, 1024));
    put(DCM_ImageComments, limited(comments, 10240));
    // How it was derived (CID 7203 is extensible and has no code for a model's explanation of its
    // answer): DCM 130401 "Visual Explanation", the concept the SR names this SC by (TID 1410/1411).
    putCode(ds, DCM_DerivationCodeSequence, "130401", "DCM", "Visual Explanation", outputPath);
    DcmItem* sourceImage = nullptr;
    check(ds.findOrCreateSequenceItem(DCM_SourceImageSequence, sourceImage, -2), outputPath, "Source Image Sequence");
    check(sourceImage->putAndInsertString(DCM_ReferencedSOPClassUID, info.sopClassUid.c_str()), outputPath,
          "Referenced SOP Class UID");
    check(sourceImage->putAndInsertString(DCM_ReferencedSOPInstanceUID, info.sopInstanceUid.c_str()), outputPath,
          "Referenced SOP Instance UID");
    if (info.frames > 1)  // the capture shows frame 1
        check(sourceImage->putAndInsertString(DCM_ReferencedFrameNumber, "1"), outputPath, "Referenced Frame Number");
    putCode(*sourceImage, DCM_PurposeOfReferenceCodeSequence, "121322", "DCM",
            "Source image for image processing operation", outputPath);
    // Image Pixel: 8-bit RGB, interleaved. No Pixel Spacing: the SC claims no calibrated size.
    putUs(DCM_SamplesPerPixel, 3);
    put(DCM_PhotometricInterpretation, "RGB");
    putUs(DCM_PlanarConfiguration, 0);
    putUs(DCM_Rows, pixels.rows);
    putUs(DCM_Columns, pixels.columns);
    putUs(DCM_BitsAllocated, 8);
    putUs(DCM_BitsStored, 8);
    putUs(DCM_HighBit, 7);
    putUs(DCM_PixelRepresentation, 0);
    check(ds.putAndInsertUint8Array(DCM_PixelData, pixels.rgb.data(), pixels.rgb.size()), outputPath, "Pixel Data");

    // A reader (a PACS's import folder, a second run) never sees half a file: written beside the
    // output under a temporary name, then renamed over it.
    const std::string temporary = outputPath + ".tmp-" + std::to_string(::getpid());
    const OFCondition saved = file.saveFile(OFFilename(temporary.c_str()), EXS_LittleEndianExplicit);
    if (saved.bad()) {
        std::remove(temporary.c_str());
        throw DicomError(DicomError::Kind::CannotWrite, outputPath, std::string("cannot write: ") + saved.text(),
                         {saved.text()});
    }
    std::error_code error;
    std::filesystem::rename(temporary, outputPath, error);
    if (error) {
        std::remove(temporary.c_str());
        throw DicomError(DicomError::Kind::CannotWrite, outputPath, "cannot write: " + error.message(),
                         {error.message()});
    }
}

}  // namespace

void writeHeatmapSc(const std::string& sourcePath, const AiResult& result, const RgbPixels& pixels,
                    const std::string& outputPath)
{
    const size_t expected = size_t(std::max(pixels.rows, 0)) * size_t(std::max(pixels.columns, 0)) * 3;
    if (pixels.rows <= 0 || pixels.columns <= 0 || pixels.rows > 65535 || pixels.columns > 65535 ||
        pixels.rgb.size() != expected)
        throw DicomError(DicomError::Kind::PixelCountMismatch, outputPath,
                         "cannot write: " + std::to_string(pixels.rgb.size()) + " bytes of RGB for " +
                             std::to_string(pixels.columns) + " x " + std::to_string(pixels.rows) + " pixels",
                         {std::to_string(pixels.rgb.size() / 3), std::to_string(expected / 3)});
    if (result.algorithm.sha256.empty())
        throw DicomError(DicomError::Kind::Other, outputPath, "cannot write: the model's SHA-256 is empty");

    std::error_code same;
    if (std::filesystem::equivalent(sourcePath, outputPath, same))
        throw DicomError(DicomError::Kind::CannotWrite, outputPath, "cannot write: the output is the radiograph itself",
                         {"the output is the radiograph itself"});

    // The radiograph's header through the bridge: its errors name the file and the reason (missing,
    // not DICOM, truncated, too deeply nested to parse safely).
    const dicom::ImageInfo info = dicom::readImageInfo(sourcePath);
    if (!info.hasPixelData || info.rows <= 0 || info.columns <= 0)
        throw DicomError(DicomError::Kind::NoPixelData, sourcePath,
                         "not an image: no Pixel Data (SOP Class " +
                             (info.sopClassUid.empty() ? std::string("unknown") : info.sopClassUid) + ")",
                         {info.sopClassUid});
    if (info.sopInstanceUid.empty() || info.studyInstanceUid.empty())
        throw DicomError(DicomError::Kind::InvalidHeaderValue, sourcePath,
                         "no SOP Instance UID or Study Instance UID: the capture could not refer to it",
                         {info.sopInstanceUid.empty() ? "SOPInstanceUID" : "StudyInstanceUID", ""});

    dicom::ensureDcmtkLogQuiet();
    dicom::detail::withParserStack<void>(sourcePath,
                                         [&] { writeOnThisThread(sourcePath, info, result, pixels, outputPath); });
}

}  // namespace pulmo::results
