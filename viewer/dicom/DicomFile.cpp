#include "dicom/DicomFile.h"

#include "dicom/DcmtkLogging.h"
#include "dicom/DicomError.h"
#include "dicom/DicomLogging.h"
#include "dicom/DicomText.h"
#include "dicom/Jpeg2000Codec.h"
#include "dicom/DcmtkFile.h"
#include "dicom/ParserGuard.h"

#include <QElapsedTimer>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmimage/diregist.h>
#include <dcmtk/dcmimgle/dcmimage.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <type_traits>
#include <fstream>
#include <mutex>
#include <sys/stat.h>

namespace pulmo::dicom {
namespace {

constexpr const char* kJpeg2000Lossless = "1.2.840.10008.1.2.4.90";
constexpr const char* kJpeg2000 = "1.2.840.10008.1.2.4.91";
constexpr const char* kJpeg2000Part2Lossless = "1.2.840.10008.1.2.4.92";
constexpr const char* kJpeg2000Part2 = "1.2.840.10008.1.2.4.93";

void initialiseDcmtk()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // DCMTK quiet unless the program set its log up (app/common/Logging.h); never reset here.
        ensureDcmtkLogQuiet();
        DJDecoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs();
        DcmRLEDecoderRegistration::registerCodecs();
    });
}

std::string trimmed(const OFString& value)
{
    std::string text = value.c_str();
    const auto notSpace = [](unsigned char c) { return c != ' ' && c != '\0'; };
    text.erase(text.begin(), std::find_if(text.begin(), text.end(), notSpace));
    text.erase(std::find_if(text.rbegin(), text.rend(), notSpace).base(), text.end());
    return text;
}

std::string stringValue(DcmItem& item, const DcmTagKey& key, long position = 0)
{
    OFString value;
    if (item.findAndGetOFString(key, value, position).bad()) return {};
    return trimmed(value);
}

unsigned long valueMultiplicity(DcmItem& item, const DcmTagKey& key)
{
    DcmElement* element = nullptr;
    if (item.findAndGetElement(key, element).bad() || element == nullptr) return 0;
    return element->getVM();
}

/// Decimal (DS) and integer (IS) strings parsed with std::from_chars, which ignores the C library's locale:
/// a German or French LC_NUMERIC must not turn "0.5" into 0 (strtod would stop at the '.'). PS3.5 allows a
/// leading '+', which from_chars does not take; the whole value must be a number, and a finite one.
template <typename Number>
bool parseNumber(const std::string& text, Number& result)
{
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (begin != end && *begin == '+') ++begin;
    if (begin == end || *begin == '+' || *begin == ' ') return false;
    Number value{};
    const auto [stop, error] = std::from_chars(begin, end, value);
    if (error != std::errc() || stop != end) return false;
    if constexpr (std::is_floating_point_v<Number>)
        if (!std::isfinite(value)) return false;
    result = value;
    return true;
}

bool decimalValue(DcmItem& item, const DcmTagKey& key, double& result, long position = 0)
{
    return parseNumber(stringValue(item, key, position), result);
}

int integerValue(DcmItem& item, const DcmTagKey& key, int fallback)
{
    Uint16 value = 0;
    if (item.findAndGetUint16(key, value).good()) return value;
    Sint32 signedValue = 0;
    if (item.findAndGetSint32(key, signedValue).good()) return signedValue;
    long long parsed = 0;
    if (!parseNumber(stringValue(item, key), parsed)) return fallback;
    return int(std::clamp<long long>(parsed, -2147483647LL, 2147483647LL));
}

/// LUT Descriptor + LUT Data of a Modality or VOI LUT Sequence item. The descriptor's first mapped
/// value is US or SS; implicit VR files cannot say which, so `signedInput` decides for large values.
bool readLookupTable(DcmItem& item, bool signedInput, LookupTable& table)
{
    Uint16 descriptor[3] = {0, 0, 0};
    for (int i = 0; i < 3; ++i) {
        if (item.findAndGetUint16(DCM_LUTDescriptor, descriptor[i], i).good()) continue;
        Sint16 signedEntry = 0;
        if (item.findAndGetSint16(DCM_LUTDescriptor, signedEntry, i).bad()) return false;
        descriptor[i] = Uint16(signedEntry);
    }
    const size_t declaredEntries = descriptor[0] == 0 ? 65536 : descriptor[0];
    int firstMapped = descriptor[1];
    if (signedInput && firstMapped >= 32768) firstMapped -= 65536;
    const Uint16* data = nullptr;
    unsigned long count = 0;
    if (item.findAndGetUint16Array(DCM_LUTData, data, &count).bad() || data == nullptr || count == 0) return false;
    table.firstMapped = firstMapped;
    table.bitsPerEntry = std::clamp<int>(descriptor[2], 1, 16);
    table.entries.assign(data, data + std::min<size_t>(count, declaredEntries));
    return true;
}

