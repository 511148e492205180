#include "dicom/Uuid225.h"

namespace pulmo::dicom {

namespace {
__extension__ typedef unsigned __int128 Uint128;  // GCC's and Clang's; exact for 128 bits
}

std::string uidFromUuid(const std::array<uint8_t, 16>& uuid)
{
    Uint128 value = 0;
    for (uint8_t byte : uuid) value = (value << 8) | byte;
    std::string digits;
    do {
        digits.insert(digits.begin(), char('0' + int(value % 10)));
        value /= 10;
    } while (value != 0);
    return "2.25." + digits;
}

}  // namespace pulmo::dicom
