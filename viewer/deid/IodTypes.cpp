#include "deid/IodTypes.h"

#include <cstring>

namespace pulmo::deid {

namespace {

// The IODs Pulmo reads and writes: chest radiographs (CR, DX), secondary captures (its heatmaps and
// scanned films), structured reports (its TID 1500 results, key object selections) and grayscale
// presentation states. PS3.3 A.2 (CR), A.26 (DX), A.8 (SC), A.35 (SR), A.33 (GSPS). iod-types.csv,
// beside this file, lists every combined-action attribute of these IODs with its Type and module
// (from highdicom's IOD module map and dicom3tools' module templates, sources in its header): the
// cases below are its rows that are not Type 3 at the top level.
enum class Family { Unknown, Cr, Dx, Sc, Sr, Gsps };

Family familyOf(const std::string& uid)
{
    const auto is = [&](const char* value) { return uid == value; };
    if (is("1.2.840.10008.5.1.4.1.1.1")) return Family::Cr;
    if (is("1.2.840.10008.5.1.4.1.1.1.1") || is("1.2.840.10008.5.1.4.1.1.1.1.1")) return Family::Dx;
    if (is("1.2.840.10008.5.1.4.1.1.7") || uid.rfind("1.2.840.10008.5.1.4.1.1.7.", 0) == 0) return Family::Sc;
    if (uid.rfind("1.2.840.10008.5.1.4.1.1.88.", 0) == 0) return Family::Sr;
    if (is("1.2.840.10008.5.1.4.1.1.11.1")) return Family::Gsps;
    return Family::Unknown;
}

constexpr uint32_t tag(uint16_t group, uint16_t element)
{
    return (uint32_t(group) << 16) | element;
}

}  // namespace

IodType topLevelType(const std::string& sopClassUid, uint16_t group, uint16_t element)
{
    const Family family = familyOf(sopClassUid);
    if (family == Family::Unknown) return IodType::Unknown;
    switch (tag(group, element)) {
        // Patient Module: Patient ID is Type 2 in every composite IOD; Patient's Sex Neutered is 2C
        // (required for animals), so its presence decides.
        case tag(0x0010, 0x0020):
            return IodType::Type2;
        case tag(0x0010, 0x2203):
            return IodType::Unknown;
        // Content Date and Time: Type 1 in the SR Document General Module; 2C in the General Image
        // Module (required when the images of the series are temporally related): presence decides.
        case tag(0x0008, 0x0023):
        case tag(0x0008, 0x0033):
            if (family == Family::Sr) return IodType::Type1;
            return family == Family::Gsps ? IodType::Type3 : IodType::Unknown;
        // Contrast/Bolus Module (CR, DX): Contrast/Bolus Agent is Type 2.
        case tag(0x0018, 0x0010):
            return family == Family::Cr || family == Family::Dx ? IodType::Type2 : IodType::Type3;
        // DX: the Acquisition Context Module is mandatory, its sequence Type 2.
        case tag(0x0040, 0x0555):
            return family == Family::Dx ? IodType::Type2 : IodType::Type3;
        // Referenced Performed Procedure Step Sequence: 1C in the DX Series Module (required when
        // the Modality PPS SOP Class is supported: presence decides), Type 2 in the SR and Key Object
        // Document Series Modules.
        case tag(0x0008, 0x1111):
            if (family == Family::Dx) return IodType::Unknown;
            return family == Family::Sr ? IodType::Type2 : IodType::Type3;
        // Presentation State Identification Module: Content Creator's Name is Type 2.
        case tag(0x0070, 0x0084):
            return family == Family::Gsps ? IodType::Type2 : IodType::Type3;
        default:
            // Every other attribute with a combined action is Type 3 at the top level of these IODs
            // (General Series, General Equipment, General Image, SOP Common, DX Detector) or not part
            // of them at all; an attribute that is not part of the IOD is removed.
            return IodType::Type3;
    }
}

}  // namespace pulmo::deid