ImageInfo extractInfo(DcmFileFormat& file, const std::string& path)
{
    DcmDataset& ds = *file.getDataset();
    ImageInfo info;
    info.filePath = path;
    // Text by its Specific Character Set, once, here: ImageInfo's strings are UTF-8.
    const detail::TextDecoder text(ds);
    info.patientName = text.value(ds, DCM_PatientName);
    info.patientId = text.value(ds, DCM_PatientID);
    info.patientSex = text.value(ds, DCM_PatientSex);
    info.patientBirthDate = text.value(ds, DCM_PatientBirthDate);
    info.patientAge = text.value(ds, DCM_PatientAge);
    info.studyInstanceUid = text.value(ds, DCM_StudyInstanceUID);
    info.seriesInstanceUid = text.value(ds, DCM_SeriesInstanceUID);
    info.sopInstanceUid = text.value(ds, DCM_SOPInstanceUID);
    info.sopClassUid = text.value(ds, DCM_SOPClassUID);
    info.studyDate = text.value(ds, DCM_StudyDate);
    info.studyTime = text.value(ds, DCM_StudyTime);
    info.studyDescription = text.value(ds, DCM_StudyDescription);
    info.seriesDescription = text.value(ds, DCM_SeriesDescription);
    info.accessionNumber = text.value(ds, DCM_AccessionNumber);
    info.seriesNumber = text.value(ds, DCM_SeriesNumber);
    info.instanceNumber = text.value(ds, DCM_InstanceNumber);
    info.modality = text.value(ds, DCM_Modality);
    info.manufacturer = text.value(ds, DCM_Manufacturer);
    info.manufacturerModelName = text.value(ds, DCM_ManufacturerModelName);
    info.stationName = text.value(ds, DCM_StationName);
    info.institutionName = text.value(ds, DCM_InstitutionName);
    info.bodyPartExamined = text.value(ds, DCM_BodyPartExamined);
    info.viewPosition = text.value(ds, DCM_ViewPosition);
    {
        // Two values, the row and column directions (PS3.3 C.7.6.1.1.1); kept as the file writes them.
        const std::string row = text.value(ds, DCM_PatientOrientation, 0);
        const std::string column = text.value(ds, DCM_PatientOrientation, 1);
        if (!row.empty() && !column.empty()) info.patientOrientation = row + "\\" + column;
    }
    // CS values (ASCII): all of Image Type, '\\'-separated, as the file holds them.
    {
        OFString imageType;
        if (ds.findAndGetOFStringArray(DCM_ImageType, imageType).good()) info.imageType = trimmed(imageType);
    }
    info.conversionType = stringValue(ds, DCM_ConversionType);
    info.burnedInAnnotation = stringValue(ds, DCM_BurnedInAnnotation);
    info.contentDate = stringValue(ds, DCM_ContentDate);
    info.contentTime = stringValue(ds, DCM_ContentTime);
    if (DcmItem* equipment = nullptr;
        ds.findAndGetSequenceItem(DCM_ContributingEquipmentSequence, equipment, 0).good() && equipment)
        info.contributingManufacturer = detail::TextDecoder(*equipment, &text).value(*equipment, DCM_Manufacturer);
    // Current Requested Procedure Evidence Sequence > Referenced Series Sequence > Referenced SOP
    // Sequence > Referenced SOP Instance UID (PS3.3 C.17.2): the instances a report is about.
    if (DcmSequenceOfItems* evidence = nullptr;
        ds.findAndGetSequence(DCM_CurrentRequestedProcedureEvidenceSequence, evidence).good() && evidence) {
        for (unsigned long s = 0; s < evidence->card(); ++s) {
            DcmSequenceOfItems* seriesSequence = nullptr;
            if (evidence->getItem(s)->findAndGetSequence(DCM_ReferencedSeriesSequence, seriesSequence).bad() ||
                !seriesSequence)
                continue;
            for (unsigned long r = 0; r < seriesSequence->card(); ++r) {
                DcmSequenceOfItems* sopSequence = nullptr;
                if (seriesSequence->getItem(r)->findAndGetSequence(DCM_ReferencedSOPSequence, sopSequence).bad() ||
                    !sopSequence)
                    continue;
                for (unsigned long i = 0; i < sopSequence->card(); ++i) {
                    const std::string uid = stringValue(*sopSequence->getItem(i), DCM_ReferencedSOPInstanceUID);
                    if (!uid.empty() &&
                        std::find(info.evidenceSopInstanceUids.begin(), info.evidenceSopInstanceUids.end(), uid) ==
                            info.evidenceSopInstanceUids.end())
                        info.evidenceSopInstanceUids.push_back(uid);
                }
            }
        }
    }

    info.rows = integerValue(ds, DCM_Rows, 0);
    info.columns = integerValue(ds, DCM_Columns, 0);
    info.frames = integerValue(ds, DCM_NumberOfFrames, 1);
    info.samplesPerPixel = integerValue(ds, DCM_SamplesPerPixel, 1);
    info.bitsAllocated = integerValue(ds, DCM_BitsAllocated, 0);
    info.bitsStored = integerValue(ds, DCM_BitsStored, info.bitsAllocated);
    info.highBit = integerValue(ds, DCM_HighBit, info.bitsStored - 1);
    info.pixelRepresentation = integerValue(ds, DCM_PixelRepresentation, 0);
    info.planarConfiguration = integerValue(ds, DCM_PlanarConfiguration, 0);
    info.photometricInterpretation = stringValue(ds, DCM_PhotometricInterpretation);
    info.presentationLutShape = stringValue(ds, DCM_PresentationLUTShape);

    const E_TransferSyntax xfer = ds.getOriginalXfer();
    const DcmXfer xferInfo(xfer);
    info.transferSyntaxUid = xfer == EXS_Unknown ? stringValue(*file.getMetaInfo(), DCM_TransferSyntaxUID)
                                                 : std::string(xferInfo.getXferID());
    info.transferSyntaxName = xfer == EXS_Unknown ? "unknown" : std::string(xferInfo.getXferName());
    info.hasMetaHeader = file.getMetaInfo() != nullptr && file.getMetaInfo()->card() > 0;
    info.hasPixelData = ds.tagExists(DCM_PixelData);

    // Modality LUT stage: a Modality LUT Sequence takes precedence over Rescale Slope/Intercept.
    DcmItem* modalityLutItem = nullptr;
    const bool signedStored = info.pixelRepresentation == 1;
    if (ds.findAndGetSequenceItem(DCM_ModalityLUTSequence, modalityLutItem, 0).good() && modalityLutItem &&
        readLookupTable(*modalityLutItem, signedStored, info.modalityTransform.lut)) {
        info.modalityTransform.kind = ModalityTransform::Kind::Lut;
    } else {
        double slope = 1.0;
        double intercept = 0.0;
        const bool hasSlope = decimalValue(ds, DCM_RescaleSlope, slope);
        const bool hasIntercept = decimalValue(ds, DCM_RescaleIntercept, intercept);
        if (hasSlope || hasIntercept) {
            info.modalityTransform.kind = ModalityTransform::Kind::Rescale;
            info.modalityTransform.slope = slope == 0.0 ? 1.0 : slope;
            info.modalityTransform.intercept = intercept;
        }
    }

    // VOI: every window pair, then every VOI LUT.
    const VoiFunction function = voiFunctionFromString(stringValue(ds, DCM_VOILUTFunction));
    const unsigned long windows =
        std::min(valueMultiplicity(ds, DCM_WindowCenter), valueMultiplicity(ds, DCM_WindowWidth));
    for (unsigned long i = 0; i < windows; ++i) {
        double center = 0.0;
        double width = 0.0;
        if (!decimalValue(ds, DCM_WindowCenter, center, long(i)) || !decimalValue(ds, DCM_WindowWidth, width, long(i)))
            continue;
        if (width <= 0.0) continue;  // not a usable window (PS3.3 requires > 0)
        info.voiPresets.push_back(
            VoiPreset::window(center, width, function, text.value(ds, DCM_WindowCenterWidthExplanation, long(i))));
    }
    const bool signedModalityOutput =
        info.modalityTransform.kind == ModalityTransform::Kind::Lut
            ? false
            : (signedStored || info.modalityTransform.intercept < 0.0 || info.modalityTransform.slope < 0.0);
    DcmSequenceOfItems* voiSequence = nullptr;
    if (ds.findAndGetSequence(DCM_VOILUTSequence, voiSequence).good() && voiSequence) {
        for (unsigned long i = 0; i < voiSequence->card(); ++i) {
            VoiPreset preset;
            preset.kind = VoiPreset::Kind::Lut;
            if (!readLookupTable(*voiSequence->getItem(i), signedModalityOutput, preset.lut)) continue;
            DcmItem& item = *voiSequence->getItem(i);
            preset.explanation = detail::TextDecoder(item, &text).value(item, DCM_LUTExplanation);
            info.voiPresets.push_back(std::move(preset));
        }
    }

    double rowSpacing = 0.0;
    double columnSpacing = 0.0;
    if (decimalValue(ds, DCM_PixelSpacing, rowSpacing, 0) && decimalValue(ds, DCM_PixelSpacing, columnSpacing, 1)) {
        info.pixelSpacingSource = "PixelSpacing";
    } else if (decimalValue(ds, DCM_ImagerPixelSpacing, rowSpacing, 0) &&
               decimalValue(ds, DCM_ImagerPixelSpacing, columnSpacing, 1)) {
        info.pixelSpacingSource = "ImagerPixelSpacing";
    }
    if (!info.pixelSpacingSource.empty() && rowSpacing > 0.0 && columnSpacing > 0.0) {
        info.rowSpacingMm = rowSpacing;
        info.columnSpacingMm = columnSpacing;
    } else {
        info.pixelSpacingSource.clear();
    }
    return info;
}

