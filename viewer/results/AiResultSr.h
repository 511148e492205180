#pragma once
// The AI result as a DICOM Structured Report (issue 16 items 1 and 3): a Comprehensive 3D SR
// whose root is TID 1500 "Measurement Report", following IHE AI Results, built with DCMTK's dcmsr
// and its TID 1500 classes (dcmtk/dcmsr/cmr/tid1500.h), extended the way dcmqi does where they
// lack something. And the reader back: what a Pulmo SR found in a study says.

#include "results/AiResult.h"

#include <optional>
#include <string>

namespace pulmo::results {

/// The objects' identifiers for one (radiograph, model): resultUid() of each kind.
struct ResultObjectUids {
    std::string reportSeries, report;    ///< the AI SR
    std::string captureSeries, capture;  ///< the heatmap SC (the SR refers to it)
};
ResultObjectUids resultObjectUids(const std::string& sourceSopInstanceUid, const std::string& modelSha256);

/// Writes the AI SR about the radiograph `sourcePath` (its patient, study, the Image Library entry,
/// the Current Requested Procedure Evidence) to `outputPath`, referring to the SC of the same
/// result (resultObjectUids; the SC need not exist yet). Completion PARTIAL, Verification
/// UNVERIFIED. Throws dicom::DicomError naming the file and the reason (unreadable source, a source
/// that is not an image, a probability outside 0..1, an empty model hash, an unwritable output).
/// Written to a temporary name and renamed: never a partial file. The probability is the NUM's
/// Floating Point Value (exact) beside its Decimal String (16 characters at most); the full SHA-256
/// is the Device Observer Serial Number and the Contributing Equipment's Device Serial Number.
/// Character set: the radiograph's own when all text fits it, else ISO_IR 192 (none when ASCII).
void writeAiResultSr(const std::string& sourcePath, const AiResult& result, const std::string& outputPath);

/// Writes the reader's verified SR: the AI SR's content with the reader's finding, Verification
/// Flag VERIFIED, the reader as Verifying Observer, the AI SR in the Predecessor Documents
/// Sequence. Its UIDs are resultUid(VerifiedReport*, verdictId). Completion COMPLETE: the reader's
/// sign-off is the finished report (and DCMTK verifies only complete documents).
/// Empty predecessor UIDs in `reader` mean the AI SR of resultObjectUids(). Throws dicom::DicomError.
void writeVerifiedSr(const std::string& sourcePath, const AiResult& result, const ReaderVerification& reader,
                     const std::string& outputPath);

/// Whether `path` is a Pulmo AI result SR (its Contributing Equipment or template says so), and
/// what it says; nullopt for any other DICOM file (an image, another SR). Throws dicom::DicomError
/// for a file that cannot be read as DICOM at all.
std::optional<StoredResult> readAiResultSr(const std::string& path);

}  // namespace pulmo::results
