#pragma once
// PS3.5 B.2: a UID made from a UUID, "2.25." followed by the UUID as one unsigned decimal integer.

#include <array>
#include <cstdint>
#include <string>

namespace pulmo::dicom {

/// "2.25." + the 128-bit big-endian value of `uuid` in decimal, without leading zeros (at most 44
/// characters). The caller sets the UUID's version and variant bits.
std::string uidFromUuid(const std::array<uint8_t, 16>& uuid);

}  // namespace pulmo::dicom