bool isJpeg2000(const std::string& uid)
{
    return uid == kJpeg2000Lossless || uid == kJpeg2000 || uid == kJpeg2000Part2Lossless || uid == kJpeg2000Part2;
}

void validatePixelModule(const ImageInfo& info, const std::string& path, const LoadLimits& limits)
{
    if (info.rows <= 0 || info.columns <= 0)
        throw DicomError(
            DicomError::Kind::InvalidHeaderValue, path,
            "Rows/Columns missing or zero (" + std::to_string(info.rows) + "x" + std::to_string(info.columns) + ")",
            {info.rows <= 0 ? "Rows" : "Columns", std::to_string(info.rows <= 0 ? info.rows : info.columns)});
    if (info.samplesPerPixel != 1 && info.samplesPerPixel != 3)
        throw DicomError(DicomError::Kind::UnsupportedHeaderValue, path,
                         "unsupported Samples per Pixel " + std::to_string(info.samplesPerPixel),
                         {"SamplesPerPixel", std::to_string(info.samplesPerPixel)});
    const int ba = info.bitsAllocated;
    if (ba != 1 && ba != 8 && ba != 16 && ba != 32)
        throw DicomError(DicomError::Kind::UnsupportedHeaderValue, path,
                         "unsupported Bits Allocated " + std::to_string(ba), {"BitsAllocated", std::to_string(ba)});
    if (info.bitsStored < 1 || info.bitsStored > ba)
        throw DicomError(
            DicomError::Kind::InvalidHeaderValue, path,
            "Bits Stored " + std::to_string(info.bitsStored) + " does not fit Bits Allocated " + std::to_string(ba),
            {"BitsStored", std::to_string(info.bitsStored)});
    if (info.highBit >= ba || info.highBit < info.bitsStored - 1)
        throw DicomError(DicomError::Kind::InvalidHeaderValue, path,
                         "High Bit " + std::to_string(info.highBit) + " is inconsistent with Bits Allocated " +
                             std::to_string(ba) + " and Bits Stored " + std::to_string(info.bitsStored),
                         {"HighBit", std::to_string(info.highBit)});
    if (info.pixelRepresentation != 0 && info.pixelRepresentation != 1)
        throw DicomError(DicomError::Kind::InvalidHeaderValue, path,
                         "invalid Pixel Representation " + std::to_string(info.pixelRepresentation),
                         {"PixelRepresentation", std::to_string(info.pixelRepresentation)});
    if (info.frames < 1)
        throw DicomError(DicomError::Kind::InvalidHeaderValue, path,
                         "invalid Number of Frames " + std::to_string(info.frames),
                         {"NumberOfFrames", std::to_string(info.frames)});
    const std::string& pi = info.photometricInterpretation;
    const bool gray = pi == "MONOCHROME1" || pi == "MONOCHROME2";
    const bool palette = pi == "PALETTE COLOR";
    const bool colour = pi == "RGB" || pi.rfind("YBR_", 0) == 0;
    if (!gray && !palette && !colour)
        throw DicomError(DicomError::Kind::UnsupportedHeaderValue, path,
                         "unsupported Photometric Interpretation '" + pi + "'", {"PhotometricInterpretation", pi});
    if ((gray || palette) && info.samplesPerPixel != 1)
        throw DicomError(DicomError::Kind::InvalidHeaderValue, path,
                         pi + " needs 1 sample per pixel, file has " + std::to_string(info.samplesPerPixel),
                         {"SamplesPerPixel", std::to_string(info.samplesPerPixel)});
    if (colour && info.samplesPerPixel != 3)
        throw DicomError(DicomError::Kind::InvalidHeaderValue, path,
                         pi + " needs 3 samples per pixel, file has " + std::to_string(info.samplesPerPixel),
                         {"SamplesPerPixel", std::to_string(info.samplesPerPixel)});
    // Decoded size in 64 bits: rows and columns are 16-bit, so this cannot overflow for frames < 2^31.
    const uint64_t samples =
        uint64_t(info.rows) * uint64_t(info.columns) * uint64_t(info.frames) * uint64_t(info.samplesPerPixel);
    const uint64_t bytesPerSample = info.bitsStored > 16 ? 8 : 2;
    if (samples * bytesPerSample > limits.maximumDecodedBytes)
        throw DicomError(
            DicomError::Kind::ImageTooLarge, path,
            "image too large to decode: " + std::to_string(info.columns) + "x" + std::to_string(info.rows) + "x" +
                std::to_string(info.frames) + " frames needs " + std::to_string(samples * bytesPerSample >> 20) +
                " MiB, limit " + std::to_string(limits.maximumDecodedBytes >> 20) + " MiB",
            {std::to_string(info.columns), std::to_string(info.rows), std::to_string(info.frames),
             std::to_string(samples * bytesPerSample >> 20), std::to_string(limits.maximumDecodedBytes >> 20)});
}

