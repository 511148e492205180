#pragma once
// A small grey radiograph for the network tests (64 x 72, 12-bit ramp): what they send matters, not
// what it shows. The caller sets the UIDs, the modality and the SOP class.

#include "dicom/DicomWriter.h"

#include <cstddef>
#include <cstdint>

namespace pulmo::test {

inline dicom::GrayImageSpec smallGrayImage()
{
    dicom::GrayImageSpec spec;
    spec.rows = 64;
    spec.columns = 72;
    spec.storedValues.resize(size_t(spec.rows) * size_t(spec.columns));
    for (size_t p = 0; p < spec.storedValues.size(); ++p) spec.storedValues[p] = int32_t((p * 13) % 4096);
    return spec;
}

}  // namespace pulmo::test
