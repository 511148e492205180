#pragma once
// The retraining export: the reviewed images as an ImageFolder tree that torchvision reads
// unchanged (DIR/{train,val,test}/{NORMAL,PNEUMONIA}/*.png), split by patient (never by image,
// deterministic for a seed), with manifest.csv and a README. Nothing identifying is written in the
// clear: file names and the manifest carry keyed hashes only. The images themselves are rendered
// by the caller (the display pipeline lives in viewer/), through `render`.

#include "FeedbackStore.h"

#include <QImage>
#include <QString>

#include <functional>

namespace pulmo::feedback {

struct ExportOptions {
    int trainPercent = 70;
    int validationPercent = 15;
    int testPercent = 15;
    quint64 seed = 1;
};

struct ExportReport {
    int exported = 0;
    int leftOut = 0;       ///< "not assessable", or images that could not be rendered
    QStringList problems;  ///< why images could not be rendered, in the renderer's words
    /// A split with images of one class only, and the class it lacks: torchvision's ImageFolder
    /// before 0.17 refuses such a split. Worded by the caller (the CLI in English, the window in
    /// the reader's language).
    struct SplitMissingAClass {
        QString split;
        QString missingLabel;
    };
    QList<SplitMissingAClass> splitsMissingAClass;
    int patients[3] = {0, 0, 0};  ///< train, val, test
};

class RetrainingExport {
public:
    /// Renders a reviewed image to 8-bit grayscale; a null image means it could not be read.
    using Renderer = std::function<QImage(const PredictionRecord& prediction, QString* error)>;
    /// Writes a reviewed image as `pathWithoutSuffix` + its own suffix (".dcm" for de-identified
    /// DICOM) and returns that suffix, or an empty string with `error` set when it could not.
    using FileWriter =
        std::function<QString(const PredictionRecord& prediction, const QString& pathWithoutSuffix, QString* error)>;
    using Progress = std::function<void(int done, int total)>;

    RetrainingExport(FeedbackDatabase& database, FeedbackStore& store) : m_database(database), m_store(store) {}

    /// Writes the tree into `folder` (created; must be empty or absent). Audits the export. Throws
    /// std::runtime_error naming the folder when it cannot be written.
    ExportReport write(const QString& folder, const ExportOptions& options, const Renderer& render,
                       const Progress& progress = {}, const QString& reader = FeedbackStore::defaultReader());
    /// The same tree with each image written by `writeFile` (de-identified DICOM: `format` "dicom"
    /// goes into the README and the audit).
    ExportReport write(const QString& folder, const ExportOptions& options, const FileWriter& writeFile,
                       const QString& format, const Progress& progress = {},
                       const QString& reader = FeedbackStore::defaultReader());

    /// Patient keys -> "train", "val" or "test": shuffled with the seed, cut by patient counts.
    static QMap<QString, QString> splitPatients(QStringList patientKeys, const ExportOptions& options);

private:
    FeedbackDatabase& m_database;
    FeedbackStore& m_store;
};

}  // namespace pulmo::feedback
