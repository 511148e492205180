#pragma once
// The grayscale display chain of DICOM PS3.3 C.11 as pure functions, one per stage:
// stored value -> Modality LUT -> VOI LUT -> Presentation LUT -> 8-bit display value.
// Nothing here knows about files or DCMTK, so every stage can be tested against the
// standard's formulas with hand-computed numbers.

#include <cstdint>
#include <string>
#include <vector>

namespace pulmo::dicom {

/// A LUT as described by a LUT Descriptor (first mapped input value, bits per entry) and LUT Data.
/// Inputs below the first mapped value give the first entry, inputs past the end the last entry
/// (PS3.3 C.11.1.1.1 and C.11.2.1.1.1).
struct LookupTable {
    int firstMapped = 0;
    int bitsPerEntry = 16;
    std::vector<uint16_t> entries;

    bool isValid() const { return !entries.empty() && bitsPerEntry >= 1 && bitsPerEntry <= 16; }
    /// The entry for an input value; `input` is truncated towards minus infinity first.
    double lookup(double input) const;
    /// The largest value an entry can hold: 2^bitsPerEntry - 1.
    double maximumOutput() const { return double((1u << bitsPerEntry) - 1u); }
};

/// Modality LUT stage (PS3.3 C.11.1): identity, Rescale Slope/Intercept, or a Modality LUT Sequence.
struct ModalityTransform {
    enum class Kind { Identity, Rescale, Lut };
    Kind kind = Kind::Identity;
    double slope = 1.0;
    double intercept = 0.0;
    LookupTable lut;

    double apply(double storedValue) const;
};

/// VOI LUT Function (0028,1056).
enum class VoiFunction { Linear, LinearExact, Sigmoid };

std::string toString(VoiFunction function);
/// Parses LINEAR / LINEAR_EXACT / SIGMOID; anything else (or empty) gives LINEAR, as the standard's default.
VoiFunction voiFunctionFromString(const std::string& text);

/// One way of choosing values of interest: a window (centre/width with a function) or a VOI LUT.
struct VoiPreset {
    enum class Kind { Window, Lut, FullRange };
    Kind kind = Kind::FullRange;
    double center = 0.0;
    double width = 0.0;
    VoiFunction function = VoiFunction::Linear;
    LookupTable lut;
    std::string explanation;

    static VoiPreset window(double center, double width, VoiFunction function = VoiFunction::Linear,
                            std::string explanation = {});
};

/// PS3.3 C.11.2.1.2: the window function mapping modality value `x` to [yMin, yMax].
/// Width must be >= 1 for LINEAR and > 0 for LINEAR_EXACT and SIGMOID; smaller widths are
/// treated as the smallest allowed so that the result is a hard threshold rather than NaN.
double applyWindow(double x, double center, double width, VoiFunction function, double yMin, double yMax);

/// The VOI stage scaled to [0, 255]: a window, or a VOI LUT whose entries are scaled by their bit depth.
/// FullRange presets must be resolved into a window first (see DisplayPipeline).
double applyVoi(const VoiPreset& voi, double modalityValue);

/// Presentation LUT stage on a [0, 255] value: identity or inverse (MONOCHROME1, INVERSE shape, user invert).
inline double applyPresentation(double value, bool inverse)
{
    return inverse ? 255.0 - value : value;
}

/// Round a [0, 255] value to the nearest display level, clamping outside values.
inline uint8_t toDisplayLevel(double value)
{
    if (!(value > 0.0)) return 0;  // also catches NaN
    if (value >= 255.0) return 255;
    return static_cast<uint8_t>(value + 0.5);
}

}  // namespace pulmo::dicom
