// fuzz_deidentify: bytes -> the de-identifier (PS3.15 Basic Profile, with the options the first byte
// picks) -> the copy it writes. Written, Refused and Failed are its promised outcomes; a finding is
// an exception escaping, a written copy DCMTK cannot read, or one that still holds the input's
// Patient ID or Patient's Name.

#include "FuzzSupport.h"

#include "deid/Deidentifier.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <cstdio>
#include <string>

namespace {

std::string value(DcmItem& item, const DcmTagKey& tag)
{
    OFString text;
    item.findAndGetOFStringArray(tag, text);
    return text.c_str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace pulmo;
    fuzz::setUp();
    if (size < 2) return 0;
    const uint16_t bits = uint16_t(data[0] | (data[1] << 8));
    deid::DeidOptions options;
    options.retainSafePrivate = bits & 0x001;
    options.retainUids = bits & 0x002;
    options.retainDeviceIdentity = bits & 0x004;
    options.retainInstitutionIdentity = bits & 0x008;
    options.retainPatientCharacteristics = bits & 0x010;
    options.retainDates = bits & 0x020;
    options.shiftDates = !options.retainDates && (bits & 0x040);
    options.cleanDescriptors = bits & 0x080;
    options.cleanStructuredContent = bits & 0x100;
    options.cleanGraphics = bits & 0x200;
    options.allowBurnedIn = bits & 0x400;
    const deid::Deidentifier deidentifier(std::string(32, 'k'), options);

    const std::string input = fuzz::writeScratch(data + 2, size - 2, "input.dcm");
    const std::string output = fuzz::scratchFolder() + "/output.dcm";
    std::remove(output.c_str());
    const deid::DeidOutcome outcome = deidentifier.deidentifyFileAs(input, output);
    if (outcome.status != deid::DeidOutcome::Status::Written) return 0;

    DcmFileFormat original;
    DcmFileFormat copy;
    if (copy.loadFile(output.c_str()).bad()) fuzz::finding("a de-identified copy DCMTK cannot read");
    if (original.loadFile(input.c_str()).bad()) return 0;  // read through a fallback the copy no longer needs
    for (const DcmTagKey& tag : {DCM_PatientID, DCM_PatientName}) {
        const std::string before = value(*original.getDataset(), tag);
        if (before.size() >= 2 && value(*copy.getDataset(), tag) == before)
            fuzz::finding("the copy keeps the input's " + std::string(DcmTag(tag).getTagName()));
    }
    return 0;
}
