#pragma once
// Private to the study index: how one file's header becomes rows of patients, studies, series and
// instances, and how files leave the index.

#include "dicom/ImageInfo.h"
#include "index/SkipReason.h"
#include "index/SqliteStatement.h"

#include <QSet>
#include <QString>

namespace pulmo::index::detail {

/// Patient ID, a backslash (which no LO value may hold) and 16 hex digits of the SHA-1 of the
/// case-folded name without its padding and trailing empty components ("DOE^JOHN^^" is
/// "doe^john"). Two files are the same patient when both the ID and the name agree that way.
QString patientKeyFor(const QString& patientId, const QString& patientName);

/// The statements that write one indexing run's results, in the caller's transaction. A run writes
/// each patient, study and series once, from the first of its files that it reads.
class IndexWriter {
public:
    /// Prepares the statements on `db`, which must outlive the writer; throws std::runtime_error.
    IndexWriter(sqlite3* db, const QString& databasePath);

    void image(const QString& filePath, qint64 size, qint64 modifiedMs, const dicom::ImageInfo& info);
    /// A document of a study (a structured report, ...): its own row and the SOP Instance UIDs it
    /// references. No patient, study or series rows: those are of images.
    void document(const QString& filePath, qint64 size, qint64 modifiedMs, const dicom::ImageInfo& info);
    /// Remembers a file that is not an image, so that it is not read again while unchanged.
    void skipped(const QString& filePath, qint64 size, qint64 modifiedMs, const SkipReason& reason);
    void forgetInstance(const QString& filePath);
    void forgetDocument(const QString& filePath);
    void forgetSkipped(const QString& filePath);

private:
    /// The patient and study rows of a file, once per run; returns the study UID.
    QString patientAndStudy(const dicom::ImageInfo& info);

    Statement m_upsertPatient;
    Statement m_upsertStudy;
    Statement m_upsertSeries;
    Statement m_upsertInstance;
    Statement m_upsertSkipped;
    Statement m_upsertDocument;
    Statement m_deleteReferences;
    Statement m_insertReference;
    Statement m_deleteInstance;
    Statement m_deleteDocument;
    Statement m_deleteSkipped;
    QSet<QString> m_writtenPatients;
    QSet<QString> m_writtenStudies;
    QSet<QString> m_writtenSeries;
};

}  // namespace pulmo::index::detail
