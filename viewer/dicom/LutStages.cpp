#include "dicom/LutStages.h"

#include <algorithm>
#include <cmath>

namespace pulmo::dicom {

double LookupTable::lookup(double input) const
{
    if (entries.empty()) return 0.0;
    const double offset = std::floor(input) - double(firstMapped);
    if (offset <= 0.0) return entries.front();
    const double last = double(entries.size() - 1);
    if (offset >= last) return entries.back();
    return entries[static_cast<size_t>(offset)];
}

double ModalityTransform::apply(double storedValue) const
{
    switch (kind) {
        case Kind::Identity:
            return storedValue;
        case Kind::Rescale:
            return storedValue * slope + intercept;
        case Kind::Lut:
            return lut.lookup(storedValue);
    }
    return storedValue;
}

std::string toString(VoiFunction function)
{
    switch (function) {
        case VoiFunction::Linear:
            return "LINEAR";
        case VoiFunction::LinearExact:
            return "LINEAR_EXACT";
        case VoiFunction::Sigmoid:
            return "SIGMOID";
    }
    return "LINEAR";
}

VoiFunction voiFunctionFromString(const std::string& text)
{
    if (text == "LINEAR_EXACT") return VoiFunction::LinearExact;
    if (text == "SIGMOID") return VoiFunction::Sigmoid;
    return VoiFunction::Linear;
}

VoiPreset VoiPreset::window(double center, double width, VoiFunction function, std::string explanation)
{
    VoiPreset preset;
    preset.kind = Kind::Window;
    preset.center = center;
    preset.width = width;
    preset.function = function;
    preset.explanation = std::move(explanation);
    return preset;
}

double applyWindow(double x, double center, double width, VoiFunction function, double yMin, double yMax)
{
    const double range = yMax - yMin;
    switch (function) {
        case VoiFunction::Linear: {
            // C.11.2.1.2.1: width >= 1; the window's edges sit at c - 0.5 -/+ (w - 1) / 2.
            const double w = std::max(width, 1.0);
            const double lower = center - 0.5 - (w - 1.0) / 2.0;
            const double upper = center - 0.5 + (w - 1.0) / 2.0;
            if (x <= lower) return yMin;
            if (x > upper) return yMax;
            if (w <= 1.0) return yMax;  // a one-wide window is a threshold; avoids 0/0
            return ((x - (center - 0.5)) / (w - 1.0) + 0.5) * range + yMin;
        }
        case VoiFunction::LinearExact: {
            // C.11.2.1.3.2: width > 0.
            const double w = width > 0.0 ? width : 1e-6;
            if (x <= center - w / 2.0) return yMin;
            if (x > center + w / 2.0) return yMax;
            return ((x - center) / w + 0.5) * range + yMin;
        }
        case VoiFunction::Sigmoid: {
            // C.11.2.1.3.1: width > 0.
            const double w = width > 0.0 ? width : 1e-6;
            return range / (1.0 + std::exp(-4.0 * (x - center) / w)) + yMin;
        }
    }
    return yMin;
}

double applyVoi(const VoiPreset& voi, double modalityValue)
{
    switch (voi.kind) {
        case VoiPreset::Kind::Window:
            return applyWindow(modalityValue, voi.center, voi.width, voi.function, 0.0, 255.0);
        case VoiPreset::Kind::Lut:
            return voi.lut.lookup(modalityValue) / voi.lut.maximumOutput() * 255.0;
        case VoiPreset::Kind::FullRange:
            break;
    }
    return 0.0;
}

}  // namespace pulmo::dicom
