#pragma once
// A synthetic PA chest radiograph: body outline, lungs, heart and mediastinum, spine, ribs,
// clavicles, diaphragm, pulmonary vessels and quantum noise, optionally with consolidation-like
// opacities ("PNEUMONIA"). Made for demos, tests and benchmarks; nothing here is clinical.
//
// The image is a pure function of the options (std::mt19937 seeded from `seed`, no std::*
// distributions, whose algorithms differ between standard libraries). UIDs are left empty so that
// the writer generates fresh ones. No DCMTK here: the result is a dicom::GrayImageSpec.

#include "dicom/DicomWriter.h"

#include <cstdint>
#include <string>
#include <vector>

namespace pulmo::phantom {

enum class Label { Normal, Pneumonia };

/// "NORMAL" or "PNEUMONIA".
std::string toString(Label label);

struct ChestPhantomOptions {
    uint32_t seed = 1;
    int size = 2048;  ///< rows = columns; 256 .. 8192
    Label label = Label::Normal;
    bool monochrome1 = false;  ///< stored values inverted, Presentation LUT Shape INVERSE
    std::string patientId = "PHANTOM";
    std::string patientName = "PHANTOM^CHEST";
    std::string studyDate = "20260101";
    /// 0 for a patient's first study; 1, 2, ... for later studies of the same patient (same seed):
    /// the same anatomy, positioned and exposed anew, with findings of their own.
    int study = 0;
    /// YYYYMMDD; empty: derived from the patient's age and the study date (pass the first study's
    /// to the later ones, so that every study of a patient agrees).
    std::string patientBirthDate;
    /// A scannerProfiles() name; empty: one of the four standard systems, drawn from the seed.
    std::string scanner;
};

/// A made-up X-ray system (issue 20 item 6), so that streams with a planted change of scanner can
/// be made for model monitoring's tests: its names, its grey-level response, noise and resolution.
/// The first four are the standard systems (the phantom's look, as before profiles existed, but a
/// detector of its own size); the others differ on purpose.
struct ScannerProfile {
    std::string name;  ///< what --scanner takes
    std::string manufacturer;
    std::string model;
    std::string stationName;
    double fieldMm = 0;       ///< the detector's width: pixel spacing = fieldMm / size; 0: per patient
    double gamma = 1.0;       ///< grey-level response: the processed signal, scaled to 0..1, to this power
    double noiseScale = 1.0;  ///< quantum noise times this
    double blurMm = 0.0;      ///< detector unsharpness: a box blur of this half-width (mm); 0: none
    /// The processing's window: this share of the body's range below its 0.5th percentile and
    /// above its 99.9th.
    double windowBelow = 0.16;
    double windowAbove = 0.06;
    int bitsStored = 12;  ///< 10 .. 16; the signal is quantised to this many bits
};

/// Every profile, the standard four first.
const std::vector<ScannerProfile>& scannerProfiles();
/// The profile named `name`; throws std::invalid_argument naming the known ones when there is none.
const ScannerProfile& scannerProfile(const std::string& name);

/// An opacity's bounding box in pixel coordinates of the written image: columns x0..x1 and rows
/// y0..y1, inclusive.
struct LesionBox {
    int x0 = 0;
    int y0 = 0;
    int x1 = 0;
    int y1 = 0;
};

struct ChestPhantom {
    dicom::GrayImageSpec spec;  ///< a DX For Presentation image, ready for dicom::writeGrayImage
    Label label = Label::Normal;
    std::vector<LesionBox> lesions;  ///< empty for NORMAL
};

/// Makes one image. Throws std::invalid_argument for a size out of range.
ChestPhantom makeChestPhantom(const ChestPhantomOptions& options);

}  // namespace pulmo::phantom
