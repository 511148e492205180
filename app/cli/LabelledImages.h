#pragma once
// Labelled images for `train` and `evaluate`, in either of the two layouts Pulmo writes:
//
//  * sidecars: DICOM files each with a JSON sidecar of the same base name (what `pulmo-cli
//    phantom` writes): "label", "patient_id", optional "lesions" [[x0, y0, x1, y1], ...] in pixels
//    (corners inclusive) and "synthetic".
//  * ImageFolder: <split>/<LABEL>/<image> with split train, val (or validation) and test, images
//    PNG/JPEG or DICOM (what a feedback export writes); the export's manifest.csv ("file",
//    "patient_key") or a sidecar beside an image gives its patient, else the file's base name
//    stands for the patient. For `evaluate`, a folder of <LABEL>/<image> (one split) reads the
//    same way.

#include "Evaluation.h"
#include "InferenceBackend.h"

#include "CsvWriter.h"

#include <QFile>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace pulmo::cli {

struct LabelledImage {
    QString file;
    QString patientId;
    QString label;
    inference::DataSplit split = inference::DataSplit::Unassigned;
    std::vector<inference::PixelBox> lesions;
    bool synthetic = false;
};

struct LabelledImageSet {
    QString layout;                     ///< "sidecars", "imagefolder" or "class-folders"
    std::vector<LabelledImage> images;  ///< sorted by file path
    int unlabelled = 0;                 ///< sidecar layout: files passed over for want of a sidecar
};

/// A two-class model's labels, for `evaluate` and `golden`; throws std::runtime_error naming
/// `command` for a card with another number of labels.
struct BinaryLabels {
    int positive = 1;  ///< the positive label's index
    QString positiveLabel;
    QString negativeLabel;
};
BinaryLabels binaryLabels(const inference::ModelCard& card, const char* command);

/// The per-image CSV of `evaluate --predictions` and `golden --predictions`: opened (truncated)
/// with its header when `path` is not empty, a no-op otherwise. Throws std::runtime_error naming
/// the file when it cannot be written.
class PredictionsCsv {
public:
    PredictionsCsv(const QString& path, const QStringList& header);
    void write(const QStringList& row);
    /// Flushes; throws as the constructor.
    void finish();

private:
    QString m_path;
    QFile m_file;
    std::optional<feedback::CsvWriter> m_csv;
};

/// Reads the layout found under `folder`. Throws std::runtime_error naming the file at fault (a DICOM
/// file without a sidecar, a sidecar without a label, a malformed lesion box) or when nothing
/// labelled is there.
LabelledImageSet readLabelledImages(const QString& folder);

/// The model's input image of a file: DICOM through the display pipeline (as `infer` and the
/// viewer see it), PNG/JPEG/BMP/TIFF through Qt, colour reduced to luma (ITU-R BT.601). Throws
/// std::runtime_error (or dicom::DicomError) naming the file.
inference::GrayImage loadModelImage(const QString& file);

}  // namespace pulmo::cli
