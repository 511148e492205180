#pragma once
// The AI's answer about one radiograph as the results objects carry it (issue 16): the values the
// TID 1500 Structured Report, the heatmap Secondary Capture and the reader's verified report are
// built from, and what is read back from a Pulmo SR found in a study. Plain values, no DCMTK: the
// objects are written and read in viewer/results/*.cpp (dcmsr, its TID 1500 classes, dcmdata).

#include <optional>
#include <string>

namespace pulmo::results {

/// The qualitative evaluation of Pneumonia: Present SCT 52101004 (label PNEUMONIA), Absent SCT
/// 272519000 (NORMAL), Indeterminate SCT 82334004 (confidence below the card's threshold).
enum class Finding { Present, Absent, Indeterminate };

/// "present" / "absent" / "indeterminate" (JSON, settings); nullopt for anything else.
const char* toString(Finding finding);
std::optional<Finding> findingFromString(const std::string& text);
/// The finding for a label as `infer` reports it: PNEUMONIA, NORMAL or INDETERMINATE (the card's
/// positive label is Present, any other class Absent); nullopt for an empty label.
std::optional<Finding> findingForLabel(const std::string& label, const std::string& positiveLabel);

/// Which model said it: the model card's name and version, the model file's SHA-256.
struct Algorithm {
    std::string name;          ///< card "name"
    std::string version;       ///< card "version" (may be empty)
    std::string sha256;        ///< 64 lower-case hex digits
    bool clinicalUse = false;  ///< card "clinical_use"; false: "not for clinical use" in the objects
    double threshold = 0.70;   ///< card "threshold": below it the answer is Indeterminate
    std::string intendedUse;   ///< card "intended_use", may be empty

    /// The version as TID 4019 names it: "VERSION (sha256:FIRST12)", or "sha256:FIRST12" without a version.
    std::string versionWithHash() const;
};

/// The software that made the objects (Contributing Equipment, the SC's banner).
struct Producer {
    std::string manufacturer = "Pulmo";
    std::string softwareVersion;  ///< Pulmo's version, e.g. "0.1.0"
    std::string institutionName;  ///< optional
    std::string stationName;      ///< optional, e.g. the host name
};

/// One analysis of one radiograph.
struct AiResult {
    Algorithm algorithm;
    Producer producer;
    double probability = 0.0;  ///< P(pneumonia), 0..1, exactly the probability `infer` reports
    Finding finding = Finding::Indeterminate;
    std::string contentDateTime;  ///< YYYYMMDDHHMMSS (UTC) of the analysis; empty: now
};

/// A reader's sign-off of an AI result (issue 16 item 3): a new SR, Verification Flag VERIFIED,
/// the reader as Verifying Observer, the reader's finding, the AI SR as its predecessor.
struct ReaderVerification {
    std::string observerName;          ///< the reader as a DICOM PN, "Family^Given" (UTF-8)
    std::string observerOrganisation;  ///< Verifying Organization (Type 1 in the module)
    std::string dateTime;              ///< YYYYMMDDHHMMSS of the verdict (UTC)
    Finding readerFinding = Finding::Indeterminate;
    std::string verdictId;  ///< the feedback database's verdict id: one verified SR per verdict
    /// The AI SR this one supersedes (Predecessor Documents Sequence).
    std::string predecessorSeriesUid;
    std::string predecessorSopInstanceUid;
};

/// What a Pulmo SR found in a study says (readAiResultSr, viewer/results/AiResultSr.h).
struct StoredResult {
    std::string filePath;
    std::string studyInstanceUid;
    std::string seriesInstanceUid;
    std::string sopInstanceUid;
    std::string sourceSopInstanceUid;  ///< the radiograph the result is about
    std::string sourceSopClassUid;
    AiResult result;        ///< algorithm name/version/sha256, probability, finding, date
    bool verified = false;  ///< a reader's sign-off (then `reader` holds the verification)
    ReaderVerification reader;
};

}  // namespace pulmo::results