uint64_t nativeByteCount(const ImageInfo& info)
{
    const uint64_t bits = uint64_t(info.rows) * uint64_t(info.columns) * uint64_t(info.frames) *
                          uint64_t(info.samplesPerPixel) * uint64_t(info.bitsAllocated);
    return (bits + 7) / 8;
}

DicomError corruptPixelData(const std::string& path, const std::string& detail)
{
    return DicomError(DicomError::Kind::CorruptPixelData, path, detail, {detail});
}

/// The fragments of each frame of an encapsulated Pixel Data element (the offset table excluded).
std::vector<std::vector<uint8_t>> frameCodestreams(DcmPixelSequence& sequence, int frames, const std::string& path)
{
    std::vector<std::pair<const uint8_t*, size_t>> fragments;
    for (unsigned long i = 1; i < sequence.card(); ++i) {
        DcmPixelItem* item = nullptr;
        Uint8* bytes = nullptr;
        if (sequence.getItem(item, i).bad() || item == nullptr || item->getUint8Array(bytes).bad()) continue;
        if (bytes && item->getLength() > 0) fragments.emplace_back(bytes, item->getLength());
    }
    if (fragments.empty()) throw corruptPixelData(path, "encapsulated Pixel Data holds no fragments");
    std::vector<std::vector<uint8_t>> result;
    const auto startsFrame = [](const std::pair<const uint8_t*, size_t>& f) {
        // A J2K codestream starts with SOC+SIZ; a JP2 file with its signature box.
        return (f.second >= 2 && f.first[0] == 0xFF && f.first[1] == 0x4F) ||
               (f.second >= 8 && f.first[4] == 0x6A && f.first[5] == 0x50 && f.first[6] == 0x20 && f.first[7] == 0x20);
    };
    for (size_t i = 0; i < fragments.size(); ++i) {
        const bool newFrame =
            result.empty() || (frames > 1 && (int(fragments.size()) == frames || startsFrame(fragments[i])));
        if (newFrame) result.emplace_back();
        result.back().insert(result.back().end(), fragments[i].first, fragments[i].first + fragments[i].second);
    }
    if (int(result.size()) < frames)
        throw corruptPixelData(path, "encapsulated Pixel Data has " + std::to_string(result.size()) +
                                         " frames, Number of Frames says " + std::to_string(frames));
    result.resize(size_t(frames));
    return result;
}

