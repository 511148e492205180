#pragma once
// Private to the DICOM bridge: decodes one JPEG 2000 frame (a J2K codestream or a JP2 file) with
// OpenJPEG. DCMTK's free codecs have no JPEG 2000, yet CR/DX archives use it.

#include <cstdint>
#include <string>
#include <vector>

namespace pulmo::dicom::detail {

struct Jpeg2000Frame {
    int width = 0;
    int height = 0;
    int components = 0;
    int precision = 0;
    bool isSigned = false;
    /// Samples, components interleaved (colour transforms already undone by OpenJPEG).
    std::vector<int32_t> samples;
};

/// Decodes `size` bytes; throws std::runtime_error with OpenJPEG's complaint on failure.
Jpeg2000Frame decodeJpeg2000(const uint8_t* data, size_t size);

}  // namespace pulmo::dicom::detail
