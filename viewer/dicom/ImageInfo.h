#pragma once

#include "dicom/LutStages.h"

#include <string>
#include <vector>

namespace pulmo::dicom {

/// What a DICOM image file says about itself: identification, pixel module and the display
/// settings it carries. A plain value: DCMTK types never leave the bridge (DicomFile.cpp). Every
/// string is valid UTF-8, text decoded by the file's Specific Character Set (dicom/DicomText.h).
struct ImageInfo {
    std::string filePath;

    std::string patientName;
    std::string patientId;
    std::string patientSex;
    std::string patientBirthDate;
    std::string patientAge;
    std::string studyInstanceUid;
    std::string seriesInstanceUid;
    std::string sopInstanceUid;
    std::string sopClassUid;
    std::string studyDate;
    std::string studyTime;
    std::string studyDescription;
    std::string seriesDescription;
    std::string accessionNumber;
    std::string seriesNumber;
    std::string instanceNumber;
    std::string modality;
    std::string manufacturer;
    std::string manufacturerModelName;
    std::string stationName;      ///< (0008,1010)
    std::string institutionName;  ///< (0008,0080)
    std::string bodyPartExamined;
    std::string viewPosition;
    /// Patient Orientation (0020,0020): the anatomical directions of the rows and of the columns,
    /// "row\column" as in the file ("L\F" for a PA chest as it is read); empty when absent or
    /// not two values.
    std::string patientOrientation;
    /// Image Type (0008,0008) as in the file, values separated by '\\' ("DERIVED\\SECONDARY").
    std::string imageType;
    /// Conversion Type (0008,0064) of a Secondary Capture ("WSD": workstation), Burned In
    /// Annotation (0028,0301) ("YES"/"NO"); empty when absent.
    std::string conversionType;
    std::string burnedInAnnotation;
    /// Content Date (DA) and Time (TM): when a document's or image's content was made.
    std::string contentDate;
    std::string contentTime;
    /// The Manufacturer of the first Contributing Equipment Sequence item (who made a derived
    /// object), empty when there is none.
    std::string contributingManufacturer;
    /// Every Referenced SOP Instance UID of the Current Requested Procedure Evidence Sequence
    /// (its series' Referenced SOP Sequences, flattened): which instances a structured report is
    /// about. Empty for images, which do not carry it.
    std::vector<std::string> evidenceSopInstanceUids;

    int rows = 0;
    int columns = 0;
    int frames = 1;
    int samplesPerPixel = 1;
    int bitsAllocated = 0;
    int bitsStored = 0;
    int highBit = 0;
    int pixelRepresentation = 0;  ///< 0 unsigned, 1 two's complement
    int planarConfiguration = 0;
    std::string photometricInterpretation;
    std::string presentationLutShape;  ///< IDENTITY, INVERSE or empty
    std::string transferSyntaxUid;
    std::string transferSyntaxName;
    bool hasMetaHeader = false;
    bool hasPixelData = false;  ///< a Pixel Data element is there (not whether it decodes)

    ModalityTransform modalityTransform;
    /// Every Window Center/Width pair, then every VOI LUT Sequence item, in file order.
    std::vector<VoiPreset> voiPresets;

    /// Row and column spacing in mm, and which attribute gave it ("PixelSpacing",
    /// "ImagerPixelSpacing"); empty source when the file has neither.
    double rowSpacingMm = 0.0;
    double columnSpacingMm = 0.0;
    std::string pixelSpacingSource;

    /// Whether this is Pulmo's own heatmap Secondary Capture of an AI result (issue 16): made by
    /// Pulmo (Manufacturer or Contributing Equipment), Conversion Type WSD and an Image Type with
    /// SECONDARY. A picture of a result, to be looked at, never analysed or judged as a radiograph.
    bool isAiResultCapture() const;

    bool isColor() const { return samplesPerPixel == 3; }
    bool isMonochrome1() const { return photometricInterpretation == "MONOCHROME1"; }
    /// Whether the Presentation LUT stage inverts: MONOCHROME1 (whose minimum is white), or a
    /// MONOCHROME2 image whose Presentation LUT Shape is INVERSE. A MONOCHROME1 image with the
    /// INVERSE shape that DX requires is inverted once, not twice.
    bool presentationInverts() const { return isMonochrome1() || (presentationLutShape == "INVERSE" && !isColor()); }
};

}  // namespace pulmo::dicom
