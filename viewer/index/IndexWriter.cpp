#include "index/IndexWriter.h"

#include "index/HeaderReader.h"

#include <QCryptographicHash>

#include <algorithm>

namespace pulmo::index::detail {

QString patientKeyFor(const QString& patientId, const QString& patientName)
{
    QString name = patientName.trimmed();
    while (name.endsWith(QLatin1Char('^')) || name.endsWith(QLatin1Char(' '))) name.chop(1);
    const QByteArray hash = QCryptographicHash::hash(name.toCaseFolded().toUtf8(), QCryptographicHash::Sha1);
    return patientId + QLatin1Char('\\') + QString::fromLatin1(hash.toHex().left(16));
}

IndexWriter::IndexWriter(sqlite3* db, const QString& databasePath)
    : m_upsertPatient(
          db, databasePath,
          QStringLiteral(
              "INSERT INTO patients (patient_key, patient_id, patient_name, id_folded, name_folded, birth_date, sex) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (patient_key) DO UPDATE SET "
              "patient_id = excluded.patient_id, patient_name = excluded.patient_name, "
              "id_folded = excluded.id_folded, name_folded = excluded.name_folded, "
              "birth_date = coalesce(nullif(excluded.birth_date, ''), birth_date), "
              "sex = coalesce(nullif(excluded.sex, ''), sex)")),
      // A study met under another patient moves there; an empty value never erases a known one.
      m_upsertStudy(
          db, databasePath,
          QStringLiteral("INSERT INTO studies (study_uid, patient_key, study_date, study_time, description, accession) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (study_uid) DO UPDATE SET "
                         "patient_key = excluded.patient_key, "
                         "study_date = coalesce(nullif(excluded.study_date, ''), study_date), "
                         "study_time = coalesce(nullif(excluded.study_time, ''), study_time), "
                         "description = coalesce(nullif(excluded.description, ''), description), "
                         "accession = coalesce(nullif(excluded.accession, ''), accession)")),
      m_upsertSeries(
          db, databasePath,
          QStringLiteral("INSERT INTO series (series_uid, study_uid, series_number, description, modality, body_part) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (series_uid) DO UPDATE SET "
                         "study_uid = excluded.study_uid, "
                         "series_number = coalesce(nullif(excluded.series_number, ''), series_number), "
                         "description = coalesce(nullif(excluded.description, ''), description), "
                         "modality = coalesce(nullif(excluded.modality, ''), modality), "
                         "body_part = coalesce(nullif(excluded.body_part, ''), body_part)")),
      m_upsertInstance(
          db, databasePath,
          QStringLiteral(
              "INSERT OR REPLACE INTO instances (file_path, series_uid, sop_uid, sop_class_uid, instance_number, "
              "row_count, column_count, frames, file_size, modified_ms, ai_capture) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")),
      m_upsertSkipped(db, databasePath,
                      QStringLiteral("INSERT OR REPLACE INTO skipped_files (file_path, reason, file_size, modified_ms, "
                                     "reason_code, reason_arguments) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")),
      m_upsertDocument(db, databasePath,
                       QStringLiteral("INSERT OR REPLACE INTO documents (file_path, study_uid, series_uid, sop_uid, "
                                      "sop_class_uid, modality, series_number, series_description, manufacturer, "
                                      "content_date, content_time, file_size, modified_ms) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")),
      m_deleteReferences(db, databasePath, QStringLiteral("DELETE FROM document_references WHERE file_path = ?1")),
      m_insertReference(db, databasePath,
                        QStringLiteral("INSERT OR IGNORE INTO document_references (file_path, referenced_sop_uid) "
                                       "VALUES (?1, ?2)")),
      m_deleteInstance(db, databasePath, QStringLiteral("DELETE FROM instances WHERE file_path = ?1")),
      m_deleteDocument(db, databasePath, QStringLiteral("DELETE FROM documents WHERE file_path = ?1")),
      m_deleteSkipped(db, databasePath, QStringLiteral("DELETE FROM skipped_files WHERE file_path = ?1"))
{
}

QString IndexWriter::patientAndStudy(const dicom::ImageInfo& info)
{
    const QString patientId = fromDicom(info.patientId);
    const QString patientName = fromDicom(info.patientName);
    const QString patientKey = patientKeyFor(patientId, patientName);
    const QString studyUid = fromDicom(info.studyInstanceUid);
    if (!m_writtenPatients.contains(patientKey)) {
        m_upsertPatient.bind(1, patientKey)
            .bind(2, patientId)
            .bind(3, patientName)
            .bind(4, patientId.toCaseFolded())
            .bind(5, patientName.toCaseFolded())
            .bind(6, fromDicom(info.patientBirthDate))
            .bind(7, fromDicom(info.patientSex))
            .execute();
        m_writtenPatients.insert(patientKey);
    }
    if (!m_writtenStudies.contains(studyUid)) {
        m_upsertStudy.bind(1, studyUid)
            .bind(2, patientKey)
            .bind(3, fromDicom(info.studyDate))
            .bind(4, fromDicom(info.studyTime))
            .bind(5, fromDicom(info.studyDescription))
            .bind(6, fromDicom(info.accessionNumber))
            .execute();
        m_writtenStudies.insert(studyUid);
    }
    return studyUid;
}

void IndexWriter::image(const QString& filePath, qint64 size, qint64 modifiedMs, const dicom::ImageInfo& info)
{
    const QString studyUid = patientAndStudy(info);
    const QString seriesUid = fromDicom(info.seriesInstanceUid);
    if (!m_writtenSeries.contains(seriesUid)) {
        m_upsertSeries.bind(1, seriesUid)
            .bind(2, studyUid)
            .bind(3, fromDicom(info.seriesNumber))
            .bind(4, fromDicom(info.seriesDescription))
            .bind(5, fromDicom(info.modality))
            .bind(6, fromDicom(info.bodyPartExamined))
            .execute();
        m_writtenSeries.insert(seriesUid);
    }
    m_upsertInstance.bind(1, filePath)
        .bind(2, seriesUid)
        .bind(3, fromDicom(info.sopInstanceUid))
        .bind(4, fromDicom(info.sopClassUid))
        .bind(5, fromDicom(info.instanceNumber).toInt())
        .bind(6, info.rows)
        .bind(7, info.columns)
        .bind(8, std::max(1, info.frames))
        .bind(9, size)
        .bind(10, modifiedMs)
        .bind(11, info.isAiResultCapture() ? 1 : 0)
        .execute();
}

void IndexWriter::document(const QString& filePath, qint64 size, qint64 modifiedMs, const dicom::ImageInfo& info)
{
    // No patient, study or series rows: the index lists studies with images, and a report that
    // arrives before its images waits here until they come (documents() asks by study UID).
    const QString studyUid = fromDicom(info.studyInstanceUid);
    // Who made it: Pulmo when either its General Equipment or its Contributing Equipment says so
    // (DocumentRecord::isPulmoReport), else whichever is there.
    QString manufacturer = fromDicom(info.manufacturer);
    const QString contributing = fromDicom(info.contributingManufacturer);
    if (manufacturer.isEmpty() || contributing == QLatin1String("Pulmo")) manufacturer = contributing;
    m_upsertDocument.bind(1, filePath)
        .bind(2, studyUid)
        .bind(3, fromDicom(info.seriesInstanceUid))
        .bind(4, fromDicom(info.sopInstanceUid))
        .bind(5, fromDicom(info.sopClassUid))
        .bind(6, fromDicom(info.modality))
        .bind(7, fromDicom(info.seriesNumber))
        .bind(8, fromDicom(info.seriesDescription))
        .bind(9, manufacturer)
        .bind(10, fromDicom(info.contentDate))
        .bind(11, fromDicom(info.contentTime))
        .bind(12, size)
        .bind(13, modifiedMs)
        .execute();
    m_deleteReferences.bind(1, filePath).execute();
    for (const std::string& uid : info.evidenceSopInstanceUids)
        m_insertReference.bind(1, filePath).bind(2, fromDicom(uid)).execute();
}

void IndexWriter::skipped(const QString& filePath, qint64 size, qint64 modifiedMs, const SkipReason& reason)
{
    m_upsertSkipped.bind(1, filePath)
        .bind(2, reason.text)
        .bind(3, size)
        .bind(4, modifiedMs)
        .bind(5, reason.code())
        .bind(6, reason.storedArguments())
        .execute();
}

void IndexWriter::forgetInstance(const QString& filePath)
{
    m_deleteInstance.bind(1, filePath).execute();
}

void IndexWriter::forgetDocument(const QString& filePath)
{
    m_deleteDocument.bind(1, filePath).execute();
    m_deleteReferences.bind(1, filePath).execute();
}

void IndexWriter::forgetSkipped(const QString& filePath)
{
    m_deleteSkipped.bind(1, filePath).execute();
}

}  // namespace pulmo::index::detail
