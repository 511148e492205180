#include "dicom/DicomWriter.h"

#include "dicom/DcmtkLogging.h"
#include "dicom/DicomError.h"
#include "dicom/DicomLogging.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcvrobow.h>
#include <dcmtk/dcmdata/dcvrus.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpls/djencode.h>
#include <dcmtk/dcmjpls/djrparam.h>

#include <charconv>
#include <memory>
#include <mutex>

namespace pulmo::dicom {
namespace {

void registerEncodersOnce()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // The encoders log remarks (as the decoders would): quiet unless the program set DCMTK's log
        // up; errors reach the caller as DicomError instead.
        ensureDcmtkLogQuiet();
        DJEncoderRegistration::registerCodecs();
        DJLSEncoderRegistration::registerCodecs();
        DcmRLEEncoderRegistration::registerCodecs();
    });
}

/// A Decimal String (at most 16 characters) by std::to_chars: the shortest text that reads back as the same
/// double, with fewer significant digits only where that does not fit. No locale is consulted, so a
/// German LC_NUMERIC cannot write "0,5".
std::string decimalString(double value)
{
    char buffer[64];
    auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
    for (int precision = 15; written.ec == std::errc() && written.ptr - buffer > 16 && precision > 0; --precision)
        written = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, precision);
    return std::string(buffer, written.ptr);
}

void check(const OFCondition& condition, const std::string& path, const std::string& what)
{
    if (condition.bad())
        throw DicomError(DicomError::Kind::CannotWrite, path, "cannot write " + what + ": " + condition.text(),
                         {what + ": " + condition.text()});
}

void putLookupTable(DcmItem& item, const LookupTable& table, const std::string& path)
{
    auto* descriptor = new DcmUnsignedShort(DcmTag(DCM_LUTDescriptor, EVR_US));
    const Uint16 values[3] = {Uint16(table.entries.size() >= 65536 ? 0 : table.entries.size()),
                              Uint16(table.firstMapped), Uint16(table.bitsPerEntry)};
    check(descriptor->putUint16Array(values, 3), path, "LUT Descriptor");
    check(item.insert(descriptor, true), path, "LUT Descriptor");
    auto* data = new DcmUnsignedShort(DcmTag(DCM_LUTData, EVR_US));
    check(data->putUint16Array(table.entries.data(), table.entries.size()), path, "LUT Data");
    check(item.insert(data, true), path, "LUT Data");
}

}  // namespace

std::string newUid()
{
    char buffer[100];
    return dcmGenerateUniqueIdentifier(buffer, SITE_INSTANCE_UID_ROOT);
}

