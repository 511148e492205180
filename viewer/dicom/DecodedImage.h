#pragma once

#include "dicom/ImageInfo.h"

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace pulmo::dicom {

/// The decoded pixels of one DICOM image, all frames, immutable once built.
/// Shared between threads through std::shared_ptr<const DecodedImage>.
///
/// Grayscale samples are kept as stored values. When Bits Stored <= 16 (every CR/DX) they are kept
/// as 16-bit indices, `stored - storedMinimum()`, so that a display LUT of 2^BitsStored entries maps
/// them without any per-pixel arithmetic. Wider data keeps 64-bit stored values.
/// Colour images are kept as 8-bit interleaved RGB, as DCMTK renders them.
class DecodedImage {
public:
    enum class Storage { NarrowGray, WideGray, Rgb8 };

    DecodedImage(ImageInfo info, Storage storage);

    const ImageInfo& info() const { return m_info; }
    Storage storage() const { return m_storage; }
    int width() const { return m_info.columns; }
    int height() const { return m_info.rows; }
    int frameCount() const { return m_info.frames; }
    bool isColor() const { return m_storage == Storage::Rgb8; }
    size_t pixelsPerFrame() const { return size_t(m_info.rows) * size_t(m_info.columns); }

    /// Smallest representable stored value: 0, or -2^(BitsStored-1) for signed data.
    int64_t storedMinimum() const;
    /// Number of representable stored values, 2^BitsStored (NarrowGray only).
    size_t storedRangeSize() const { return size_t(1) << m_info.bitsStored; }

    const uint16_t* narrowFrame(int frame) const { return m_narrow.data() + size_t(frame) * pixelsPerFrame(); }
    const int64_t* wideFrame(int frame) const { return m_wide.data() + size_t(frame) * pixelsPerFrame(); }
    const uint8_t* rgbFrame(int frame) const { return m_rgb.data() + size_t(frame) * pixelsPerFrame() * 3; }

    /// The stored value of one sample of a grayscale frame.
    int64_t storedValue(int frame, size_t index) const;
    /// Modality values (output of the Modality LUT stage) of a grayscale frame, row by row.
    std::vector<double> modalityValues(int frame) const;
    /// Smallest and largest modality value present in a grayscale frame.
    std::pair<double, double> modalityRange(int frame) const;

    // Filled by the loader only.
    std::vector<uint16_t>& narrowBuffer() { return m_narrow; }
    std::vector<int64_t>& wideBuffer() { return m_wide; }
    std::vector<uint8_t>& rgbBuffer() { return m_rgb; }

private:
    ImageInfo m_info;
    Storage m_storage;
    std::vector<uint16_t> m_narrow;
    std::vector<int64_t> m_wide;
    std::vector<uint8_t> m_rgb;
};

}  // namespace pulmo::dicom