/// JPEG 2000 frames decoded with OpenJPEG and put back as native Pixel Data, so that the rest of the
/// chain sees the same dataset a DCMTK codec would have left.
void decompressJpeg2000(DcmDataset& ds, DcmPixelData& pixelData, const ImageInfo& info, const std::string& path)
{
    DcmPixelSequence* sequence = nullptr;
    if (pixelData.getEncapsulatedRepresentation(ds.getOriginalXfer(), nullptr, sequence).bad() || sequence == nullptr)
        throw corruptPixelData(path, "JPEG 2000 Pixel Data is not encapsulated");
    const auto codestreams = frameCodestreams(*sequence, info.frames, path);
    if (info.bitsAllocated != 8 && info.bitsAllocated != 16)
        throw DicomError(DicomError::Kind::UnsupportedHeaderValue, path,
                         "JPEG 2000 with Bits Allocated " + std::to_string(info.bitsAllocated) + " is not supported",
                         {"BitsAllocated", std::to_string(info.bitsAllocated)});
    const size_t samplesPerFrame = size_t(info.rows) * size_t(info.columns) * size_t(info.samplesPerPixel);
    std::vector<Uint16> words;
    std::vector<Uint8> bytes;
    (info.bitsAllocated == 16 ? words.resize(samplesPerFrame * info.frames)
                              : bytes.resize(samplesPerFrame * info.frames));
    for (int f = 0; f < info.frames; ++f) {
        detail::Jpeg2000Frame frame;
        try {
            frame = detail::decodeJpeg2000(codestreams[size_t(f)].data(), codestreams[size_t(f)].size());
        } catch (const std::exception& error) {
            throw corruptPixelData(path, "frame " + std::to_string(f + 1) + ": " + error.what());
        }
        if (frame.width != info.columns || frame.height != info.rows || frame.components != info.samplesPerPixel)
            throw corruptPixelData(path, "JPEG 2000 frame is " + std::to_string(frame.width) + "x" +
                                             std::to_string(frame.height) + "x" + std::to_string(frame.components) +
                                             ", the header says " + std::to_string(info.columns) + "x" +
                                             std::to_string(info.rows) + "x" + std::to_string(info.samplesPerPixel));
        if (frame.precision > info.bitsAllocated)
            throw corruptPixelData(
                path, "JPEG 2000 precision " + std::to_string(frame.precision) + " exceeds Bits Allocated");
        const size_t base = size_t(f) * samplesPerFrame;
        for (size_t i = 0; i < samplesPerFrame; ++i) {
            if (info.bitsAllocated == 16)
                words[base + i] = Uint16(frame.samples[i]);
            else
                bytes[base + i] = Uint8(frame.samples[i]);
        }
    }
    const OFCondition put = info.bitsAllocated == 16
                                ? ds.putAndInsertUint16Array(DCM_PixelData, words.data(), words.size())
                                : ds.putAndInsertUint8Array(DCM_PixelData, bytes.data(), bytes.size());
    if (put.bad())
        throw DicomError(put == EC_MemoryExhausted ? DicomError::Kind::OutOfMemory : DicomError::Kind::CannotDecode,
                         path, std::string("cannot store decoded JPEG 2000 pixels: ") + put.text(), {put.text()});
    // Samples are stored as the cell's bits: Bits Stored and Pixel Representation of the header then
    // decide their meaning, as for native data. Codestreams have been seen to flag signed data as
    // unsigned (pydicom issue 1149); the header is what the modality meant.
    if (info.samplesPerPixel == 3) {
        // OpenJPEG undoes the codestream's colour transform (ICT/RCT): the samples are RGB now.
        const std::string& pi = info.photometricInterpretation;
        if (pi == "YBR_ICT" || pi == "YBR_RCT") ds.putAndInsertString(DCM_PhotometricInterpretation, "RGB");
        ds.putAndInsertUint16(DCM_PlanarConfiguration, 0);
    }
}

void decompress(DcmDataset& ds, const ImageInfo& info, const std::string& path)
{
    DcmElement* element = nullptr;
    ds.findAndGetElement(DCM_PixelData, element);
    auto* pixelData = dynamic_cast<DcmPixelData*>(element);
    if (pixelData == nullptr) throw corruptPixelData(path, "Pixel Data element is malformed");
    if (isJpeg2000(info.transferSyntaxUid)) {
        decompressJpeg2000(ds, *pixelData, info, path);
        return;
    }
    const OFCondition status = ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
    if (status.bad() || !ds.canWriteXfer(EXS_LittleEndianExplicit))
        throw DicomError(DicomError::Kind::UnsupportedTransferSyntax, path,
                         "cannot decode transfer syntax " + info.transferSyntaxName + " (" + info.transferSyntaxUid +
                             ")" + (status.bad() ? std::string(": ") + status.text() : ""),
                         {info.transferSyntaxUid, info.transferSyntaxName});
}

/// Raw sample words of native Pixel Data, whatever Bits Allocated, in host order.
class SampleReader {
public:
    SampleReader(const Uint8* bytes, const ImageInfo& info, bool swapWordHalves)
        : m_bytes(bytes), m_bitsAllocated(info.bitsAllocated), m_swapHalves(swapWordHalves)
    {
    }
    uint32_t operator()(size_t index) const
    {
        switch (m_bitsAllocated) {
            case 1:
                return (m_bytes[index / 8] >> (index % 8)) & 1u;
            case 8:
                return m_bytes[index];
            case 16: {
                Uint16 word;
                std::memcpy(&word, m_bytes + index * 2, 2);
                return word;
            }
            default: {
                Uint16 halves[2];
                std::memcpy(halves, m_bytes + index * 4, 4);
                // DCMTK keeps OW in 16-bit host words; 32-bit samples read from big endian need their halves swapped.
                if (m_swapHalves) std::swap(halves[0], halves[1]);
                uint32_t value;
                std::memcpy(&value, halves, 4);
                return value;
            }
        }
    }

private:
    const Uint8* m_bytes;
    int m_bitsAllocated;
    bool m_swapHalves;
};