void writeGrayImage(const std::string& filePath, const GrayImageSpec& spec, TransferSyntax transferSyntax)
{
    const size_t count = size_t(spec.rows) * size_t(spec.columns) * size_t(spec.frames);
    if (spec.storedValues.size() != count)
        throw DicomError(DicomError::Kind::PixelCountMismatch, filePath,
                         "cannot write: " + std::to_string(spec.storedValues.size()) + " values for " +
                             std::to_string(count) + " pixels",
                         {std::to_string(spec.storedValues.size()), std::to_string(count)});
    if (spec.bitsAllocated != 8 && spec.bitsAllocated != 16)
        throw DicomError(DicomError::Kind::UnsupportedHeaderValue, filePath,
                         "cannot write: Bits Allocated must be 8 or 16",
                         {"BitsAllocated", std::to_string(spec.bitsAllocated)});

    ensureDcmtkLogQuiet();
    DcmFileFormat file;
    DcmDataset& ds = *file.getDataset();
    const auto put = [&](const DcmTagKey& key, const std::string& value) {
        check(ds.putAndInsertString(key, value.c_str()), filePath, DcmTag(key).getTagName());
    };
    const auto putUs = [&](const DcmTagKey& key, int value) {
        check(ds.putAndInsertUint16(key, Uint16(value)), filePath, DcmTag(key).getTagName());
    };
    put(DCM_SOPClassUID, spec.sopClassUid);
    put(DCM_SOPInstanceUID, spec.sopInstanceUid.empty() ? newUid() : spec.sopInstanceUid);
    put(DCM_StudyInstanceUID, spec.studyInstanceUid.empty() ? newUid() : spec.studyInstanceUid);
    put(DCM_SeriesInstanceUID, spec.seriesInstanceUid.empty() ? newUid() : spec.seriesInstanceUid);
    put(DCM_PatientName, spec.patientName);
    put(DCM_PatientID, spec.patientId);
    put(DCM_StudyDate, spec.studyDate);
    // The rest of the General Study module's Type 2 attributes: present, empty unless known.
    put(DCM_StudyTime, spec.studyTime);
    put(DCM_ReferringPhysicianName, "");
    put(DCM_StudyID, "");
    put(DCM_AccessionNumber, "");
    put(DCM_Modality, spec.modality);
    put(DCM_SeriesNumber, spec.seriesNumber);
    put(DCM_InstanceNumber, "1");
    if (!spec.imageComments.empty()) put(DCM_ImageComments, spec.imageComments);
    const auto putIfSet = [&](const DcmTagKey& key, const std::string& value) {
        if (!value.empty()) put(key, value);
    };
    putIfSet(DCM_PatientSex, spec.patientSex);
    putIfSet(DCM_PatientBirthDate, spec.patientBirthDate);
    putIfSet(DCM_StudyDescription, spec.studyDescription);
    putIfSet(DCM_SeriesDescription, spec.seriesDescription);
    putIfSet(DCM_Manufacturer, spec.manufacturer);
    putIfSet(DCM_ManufacturerModelName, spec.manufacturerModelName);
    putIfSet(DCM_StationName, spec.stationName);
    putIfSet(DCM_BodyPartExamined, spec.bodyPartExamined);
    putIfSet(DCM_ViewPosition, spec.viewPosition);

    const DigitalXRayAttributes& dx = spec.digitalXRay;
    if (dx.presentationIntentType.empty()) {
        putIfSet(DCM_ImageType, spec.imageType);
        putIfSet(DCM_ConversionType, spec.conversionType);
        putIfSet(DCM_BurnedInAnnotation, spec.burnedInAnnotation);
    } else {
        put(DCM_PresentationIntentType, dx.presentationIntentType);
        put(DCM_ImageType, dx.imageType);
        put(DCM_PatientOrientation, dx.patientOrientation);
        put(DCM_ImageLaterality, dx.imageLaterality);
        put(DCM_PixelIntensityRelationship, dx.pixelIntensityRelationship);
        check(ds.putAndInsertSint16(DCM_PixelIntensityRelationshipSign, Sint16(dx.pixelIntensityRelationshipSign)),
              filePath, "Pixel Intensity Relationship Sign");
        put(DCM_BurnedInAnnotation, dx.burnedInAnnotation);
        put(DCM_LossyImageCompression, dx.lossyImageCompression);
        put(DCM_DetectorType, dx.detectorType);
        put(DCM_PositionerType, dx.positionerType);
        const double imagerSpacing = dx.imagerPixelSpacingMm > 0.0 ? dx.imagerPixelSpacingMm : spec.pixelSpacingMm;
        if (imagerSpacing > 0.0)
            put(DCM_ImagerPixelSpacing, decimalString(imagerSpacing) + "\\" + decimalString(imagerSpacing));
        if (dx.anatomicRegionCodeValue.empty()) {
            check(ds.insertEmptyElement(DCM_AnatomicRegionSequence), filePath, "Anatomic Region Sequence");
        } else {
            DcmItem* item = nullptr;
            check(ds.findOrCreateSequenceItem(DCM_AnatomicRegionSequence, item, -2), filePath,
                  "Anatomic Region Sequence");
            check(item->putAndInsertString(DCM_CodeValue, dx.anatomicRegionCodeValue.c_str()), filePath, "Code Value");
            check(item->putAndInsertString(DCM_CodingSchemeDesignator, dx.anatomicRegionCodingScheme.c_str()), filePath,
                  "Coding Scheme Designator");
            check(item->putAndInsertString(DCM_CodeMeaning, dx.anatomicRegionCodeMeaning.c_str()), filePath,
                  "Code Meaning");
        }
        // Type 2, present and empty: no acquisition context recorded.
        check(ds.insertEmptyElement(DCM_AcquisitionContextSequence), filePath, "Acquisition Context Sequence");
    }

    putUs(DCM_Rows, spec.rows);
    putUs(DCM_Columns, spec.columns);
    putUs(DCM_SamplesPerPixel, 1);
    putUs(DCM_BitsAllocated, spec.bitsAllocated);
    putUs(DCM_BitsStored, spec.bitsStored);
    putUs(DCM_HighBit, spec.highBit);
    putUs(DCM_PixelRepresentation, spec.pixelRepresentation);
    put(DCM_PhotometricInterpretation, spec.photometricInterpretation);
    if (spec.frames > 1) put(DCM_NumberOfFrames, std::to_string(spec.frames));
    if (!spec.presentationLutShape.empty()) put(DCM_PresentationLUTShape, spec.presentationLutShape);
    if (spec.pixelSpacingMm > 0.0)
        put(DCM_PixelSpacing, decimalString(spec.pixelSpacingMm) + "\\" + decimalString(spec.pixelSpacingMm));

    if (spec.modalityTransform.kind == ModalityTransform::Kind::Rescale) {
        put(DCM_RescaleSlope, decimalString(spec.modalityTransform.slope));
        put(DCM_RescaleIntercept, decimalString(spec.modalityTransform.intercept));
        put(DCM_RescaleType, "US");
    } else if (spec.modalityTransform.kind == ModalityTransform::Kind::Lut) {
        DcmItem* item = nullptr;
        check(ds.findOrCreateSequenceItem(DCM_ModalityLUTSequence, item, -2), filePath, "Modality LUT Sequence");
        putLookupTable(*item, spec.modalityTransform.lut, filePath);
        check(item->putAndInsertString(DCM_ModalityLUTType, "US"), filePath, "Modality LUT Type");
    }

    std::string centers;
    std::string widths;
    for (const VoiPreset& voi : spec.voiPresets) {
        if (voi.kind == VoiPreset::Kind::Window) {
            centers += (centers.empty() ? "" : "\\") + decimalString(voi.center);
            widths += (widths.empty() ? "" : "\\") + decimalString(voi.width);
        } else if (voi.kind == VoiPreset::Kind::Lut) {
            DcmItem* item = nullptr;
            check(ds.findOrCreateSequenceItem(DCM_VOILUTSequence, item, -2), filePath, "VOI LUT Sequence");
            putLookupTable(*item, voi.lut, filePath);
            if (!voi.explanation.empty())
                check(item->putAndInsertString(DCM_LUTExplanation, voi.explanation.c_str()), filePath,
                      "LUT Explanation");
        }
    }
    if (!centers.empty()) {
        put(DCM_WindowCenter, centers);
        put(DCM_WindowWidth, widths);
    }
    if (!spec.voiLutFunction.empty()) put(DCM_VOILUTFunction, spec.voiLutFunction);

    // Stored values go into the bits Bits Stored / High Bit name; signed values are sign-extended
    // above the high bit as modalities write them, unsigned ones have zeros there.
    const int shift = spec.highBit + 1 - spec.bitsStored;
    const uint32_t mask = (uint32_t(1) << spec.bitsStored) - 1u;
    const auto cell = [&](int32_t value) {
        return spec.pixelRepresentation == 1 ? uint32_t(value) << shift : (uint32_t(value) & mask) << shift;
    };
    if (spec.bitsAllocated == 16) {
        std::vector<Uint16> words(count);
        for (size_t i = 0; i < count; ++i) words[i] = Uint16(cell(spec.storedValues[i]));
        check(ds.putAndInsertUint16Array(DCM_PixelData, words.data(), words.size()), filePath, "Pixel Data");
    } else {
        std::vector<Uint8> bytes(count);
        for (size_t i = 0; i < count; ++i) bytes[i] = Uint8(cell(spec.storedValues[i]));
        check(ds.putAndInsertUint8Array(DCM_PixelData, bytes.data(), bytes.size()), filePath, "Pixel Data");
    }

    E_TransferSyntax xfer = EXS_LittleEndianExplicit;
    std::unique_ptr<DcmRepresentationParameter> parameters;
    switch (transferSyntax) {
        case TransferSyntax::ExplicitLittle:
            break;
        case TransferSyntax::ImplicitLittle:
            xfer = EXS_LittleEndianImplicit;
            break;
        case TransferSyntax::ExplicitBig:
            xfer = EXS_BigEndianExplicit;
            break;
        case TransferSyntax::Deflated:
            xfer = EXS_DeflatedLittleEndianExplicit;
            break;
        case TransferSyntax::JpegLossless:
            xfer = EXS_JPEGProcess14SV1;
            parameters = std::make_unique<DJ_RPLossless>(6, 0);
            break;
        case TransferSyntax::JpegLsLossless:
            xfer = EXS_JPEGLSLossless;
            parameters = std::make_unique<DJLSRepresentationParameter>(0, OFTrue);
            break;
        case TransferSyntax::Rle:
            xfer = EXS_RLELossless;
            break;
    }
    // The spec's strings are UTF-8: a file with any non-ASCII text says so (ISO_IR 192); an ASCII-only
    // file keeps the ISO_IR 100 it always had (ASCII is the same in both), so its bytes do not change.
    put(DCM_SpecificCharacterSet, ds.containsExtendedCharacters(OFTrue) ? "ISO_IR 192" : "ISO_IR 100");
    if (DcmXfer(xfer).isEncapsulated()) {
        registerEncodersOnce();
        check(ds.chooseRepresentation(xfer, parameters.get()), filePath, "compressed Pixel Data");
        if (!ds.canWriteXfer(xfer))
            throw DicomError(DicomError::Kind::CannotWrite, filePath, "cannot encode in the requested transfer syntax",
                             {"cannot encode in the requested transfer syntax"});
    }
    check(file.saveFile(filePath.c_str(), xfer), filePath, "file");
    qCDebug(lcDicom, "wrote %s: %dx%d, %d frame(s), %s", filePath.c_str(), spec.columns, spec.rows, spec.frames,
            DcmXfer(xfer).getXferName());
}

}  // namespace pulmo::dicom
