#pragma once
// De-identification by the DICOM Basic Application Level Confidentiality Profile (PS3.15 E.3) and its
// options, with the rules generated from the standard's Table E.1-1 at build time (DeidRules.h).
// Identity is replaced by keyed values: UIDs and patient pseudonyms are HMAC-SHA-256 under the
// installation's key, so the same input always gives the same output and references between the
// exported objects still resolve, while nobody without the key can map them back.
// DCMTK and OpenSSL stay inside the .cpp files.

#include "deid/DeidOptions.h"
#include "dicom/DicomError.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pulmo::deid {

/// What was done to one file, for the JSON line and the audit (no identity in it).
struct DeidCounts {
    int removed = 0;         ///< X (and overlays, curves, private attributes)
    int emptied = 0;         ///< Z
    int dummied = 0;         ///< D
    int uidsReplaced = 0;    ///< U, and instance UIDs outside the table
    int datesShifted = 0;    ///< values shifted by the patient's offset
    int cleaned = 0;         ///< C: values kept with the object's identifiers scrubbed
    int privateRemoved = 0;  ///< private attributes (creators included) removed
    int privateKept = 0;     ///< private attributes kept by the Retain Safe Private Option
    int overlayGroups = 0;   ///< overlay planes (60xx) removed
    int curveGroups = 0;     ///< curves (50xx) removed
};

/// Why an image may show identity in its pixels.
enum class BurnedInRisk {
    None,
    SaysYes,           ///< Burned In Annotation (0028,0301) is YES
    SecondaryCapture,  ///< a secondary capture that does not say
    ScannedFilm,       ///< a digitised film or scanned document (Conversion Type DF, SD, SI) that does not say
};

struct DeidOutcome {
    enum class Status { Written, Refused, Failed };
    Status status = Status::Failed;
    BurnedInRisk refusal = BurnedInRisk::None;  ///< Status::Refused: why
    /// Status::Failed for a reason of the DICOM layer: the error itself, for the GUI's wording in the
    /// reader's language (ErrorText).
    std::optional<dicom::DicomError> error;
    std::string inputPath;
    std::string outputPath;  ///< written file (Status::Written)
    /// Refused: why the image may carry burned-in identity; Failed: "FILE: reason".
    std::string reason;
    bool notDicom = false;               ///< Failed because the input is not a DICOM file at all
    std::string originalSopInstanceUid;  ///< for the local audit trail: which image left
    std::string patientPseudonym;        ///< the new Patient ID
    std::string studyInstanceUid;        ///< new UIDs (original ones with the Retain UIDs Option)
    std::string seriesInstanceUid;
    std::string sopInstanceUid;
    std::string sopClassUid;
    DeidCounts counts;
    /// Every UID replaced in the object, original -> replacement: what a node that forwards the copy
    /// keeps (locally) to map the answers it gets back to the original study. Never written out.
    std::map<std::string, std::string> uidMap;
};

class Deidentifier {
public:
    /// `key`: the installation's de-identification key (at least 16 bytes; FeedbackStore::derivedKey).
    /// Throws std::invalid_argument for a short key or options that conflict.
    Deidentifier(std::string key, DeidOptions options);

    /// De-identifies one file into `outputFolder` as "<new SOP Instance UID>.dcm" (a name that carries
    /// no identity), written to a temporary name first and renamed. Never throws for a bad input: the
    /// outcome is Failed with the file and the reason. Refused (nothing written) for an image that may
    /// carry burned-in text, unless the options allow it. Thread-safe (const).
    DeidOutcome deidentifyFile(const std::string& inputPath, const std::string& outputFolder) const;
    /// The same, written as `outputPath` (its folder created): for callers that name files themselves.
    DeidOutcome deidentifyFileAs(const std::string& inputPath, const std::string& outputPath) const;

    /// The UID that replaces `uid` ("2.25." + a keyed UUID); `uid` itself with the Retain UIDs Option.
    std::string replacementUid(const std::string& uid) const;
    /// The pseudonym that replaces a patient's ID: "PULMO-" + 16 hex digits, keyed. The Patient's Name
    /// becomes the same digits as a person name, "PULMO^" + the digits.
    /// Keyed by the Patient ID alone: modalities that fill Issuer of Patient ID and others that leave
    /// it empty must not split one patient in two.
    std::string patientPseudonym(const std::string& patientId) const;
    /// The days by which this patient's dates move back under the Modified Dates Option (1…3650).
    int dateOffsetDays(const std::string& patientId) const;

    const DeidOptions& options() const { return m_options; }
    /// The De-identification Method text (0012,0063), one value per line of the profile and options.
    std::vector<std::string> methodText() const;
    /// The De-identification Method Code Sequence's codes (CID 7050): (code value, code meaning).
    std::vector<std::pair<std::string, std::string>> methodCodes() const;

private:
    DeidOutcome deidentify(const std::string& inputPath, const std::string& outputFolder,
                           const std::string& outputPath) const;
    std::string hmac(const std::string& message) const;

    std::string m_key;
    DeidOptions m_options;
};

/// The Patient's Name that goes with a pseudonym Patient ID: "PULMO-1A2B..." gives "PULMO^1A2B...".
std::string pseudonymName(const std::string& pseudonymId);

/// One row of PS3.15 Table E.1-1 as Pulmo applies it, for `pulmo-cli deidentify --rules`.
struct RuleDescription {
    std::string tag;  ///< "(0010,0010)", "(50xx,xxxx)", "(gggg,eeee) odd group"
    std::string name;
    std::string basic;   ///< the table's Basic Profile action
    std::string action;  ///< what Pulmo does under the options, at the top level of `sopClassUid`'s IOD:
                         ///< remove, empty, dummy, replace UIDs, keep, clean, pseudonym, shift, or
                         ///< "as present" (an IOD Pulmo has no table for: the attribute keeps its presence)
};
std::vector<RuleDescription> describeRules(const DeidOptions& options, const std::string& sopClassUid);

/// Whether an image may carry burned-in identity: Burned In Annotation (0028,0301) YES, or absent on a
/// secondary capture (SOP classes 1.2.840.10008.5.1.4.1.1.7…) or on a digitised film or scanned
/// document (Conversion Type DF, SD, SI).
BurnedInRisk burnedInRisk(const std::string& sopClassUid, const std::string& burnedInAnnotation,
                          const std::string& conversionType);
/// The risk in English, for the CLI and the audit ("Burned In Annotation is YES: ...").
std::string burnedInText(BurnedInRisk risk, const std::string& conversionType = {});

}  // namespace pulmo::deid
