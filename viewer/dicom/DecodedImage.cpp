#include "dicom/DecodedImage.h"

#include <algorithm>
#include <limits>

namespace pulmo::dicom {

DecodedImage::DecodedImage(ImageInfo info, Storage storage) : m_info(std::move(info)), m_storage(storage) {}

int64_t DecodedImage::storedMinimum() const
{
    return m_info.pixelRepresentation == 1 ? -(int64_t(1) << (m_info.bitsStored - 1)) : 0;
}

int64_t DecodedImage::storedValue(int frame, size_t index) const
{
    if (m_storage == Storage::NarrowGray) return int64_t(narrowFrame(frame)[index]) + storedMinimum();
    return wideFrame(frame)[index];
}

std::vector<double> DecodedImage::modalityValues(int frame) const
{
    const size_t count = pixelsPerFrame();
    std::vector<double> values(count);
    const ModalityTransform& modality = m_info.modalityTransform;
    if (m_storage == Storage::NarrowGray) {
        // One evaluation per representable stored value, then a table look-up per pixel.
        const int64_t minimum = storedMinimum();
        std::vector<double> table(storedRangeSize());
        for (size_t i = 0; i < table.size(); ++i) table[i] = modality.apply(double(int64_t(i) + minimum));
        const uint16_t* src = narrowFrame(frame);
        for (size_t i = 0; i < count; ++i) values[i] = table[src[i]];
    } else if (m_storage == Storage::WideGray) {
        const int64_t* src = wideFrame(frame);
        for (size_t i = 0; i < count; ++i) values[i] = modality.apply(double(src[i]));
    }
    return values;
}

std::pair<double, double> DecodedImage::modalityRange(int frame) const
{
    if (m_storage == Storage::Rgb8 || pixelsPerFrame() == 0) return {0.0, 255.0};
    const ModalityTransform& modality = m_info.modalityTransform;
    if (m_storage == Storage::NarrowGray) {
        // Find which stored values occur, then evaluate the modality transform on those alone.
        std::vector<uint8_t> present(storedRangeSize(), 0);
        const uint16_t* src = narrowFrame(frame);
        for (size_t i = 0, n = pixelsPerFrame(); i < n; ++i) present[src[i]] = 1;
        double lowest = std::numeric_limits<double>::max();
        double highest = std::numeric_limits<double>::lowest();
        for (size_t i = 0; i < present.size(); ++i) {
            if (!present[i]) continue;
            const double value = modality.apply(double(int64_t(i) + storedMinimum()));
            lowest = std::min(lowest, value);
            highest = std::max(highest, value);
        }
        return {lowest, highest};
    }
    const int64_t* src = wideFrame(frame);
    double lowest = std::numeric_limits<double>::max();
    double highest = std::numeric_limits<double>::lowest();
    for (size_t i = 0, n = pixelsPerFrame(); i < n; ++i) {
        const double value = modality.apply(double(src[i]));
        lowest = std::min(lowest, value);
        highest = std::max(highest, value);
    }
    return {lowest, highest};
}

}  // namespace pulmo::dicom