std::shared_ptr<DecodedImage> extractGray(DcmDataset& ds, ImageInfo info, E_TransferSyntax originalXfer,
                                          const std::string& path)
{
    DcmElement* element = nullptr;
    const Uint8* bytes = nullptr;
    if (ds.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr)
        throw DicomError(DicomError::Kind::NoPixelData, path, "no Pixel Data", {info.sopClassUid});
    Uint8* raw = nullptr;
    const OFCondition got = element->getUint8Array(raw);
    bytes = raw;
    const uint64_t needed = nativeByteCount(info);
    const uint64_t present = got.good() && bytes ? element->getLength() : 0;
    if (present < needed)
        throw DicomError(DicomError::Kind::TruncatedPixelData, path,
                         "Pixel Data is truncated: " + std::to_string(present) + " bytes, " +
                             std::to_string(info.columns) + "x" + std::to_string(info.rows) + "x" +
                             std::to_string(info.frames) + " frames at " + std::to_string(info.bitsAllocated) +
                             " bits need " + std::to_string(needed),
                         {std::to_string(present), std::to_string(needed)});

    const bool narrow = info.bitsStored <= 16;
    const SampleReader read(bytes, info, DcmXfer(originalXfer).isBigEndian());
    const int shift = info.highBit + 1 - info.bitsStored;
    const uint32_t mask = info.bitsStored >= 32 ? 0xFFFFFFFFu : ((uint32_t(1) << info.bitsStored) - 1u);
    const bool isSigned = info.pixelRepresentation == 1;
    const size_t count = size_t(info.rows) * size_t(info.columns) * size_t(info.frames);

    auto image = std::make_shared<DecodedImage>(
        std::move(info), narrow ? DecodedImage::Storage::NarrowGray : DecodedImage::Storage::WideGray);
    if (narrow) {
        // Index = stored value - minimum representable value: for signed data that is flipping the
        // sign bit, so a table over 2^BitsStored entries covers every value without a branch.
        const uint32_t signFlip = isSigned ? (uint32_t(1) << (image->info().bitsStored - 1)) : 0u;
        auto& out = image->narrowBuffer();
        out.resize(count);
        if (image->info().bitsAllocated == 16) {
            const Uint16* words = reinterpret_cast<const Uint16*>(bytes);
            for (size_t i = 0; i < count; ++i) out[i] = uint16_t(((uint32_t(words[i]) >> shift) & mask) ^ signFlip);
        } else {
            for (size_t i = 0; i < count; ++i) out[i] = uint16_t(((read(i) >> shift) & mask) ^ signFlip);
        }
    } else {
        auto& out = image->wideBuffer();
        out.resize(count);
        const int bits = image->info().bitsStored;
        for (size_t i = 0; i < count; ++i) {
            const uint32_t value = (read(i) >> shift) & mask;
            if (isSigned && bits < 64 && (value >> (bits - 1)) & 1u)
                out[i] = int64_t(value) - (int64_t(1) << bits);
            else
                out[i] = int64_t(value);
        }
    }
    return image;
}

std::shared_ptr<DecodedImage> extractColour(DcmDataset& ds, ImageInfo info, const std::string& path)
{
    // DCMTK's own colour rendering: RGB, the YBR family, planar configuration and palettes.
    DicomImage rendered(&ds, EXS_LittleEndianExplicit, CIF_IgnoreModalityTransformation, 0, 0);
    if (rendered.getStatus() != EIS_Normal)
        throw corruptPixelData(
            path, std::string("cannot render colour image: ") + DicomImage::getString(rendered.getStatus()));
    if (int(rendered.getWidth()) != info.columns || int(rendered.getHeight()) != info.rows)
        throw corruptPixelData(path, "colour image has unexpected dimensions");
    const int frames = int(rendered.getFrameCount());
    info.frames = frames;
    info.samplesPerPixel = 3;
    auto image = std::make_shared<DecodedImage>(std::move(info), DecodedImage::Storage::Rgb8);
    const size_t frameBytes = image->pixelsPerFrame() * 3;
    auto& out = image->rgbBuffer();
    out.resize(frameBytes * size_t(frames));
    for (int f = 0; f < frames; ++f) {
        if (!rendered.getOutputData(out.data() + frameBytes * size_t(f), frameBytes, 8, unsigned(f), 0))
            throw corruptPixelData(path, "cannot render colour frame " + std::to_string(f + 1));
    }
    return image;
}

/// Header reads of radiographs: the bytes before the first Pixel Data tag, parsed from memory, so
/// that neither the nesting scan nor DCMTK touches the 15 MB of pixels. DCMTK can only parse what
/// was scanned. Returns false when the shortcut does not apply (no such tag, deflated data, a
/// Pixel Data tag inside a sequence or a value), and the caller reads the whole file instead.
bool readInfoFromHeaderBytes(const std::string& filePath, ImageInfo& info)
{
    static const char littleEndianPixelData[] = {'\xE0', '\x7F', '\x10', '\x00'};
    static const char bigEndianPixelData[] = {'\x7F', '\xE0', '\x00', '\x10'};
    std::ifstream stream(filePath, std::ios::binary);
    if (!stream) return false;
    std::vector<char> header;
    constexpr size_t kChunk = size_t(64) << 10;
    constexpr size_t kLargestHeader = size_t(16) << 20;
    size_t end = std::string::npos;
    while (stream && header.size() < kLargestHeader) {
        const size_t before = header.size();
        header.resize(before + kChunk);
        stream.read(header.data() + before, std::streamsize(kChunk));
        header.resize(before + size_t(stream.gcount()));
        const size_t from = before >= 3 ? before - 3 : 0;
        for (const char* pattern : {littleEndianPixelData, bigEndianPixelData}) {
            const auto found = std::search(header.begin() + std::ptrdiff_t(from), header.end(), pattern, pattern + 4);
            if (found != header.end()) end = std::min(end, size_t(found - header.begin()));
        }
        if (end != std::string::npos) break;
        if (size_t(stream.gcount()) < kChunk) break;
    }
    if (end == std::string::npos || end < 132) return false;
    header.resize(end);
    static const char deflated[] = "1.2.840.10008.1.2.1.99";
    if (std::search(header.begin(), header.end(), deflated, deflated + sizeof(deflated) - 1) != header.end())
        return false;
    static const char item[] = {'\xFE', '\xFF', '\x00', '\xE0'};
    static const char itemBigEndian[] = {'\xFF', '\xFE', '\xE0', '\x00'};
    size_t items = 0;
    for (const char* pattern : {item, itemBigEndian})
        for (auto at = header.begin(); (at = std::search(at, header.end(), pattern, pattern + 4)) != header.end(); ++at)
            ++items;
    if (items > 64) return false;  // nested sequences: the guarded full path sizes a stack for them

    initialiseDcmtk();
    DcmInputBufferStream input;
    input.setBuffer(header.data(), offile_off_t(header.size()));
    input.setEos();
    DcmFileFormat file;
    file.transferInit();
    OFCondition status = EC_IllegalCall;
    try {
        status = file.read(input, EXS_Unknown, EGL_noChange, DCM_MaxReadLength);
    } catch (const std::exception&) {
        return false;  // DCMTK threw (see loadFileOrThrow): the full read says why
    }
    file.transferEnd();
    // The buffer must end exactly where an element of the top-level dataset would start.
    if (status.bad() || !input.eos() || file.getDataset() == nullptr || file.getDataset()->card() == 0) return false;
    info = extractInfo(file, filePath);
    info.hasPixelData = true;
    return true;
}

