#pragma once
// Writes grayscale DICOM images from plain values: the phantoms, test images and benchmark files
// the project makes itself. DCMTK stays inside DicomWriter.cpp.

#include "dicom/LutStages.h"

#include <cstdint>
#include <string>
#include <vector>

namespace pulmo::dicom {

enum class TransferSyntax {
    ExplicitLittle,
    ImplicitLittle,
    ExplicitBig,
    Deflated,
    JpegLossless,    ///< JPEG Process 14 SV1 (DCMTK's encoder)
    JpegLsLossless,  ///< JPEG-LS lossless (DCMTK's CharLS)
    Rle,
};

/// The Digital X-Ray (DX) IOD's own attributes (PS3.3 A.26, C.8.11). Written only when
/// presentationIntentType is set; the other values then go out as they are (Type 2 ones may be empty).
struct DigitalXRayAttributes {
    std::string presentationIntentType;  ///< FOR PRESENTATION or FOR PROCESSING; empty: not DX
    std::string imageType = "DERIVED\\PRIMARY";
    std::string patientOrientation;     ///< row and column directions, e.g. "L\\F" for a PA chest
    std::string imageLaterality = "U";  ///< R, L, U (unpaired) or B
    std::string pixelIntensityRelationship = "LOG";
    int pixelIntensityRelationshipSign = -1;  ///< -1: higher values mean less X-ray intensity
    std::string burnedInAnnotation = "NO";
    std::string lossyImageCompression = "00";  ///< 00: the values never went through a lossy codec
    std::string detectorType;                  ///< DIRECT, SCINTILLATOR, STORAGE or FILM
    std::string positionerType;                ///< e.g. COLUMN, NONE
    double imagerPixelSpacingMm = 0.0;         ///< > 0: Imager Pixel Spacing; else Pixel Spacing's value
    /// Anatomic Region Sequence's one item, e.g. 51185008 / SCT / Chest; empty value: an empty sequence.
    std::string anatomicRegionCodeValue;
    std::string anatomicRegionCodingScheme = "SCT";
    std::string anatomicRegionCodeMeaning;
};

/// Text fields are UTF-8; the file's Specific Character Set says ISO_IR 192 when any is not ASCII.
struct GrayImageSpec {
    int rows = 0;
    int columns = 0;
    int frames = 1;
    int bitsAllocated = 16;
    int bitsStored = 12;
    int highBit = 11;
    int pixelRepresentation = 0;
    std::string photometricInterpretation = "MONOCHROME2";
    std::string presentationLutShape;  ///< empty: not written
    /// Stored values, frames x rows x columns; they must fit Bits Stored and Pixel Representation.
    std::vector<int32_t> storedValues;

    ModalityTransform modalityTransform;  ///< Rescale -> Rescale Slope/Intercept; Lut -> Modality LUT Sequence
    std::vector<VoiPreset> voiPresets;    ///< windows -> Window Center/Width; LUTs -> VOI LUT Sequence
    std::string voiLutFunction;           ///< empty: not written

    std::string modality = "OT";
    std::string sopClassUid = "1.2.840.10008.5.1.4.1.1.7";  ///< Secondary Capture unless told
    std::string patientName = "PHANTOM^TEST";
    std::string patientId = "PHANTOM";
    std::string studyInstanceUid;   ///< generated when empty
    std::string seriesInstanceUid;  ///< generated when empty
    std::string sopInstanceUid;     ///< generated when empty
    std::string studyDate = "20260101";
    double pixelSpacingMm = 0.0;  ///< > 0: written as Pixel Spacing (rows and columns alike)
    std::string imageComments;

    // Descriptive attributes; each one is not written while empty.
    std::string patientSex;        ///< M, F or O
    std::string patientBirthDate;  ///< YYYYMMDD
    std::string studyDescription;
    std::string seriesDescription;
    std::string manufacturer;
    std::string manufacturerModelName;
    std::string stationName;
    std::string bodyPartExamined;  ///< e.g. CHEST
    std::string viewPosition;      ///< e.g. PA

    std::string studyTime;  ///< HHMMSS; Type 2, so written empty when empty
    std::string seriesNumber = "1";

    // Outside the DX attributes (which carry their own Image Type and Burned In Annotation): each
    // one is not written while empty. A Pulmo heatmap capture is DERIVED\\SECONDARY, WSD, YES.
    std::string imageType;
    std::string conversionType;
    std::string burnedInAnnotation;

    DigitalXRayAttributes digitalXRay;
};

/// Writes `spec` as a Part 10 file. Throws DicomError naming the file on failure.
void writeGrayImage(const std::string& filePath, const GrayImageSpec& spec,
                    TransferSyntax transferSyntax = TransferSyntax::ExplicitLittle);

/// A new globally unique UID (DCMTK's generator under its own root).
std::string newUid();

}  // namespace pulmo::dicom
