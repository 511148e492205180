#pragma once
// Re-identification of what comes back from outside the hospital (issue 19 item 6). An AI server
// outside analysed a de-identified copy (Deidentifier) and answers with objects about the copy: an
// SR whose evidence is the copy, a Secondary Capture derived from it. The node that forwarded the
// copy kept, locally, the replaced UIDs and the original's identity record; with them an answer is
// put back into the original study: every UID the forwarding replaced is the original's again, the
// Patient and General Study modules are the original's, the pseudonyms the server copied into its
// content are the original's values, and the de-identification marks go. The answer's own UIDs
// (its SOP Instance, its series) stay. DCMTK stays inside the .cpp file.

#include <functional>
#include <optional>
#include <string>

namespace pulmo::deid {

/// Writes the identity a re-identification restores: the original's Patient and General Study
/// module attributes and its Study Instance UID, every text in UTF-8, as a small DICOM dataset
/// without pixels and without the image's SOP Class and Instance UIDs (so that nothing indexing the
/// store takes it for the image) (`outputPath`, its folder created; written beside it and renamed).
/// Throws DicomError naming the file and the reason.
void writeIdentityRecord(const std::string& originalPath, const std::string& outputPath);

/// The original UID that `replacement` replaced; nothing when the forwarding did not make it.
using UidLookup = std::function<std::optional<std::string>(const std::string& replacement)>;

struct ReidOutcome {
    std::string outputPath;
    std::string sopInstanceUid;  ///< the answer's own (kept)
    std::string sopClassUid;
    std::string studyInstanceUid;  ///< the original study's
    int uidsRestored = 0;          ///< values that are the original UIDs again
    int valuesRestored = 0;        ///< identity attributes set from the record, and pseudonyms in the content
};

/// Re-identifies the answer `inputPath` with the identity record `identityRecordPath`, the pseudonym
/// Patient ID the copy carried (`pseudonymId`, as Deidentifier made it: its values in the answer's
/// content, and the Patient's Name that goes with it, become the original's) and the UIDs of
/// `originalUid` into `outputPath` (a new meta header, a zero preamble; its folder created; written
/// beside it and renamed over it). The answer's own SOP Instance UID stays, whatever the lookup
/// says. Throws DicomError naming the file and the reason: not DICOM, damaged, not about a study the
/// lookup knows (its Study Instance UID is not a replacement), or CannotWrite.
ReidOutcome reidentifyFile(const std::string& inputPath, const std::string& identityRecordPath,
                           const std::string& pseudonymId, const UidLookup& originalUid, const std::string& outputPath);

}  // namespace pulmo::deid