ImageInfo readInfoOnThisThread(const std::string& filePath)
{
    DcmFileFormat file;
    detail::loadFileOrThrow(file, filePath);
    return extractInfo(file, filePath);
}

std::shared_ptr<const DecodedImage> loadOnThisThread(const std::string& filePath, const LoadLimits& limits)
{
    DcmFileFormat file;
    detail::loadFileOrThrow(file, filePath);
    DcmDataset& ds = *file.getDataset();
    const ImageInfo header = extractInfo(file, filePath);
    if (!ds.tagExists(DCM_PixelData)) {
        if (ds.tagExists(DCM_FloatPixelData) || ds.tagExists(DCM_DoubleFloatPixelData))
            throw DicomError(DicomError::Kind::FloatPixelData, filePath, "floating-point pixel data is not supported");
        throw DicomError(DicomError::Kind::NoPixelData, filePath,
                         "no Pixel Data: not an image (SOP Class " +
                             (header.sopClassUid.empty() ? std::string("unknown") : header.sopClassUid) + ")",
                         {header.sopClassUid});
    }
    if (header.transferSyntaxName == "unknown")
        throw DicomError(DicomError::Kind::UnsupportedTransferSyntax, filePath,
                         "unsupported transfer syntax '" + header.transferSyntaxUid + "'",
                         {header.transferSyntaxUid, header.transferSyntaxName});
    validatePixelModule(header, filePath, limits);

    const E_TransferSyntax originalXfer = ds.getOriginalXfer();
    if (DcmXfer(originalXfer).isEncapsulated()) decompress(ds, header, filePath);

    // The decoder may have changed the pixel module (colour model, signedness): read it again.
    ImageInfo info = extractInfo(file, filePath);
    info.transferSyntaxUid = header.transferSyntaxUid;
    info.transferSyntaxName = header.transferSyntaxName;
    validatePixelModule(info, filePath, limits);

    try {
        if (info.samplesPerPixel == 3 || info.photometricInterpretation == "PALETTE COLOR")
            return extractColour(ds, std::move(info), filePath);
        return extractGray(ds, std::move(info), originalXfer, filePath);
    } catch (const std::bad_alloc&) {
        throw DicomError(DicomError::Kind::OutOfMemory, filePath, "out of memory while decoding");
    }
}

}  // namespace

namespace detail {

DicomError cannotOpen(const std::string& path, int error)
{
    const std::string reason = std::string("cannot open: ") + std::strerror(error);
    if (error == ENOENT) return DicomError(DicomError::Kind::FileNotFound, path, reason);
    if (error == EACCES || error == EPERM) return DicomError(DicomError::Kind::PermissionDenied, path, reason);
    return DicomError(DicomError::Kind::CannotOpen, path, reason, {std::strerror(error)});
}

void loadFileOrThrow(DcmFileFormat& file, const std::string& path)
{
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) throw cannotOpen(path, errno);
    if (S_ISDIR(status.st_mode)) throw DicomError(DicomError::Kind::IsFolder, path, "is a folder, not a file");
    if (status.st_size == 0) throw DicomError(DicomError::Kind::EmptyFile, path, "empty file");
    // A Part 10 file says "DICM" after its 128-byte preamble: when it cannot be parsed, it is a broken
    // DICOM file (most often cut short by an interrupted copy), not some other kind of file.
    bool saysDicm = false;
    {
        std::ifstream probe(path, std::ios::binary);
        if (!probe) throw cannotOpen(path, errno);
        char magic[4] = {};
        saysDicm = probe.seekg(128) && probe.read(magic, 4) && std::memcmp(magic, "DICM", 4) == 0;
    }
    initialiseDcmtk();
    // Element values above 4 KiB stay in the file until used, so a header read costs no pixel I/O.
    OFCondition status2 = EC_IllegalCall;
    try {
        status2 = file.loadFile(OFFilename(path.c_str()), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect);
    } catch (const std::exception& error) {
        // DCMTK 3.6.7 throws std::out_of_range from DcmDirectoryRecord::lookForRecordType on a Directory
        // Record Sequence with a malformed record type (found by fuzz_deidentify): a damaged file.
        throw DicomError(DicomError::Kind::DamagedDicom, path,
                         std::string("a damaged DICOM file (DCMTK failed reading it: ") + error.what() + ")",
                         {error.what()});
    }
    // DCMTK says "premature end of stream" or "invalid stream" when it reads past the file's end (a cut
    // inside an element's header or value; a damaged length that points past the end reads alike).
    if ((status2 == EC_StreamNotifyClient || status2 == EC_InvalidStream) && saysDicm)
        throw DicomError(DicomError::Kind::Truncated, path,
                         "truncated: the file ends inside an element (DCMTK: " + std::string(status2.text()) + ")",
                         {status2.text()});
    if (status2.bad() && saysDicm)
        throw DicomError(DicomError::Kind::DamagedDicom, path,
                         std::string("a damaged DICOM file (DCMTK: ") + status2.text() + ")", {status2.text()});
    if (status2 == EC_StreamNotifyClient)
        throw DicomError(
            DicomError::Kind::NotDicom, path,
            "not DICOM, or truncated: the data ends inside an element (DCMTK: " + std::string(status2.text()) + ")",
            {status2.text()});
    if (status2.bad())
        throw DicomError(DicomError::Kind::NotDicom, path,
                         std::string("not a readable DICOM file (DCMTK: ") + status2.text() + ")", {status2.text()});
    DcmDataset* ds = file.getDataset();
    if (ds == nullptr || ds->card() == 0)
        throw DicomError(DicomError::Kind::NotDicom, path, "not a DICOM file (no data elements)", {"no data elements"});
}

}  // namespace detail

