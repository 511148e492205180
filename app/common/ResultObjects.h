#pragma once
// One analysis becomes its two results objects (issue 16): the AI SR and the heatmap SC, written
// the same way by pulmo-cli results, the workstation and (later) the node. The values come from
// the model's identity and card and the prediction exactly as `infer` reports them.

#include "InferenceBackend.h"
#include "dicom/DecodedImage.h"
#include "results/AiResult.h"
#include "results/AiResultSr.h"

#include <string>

namespace pulmo::app {

/// The result's values: the card's name, version, clinical use, threshold; the model's SHA-256;
/// P(positive label) as the prediction holds it; Present/Absent/Indeterminate from its label;
/// this Pulmo's version; now (UTC). Throws std::runtime_error when the card has no positive label.
results::AiResult aiResultOf(const inference::ModelIdentity& model, const inference::Prediction& prediction);

/// Where one analysis' objects were written.
struct WrittenResult {
    std::string reportPath;    ///< the SR
    std::string capturePath;   ///< the SC
    results::AiResult result;  ///< what the objects say
    results::ResultObjectUids uids;
    std::string studyInstanceUid;      ///< the radiograph's
    std::string sourceSopInstanceUid;  ///< the radiograph's
};

/// The file names of an analysis' objects in `folder`: SOURCE_SOP_UID-sr.dcm and -sc.dcm.
std::string reportFileName(const std::string& sourceSopInstanceUid);
std::string captureFileName(const std::string& sourceSopInstanceUid);

/// Writes the SR and the SC of `prediction` on `image` (read from `sourcePath`) into `folder`.
/// Throws dicom::DicomError (an object that cannot be written, naming the file) or
/// std::runtime_error (a prediction without a map). Needs a QGuiApplication (the SC's banner).
WrittenResult writeResultObjects(const std::string& sourcePath, const dicom::DecodedImage& image,
                                 const inference::Prediction& prediction, const inference::ModelIdentity& model,
                                 const std::string& folder);

}  // namespace pulmo::app
