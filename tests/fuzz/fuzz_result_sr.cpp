// fuzz_result_sr: bytes -> the reader of a Pulmo AI SR found in a study (what the workstation and the
// node read back from the PACS). A DicomError is the promised answer to a file that is not DICOM;
// nullopt to any other object; anything else escaping is a finding, and so is a result it says it
// read with a probability outside [0, 1] or a threshold outside (0, 1].

#include "FuzzSupport.h"

#include "dicom/DicomError.h"
#include "results/AiResultSr.h"

#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace pulmo;
    fuzz::setUp();
    const std::string path = fuzz::writeScratch(data, size, "result.dcm");
    try {
        const std::optional<results::StoredResult> stored = results::readAiResultSr(path);
        if (stored) {
            const double probability = stored->result.probability;
            if (!std::isfinite(probability) || probability < 0.0 || probability > 1.0)
                fuzz::finding("a result read with a probability outside [0, 1]");
            const double threshold = stored->result.algorithm.threshold;
            if (!std::isfinite(threshold) || threshold <= 0.0 || threshold > 1.0)
                fuzz::finding("a result read with a threshold outside (0, 1]");
        }
    } catch (const dicom::DicomError&) {
    }
    return 0;
}