ImageInfo readImageInfo(const std::string& filePath)
{
    QElapsedTimer timer;
    timer.start();
    try {
        ImageInfo info;
        const bool shortcut = readInfoFromHeaderBytes(filePath, info);
        if (!shortcut)
            info = detail::withParserStack<ImageInfo>(filePath, [&] { return readInfoOnThisThread(filePath); });
        qCDebug(lcDicom, "header of %s: %s, %s, %s ms", filePath.c_str(), info.transferSyntaxName.c_str(),
                shortcut ? "read up to the pixels" : "whole file parsed",
                qUtf8Printable(QString::number(double(timer.nsecsElapsed()) / 1e6, 'f', 1)));
        return info;
    } catch (const DicomError& error) {
        qCDebug(lcDicom, "refused %s", error.what());
        throw;
    }
}

bool ImageInfo::isAiResultCapture() const
{
    const bool byPulmo = manufacturer == "Pulmo" || contributingManufacturer == "Pulmo";
    bool secondary = false;
    size_t start = 0;
    while (start <= imageType.size() && !secondary) {
        size_t end = imageType.find('\\', start);
        if (end == std::string::npos) end = imageType.size();
        secondary = imageType.compare(start, end - start, "SECONDARY") == 0;
        start = end + 1;
    }
    return byPulmo && conversionType == "WSD" && secondary;
}

std::vector<std::string> dicomDirectoryFiles(const std::string& dicomDirPath)
{
    return detail::withParserStack<std::vector<std::string>>(dicomDirPath, [&] {
        DcmFileFormat file;
        detail::loadFileOrThrow(file, dicomDirPath);
        DcmSequenceOfItems* records = nullptr;
        if (file.getDataset()->findAndGetSequence(DCM_DirectoryRecordSequence, records).bad() || records == nullptr)
            throw DicomError(DicomError::Kind::NotDicomDir, dicomDirPath,
                             "not a DICOMDIR (no Directory Record Sequence)");
        const size_t slash = dicomDirPath.find_last_of('/');
        const std::string folder = slash == std::string::npos ? std::string(".") : dicomDirPath.substr(0, slash);
        std::vector<std::string> files;
        for (unsigned long i = 0; i < records->card(); ++i) {
            DcmItem* record = records->getItem(i);
            OFString components;
            if (record->findAndGetOFStringArray(DCM_ReferencedFileID, components).bad() || components.empty()) continue;
            // Referenced File ID: path components separated by '\', relative to the DICOMDIR.
            std::string relative;
            bool safe = true;
            size_t start = 0;
            const std::string text = components.c_str();
            while (start <= text.size()) {
                size_t end = text.find('\\', start);
                if (end == std::string::npos) end = text.size();
                std::string part = text.substr(start, end - start);
                while (!part.empty() && part.back() == ' ') part.pop_back();
                if (part.empty() || part == "." || part == ".." || part.find('/') != std::string::npos) safe = false;
                relative += (relative.empty() ? "" : "/") + part;
                start = end + 1;
            }
            if (safe) files.push_back(folder + "/" + relative);
        }
        return files;
    });
}

std::shared_ptr<const DecodedImage> loadImage(const std::string& filePath, const LoadLimits& limits)
{
    QElapsedTimer timer;
    timer.start();
    try {
        auto image = detail::withParserStack<std::shared_ptr<const DecodedImage>>(
            filePath, [&] { return loadOnThisThread(filePath, limits); });
        if (lcDicom().isDebugEnabled()) {
            const ImageInfo& info = image->info();
            struct stat status {};
            const long long bytes = ::stat(filePath.c_str(), &status) == 0 ? (long long)status.st_size : -1;
            qCDebug(lcDicom, "decoded %s: %s, %dx%d, %d frame(s), %d bits stored, %lld bytes, %s ms", filePath.c_str(),
                    info.transferSyntaxName.c_str(), info.columns, info.rows, info.frames, info.bitsStored, bytes,
                    qUtf8Printable(QString::number(double(timer.nsecsElapsed()) / 1e6, 'f', 1)));
        }
        return image;
    } catch (const DicomError& error) {
        qCDebug(lcDicom, "refused %s", error.what());
        throw;
    }
}

std::string dcmtkVersion()
{
    return OFFIS_DCMTK_VERSION;  // OFFIS_DCMTK_VERSION_STRING and its suffix ("" for a release)
}

}  // namespace pulmo::dicom
