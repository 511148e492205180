#include "index/StudyIndex.h"

#include "index/HeaderReader.h"
#include "index/IndexLogging.h"
#include "index/IndexWriter.h"
#include "index/SqliteStatement.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>

#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>

namespace pulmo::index {
namespace {

using detail::CorruptDatabase;
using detail::fromDicom;
using detail::HeaderRead;
using detail::readHeaders;
using detail::Statement;
using detail::throwSqlite;

// One image is one SOP Instance UID (copies at several paths count once); a file without one is
// its own image. A string literal for the SQL below, where the instances table is `i`.
#define PULMO_SOP_KEY "coalesce(nullif(i.sop_uid, ''), i.file_path)"

// The schema of this build. Any other version on disk is dropped and rebuilt: the index is a cache.
// 2: text decoded by each file's Specific Character Set (version 1 guessed UTF-8 or Latin-1);
// 3: skipped files keep their reason's kind and parameters;
// 4: truncated and damaged DICOM files are kept apart from files that are not DICOM;
// 5: documents (structured reports, ...) and what they reference; Pulmo heatmap captures flagged.
constexpr int kSchemaVersion = 5;
// Files written per transaction: one commit (and WAL sync) per batch instead of per file.
constexpr size_t kBatchSize = 200;

// Keys are the natural ones (UIDs, the patient key, the file path): the GUI asks by them, and a
// re-read file updates its rows in place. No foreign keys: indexFolders() prunes what is left empty.
const char* const kSchema = R"sql(
    CREATE TABLE patients (
        patient_key  TEXT PRIMARY KEY,
        patient_id   TEXT NOT NULL,
        patient_name TEXT NOT NULL,
        id_folded    TEXT NOT NULL,
        name_folded  TEXT NOT NULL,
        birth_date   TEXT NOT NULL,
        sex          TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE studies (
        study_uid    TEXT PRIMARY KEY,
        patient_key  TEXT NOT NULL,
        study_date   TEXT NOT NULL,
        study_time   TEXT NOT NULL,
        description  TEXT NOT NULL,
        accession    TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX studies_by_patient ON studies(patient_key);
    CREATE TABLE series (
        series_uid    TEXT PRIMARY KEY,
        study_uid     TEXT NOT NULL,
        series_number TEXT NOT NULL,
        description   TEXT NOT NULL,
        modality      TEXT NOT NULL,
        body_part     TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX series_by_study ON series(study_uid);
    CREATE TABLE instances (
        file_path       TEXT PRIMARY KEY,
        series_uid      TEXT NOT NULL,
        sop_uid         TEXT NOT NULL,
        sop_class_uid   TEXT NOT NULL,
        instance_number INTEGER NOT NULL,
        row_count       INTEGER NOT NULL,
        column_count    INTEGER NOT NULL,
        frames          INTEGER NOT NULL,
        file_size       INTEGER NOT NULL,
        modified_ms     INTEGER NOT NULL,
        ai_capture      INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    CREATE INDEX instances_by_series ON instances(series_uid);
    CREATE INDEX instances_by_sop ON instances(sop_uid);
    -- Instances without pixels that belong to a study: structured reports, key objects, ...
    CREATE TABLE documents (
        file_path          TEXT PRIMARY KEY,
        study_uid          TEXT NOT NULL,
        series_uid         TEXT NOT NULL,
        sop_uid            TEXT NOT NULL,
        sop_class_uid      TEXT NOT NULL,
        modality           TEXT NOT NULL,
        series_number      TEXT NOT NULL,
        series_description TEXT NOT NULL,
        manufacturer       TEXT NOT NULL,
        content_date       TEXT NOT NULL,
        content_time       TEXT NOT NULL,
        file_size          INTEGER NOT NULL,
        modified_ms        INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX documents_by_study ON documents(study_uid);
    -- The Current Requested Procedure Evidence of each document, flattened: which images it is about.
    CREATE TABLE document_references (
        file_path          TEXT NOT NULL,
        referenced_sop_uid TEXT NOT NULL,
        PRIMARY KEY (file_path, referenced_sop_uid)
    ) WITHOUT ROWID;
    CREATE INDEX document_references_by_sop ON document_references(referenced_sop_uid);
    -- Files that are not DICOM images, remembered with their size and time so that a re-index
    -- does not read them again either.
    CREATE TABLE skipped_files (
        file_path   TEXT PRIMARY KEY,
        reason      TEXT NOT NULL,
        file_size   INTEGER NOT NULL,
        modified_ms INTEGER NOT NULL,
        reason_code      TEXT NOT NULL DEFAULT '',
        reason_arguments TEXT NOT NULL DEFAULT ''
    ) WITHOUT ROWID;
)sql";

/// A user's text as a LIKE pattern (ESCAPE '\') over case-folded text that matches wherever it
/// occurs ("contains"): '*' and '?' are DICOM's wildcards, and LIKE's own '%', '_' and the escape
/// character match only themselves.
QString likePattern(const QString& text)
{
    QString pattern = QStringLiteral("%");
    for (const QChar c : text.trimmed().toCaseFolded()) {
        if (c == QLatin1Char('*'))
            pattern += QLatin1Char('%');
        else if (c == QLatin1Char('?'))
            pattern += QLatin1Char('_');
        else if (c == QLatin1Char('%') || c == QLatin1Char('_') || c == QLatin1Char('\\'))
            pattern += QLatin1Char('\\') + QString(c);
        else
            pattern += c;
    }
    return pattern + QLatin1Char('%');
}

/// A person name as the reader types it, as a LIKE pattern: the DICOM form ("PHANTOM^CHEST 0001") and
/// the displayed one ("PHANTOM, CHEST 0001", displayPersonName) alike: the words in their order,
/// one space between them, to match against PULMO_SPACED_NAME.
QString namePattern(const QString& text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,^=]+"));
    QStringList words = text.split(separators, Qt::SkipEmptyParts);
    for (QString& word : words) word = likePattern(word).chopped(1).mid(1);
    return QLatin1Char('%') + words.join(QLatin1Char(' ')) + QLatin1Char('%');
}

// The patient's folded name (patients aliased `p`) with every run of separators ('^', ',', '=',
// spaces; up to eight in a row) as one space: "doe^^john" and "doe, john" are both "doe john".
#define PULMO_SPACED_NAME                                                                                    \
    "replace(replace(replace(replace(replace(replace(p.name_folded, '^', ' '), ',', ' '), '=', ' '), '  ', " \
    "' '), '  ', ' '), '  ', ' ')"

/// A date as YYYYMMDD: separators ("2024-01-31", "2024.01.31") dropped.
QString dicomDate(const QString& date)
{
    QString digits;
    for (const QChar c : date)
        if (c.isDigit()) digits += c;
    return digits;
}

/// Conditions on the studies table (aliased `s`) for the filter's date range and modality. A
/// modality filter may list several values separated by '\' or ','; a study matches when one of
/// its series has one of them.
void appendStudyConditions(const StudyFilter& filter, QString& sql, QStringList& parameters)
{
    const QString from = dicomDate(filter.dateFrom);
    const QString to = dicomDate(filter.dateTo);
    if (!from.isEmpty() || !to.isEmpty()) sql += QLatin1String(" AND s.study_date <> ''");
    if (!from.isEmpty()) {
        sql += QLatin1String(" AND s.study_date >= ?");
        parameters << from;
    }
    if (!to.isEmpty()) {
        sql += QLatin1String(" AND s.study_date <= ?");
        parameters << to;
    }
    QStringList modalities;
    for (const QString& part :
         QString(filter.modality).replace(QLatin1Char(','), QLatin1Char('\\')).split(QLatin1Char('\\')))
        if (!part.trimmed().isEmpty()) modalities << part.trimmed().toUpper();
    if (!modalities.isEmpty()) {
        QStringList marks;
        for (const QString& modality : modalities) {
            marks << QStringLiteral("?");
            parameters << modality;
        }
        sql += QLatin1String(
                   " AND EXISTS (SELECT 1 FROM series m WHERE m.study_uid = s.study_uid AND upper(m.modality) IN (") +
               marks.join(QLatin1Char(',')) + QLatin1String("))");
    }
}

/// Conditions on the patients table (aliased `p`) for the filter's name and ID.
void appendPatientConditions(const StudyFilter& filter, QString& sql, QStringList& parameters)
{
    if (!filter.patientName.trimmed().isEmpty()) {
        sql += QLatin1String(" AND " PULMO_SPACED_NAME " LIKE ? ESCAPE '\\'");
        parameters << namePattern(filter.patientName);
    }
    if (!filter.patientId.trimmed().isEmpty()) {
        sql += QLatin1String(" AND p.id_folded LIKE ? ESCAPE '\\'");
        parameters << likePattern(filter.patientId);
    }
}

/// A file found on disk, to be indexed or found unchanged.
struct Candidate {
    QString path;
    qint64 size = 0;
    qint64 modifiedMs = 0;
    bool missing = false;  ///< named by the caller but not there (or not a readable file/folder)
    QString missingReason;
    SkipReason missingCause;
};

/// Where the index keeps a file.
enum class Kept { Instance, Document, Skipped };

/// What the index knew about a file before this run.
struct KnownFile {
    qint64 size = -1;
    qint64 modifiedMs = -1;
    Kept kept = Kept::Instance;
    QString reason;
    SkipReason cause;
};

/// What is on disk under the folders and files of one run, and what the index knew about them.
struct Listing {
    std::vector<Candidate> candidates;  ///< each folder's files sorted by path
    QSet<QString> seen;
    QHash<QString, KnownFile> known;
    std::vector<QString> completeFolders;  ///< listed to the end: indexed files under them not seen are gone
};

/// The folder's path as SQLite compares it: "F/" and the first string after every "F/...": "F0".
std::pair<QString, QString> pathRange(const QString& folder)
{
    QString prefix = folder;
    if (!prefix.endsWith(QLatin1Char('/'))) prefix += QLatin1Char('/');
    QString end = prefix;
    end.back() = QLatin1Char('0');  // the character after '/'
    return {prefix, end};
}

/// An absolute path whose folder part is canonical (symbolic links and "..", resolved) but whose
/// file name is kept, so that a link inside a scanned folder stays under that folder.
QString normalisedFilePath(const QString& path)
{
    const QFileInfo info(path);
    const QString folder = QFileInfo(info.absolutePath()).canonicalFilePath();
    return folder.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : QDir(folder).filePath(info.fileName());
}

qint64 modifiedMs(const QFileInfo& info)
{
    return info.lastModified().toMSecsSinceEpoch();
}

/// What a StudyRecord is made of, for every query of studies (readStudies() reads the rows).
#define PULMO_STUDY_COLUMNS                                                                       \
    "SELECT s.study_uid, s.patient_key, s.study_date, s.study_time, s.description, s.accession, " \
    "(SELECT group_concat(modality, '\\') FROM (SELECT DISTINCT modality FROM series "            \
    "  WHERE study_uid = s.study_uid AND modality <> '' ORDER BY modality)), "                    \
    "(SELECT count(*) FROM series WHERE study_uid = s.study_uid), "                               \
    "(SELECT count(*) FROM (SELECT DISTINCT i.series_uid, " PULMO_SOP_KEY                         \
    " FROM series se "                                                                            \
    "  JOIN instances i ON i.series_uid = se.series_uid WHERE se.study_uid = s.study_uid "        \
    "  AND i.ai_capture = 0)), "                                                                  \
    "(SELECT count(*) FROM documents dc WHERE dc.study_uid = s.study_uid) "                       \
    "FROM studies s JOIN patients p ON p.patient_key = s.patient_key "

std::vector<StudyRecord> readStudies(Statement& query)
{
    std::vector<StudyRecord> result;
    while (query.next()) {
        StudyRecord record;
        record.studyInstanceUid = query.text(0);
        record.patientKey = query.text(1);
        record.studyDate = query.text(2);
        record.studyTime = query.text(3);
        record.studyDescription = query.text(4);
        record.accessionNumber = query.text(5);
        record.modalities = query.text(6);
        record.seriesCount = int(query.integer(7));
        record.instanceCount = int(query.integer(8));
        record.documentCount = int(query.integer(9));
        result.push_back(std::move(record));
    }
    return result;
}

}  // namespace

struct StudyIndex::Private {
    QString path;
    sqlite3* db = nullptr;

    ~Private() { close(); }

    void close()
    {
        sqlite3_close(db);  // every Statement is finalised by then: close succeeds
        db = nullptr;
    }

    void execute(const char* sql)
    {
        char* message = nullptr;
        if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
            sqlite3_free(message);
            throwSqlite(db, path, "cannot update the study index");
        }
    }

    int queryInt(const char* sql)
    {
        Statement statement(db, path, QString::fromLatin1(sql));
        return statement.next() ? int(statement.integer(0)) : 0;
    }

    /// Opens the file and checks it; throws CorruptDatabase when it is not a sound database.
    void open()
    {
        const QString folder = QFileInfo(path).absolutePath();
        QDir().mkpath(folder);  // a failure shows as the open error below
        const int opened = sqlite3_open_v2(QFile::encodeName(path).constData(), &db,
                                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
        if (opened != SQLITE_OK) {
            const std::string reason = db ? sqlite3_errmsg(db) : sqlite3_errstr(opened);
            close();
            throw IndexError(IndexError::Kind::CannotOpen, path.toStdString(),
                             path.toStdString() + ": cannot open the study index: " + reason, {reason});
        }
        sqlite3_busy_timeout(db, 5000);  // the UI reads while the indexer writes
        // The first statement reads the header: a file that is not SQLite fails here (NOTADB).
        execute("PRAGMA journal_mode=WAL");
        // A cache: losing the last transactions in a power cut costs a re-read, never data.
        execute("PRAGMA synchronous=NORMAL");
        {
            // Damaged pages inside an otherwise valid file. Linear in the size of the index:
            // measured 1.4 ms for 1,000 instances, 50 ms for 100,000.
            Statement check(db, path, QStringLiteral("PRAGMA quick_check(1)"));
            if (!check.next() || check.text(0) != QLatin1String("ok"))
                throw CorruptDatabase(path.toStdString(), path.toStdString() + ": the study index is damaged");
        }
        if (queryInt("PRAGMA user_version") != kSchemaVersion) rebuildSchema();
    }

    /// Drops whatever is there and creates this build's schema, unless another connection just did.
    void rebuildSchema()
    {
        execute("BEGIN IMMEDIATE");
        try {
            if (queryInt("PRAGMA user_version") != kSchemaVersion) {
                QStringList tables;
                {
                    Statement list(db, path,
                                   QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                                  "name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"));
                    while (list.next()) tables << list.text(0);
                }
                for (const QString& table : tables) {
                    QString name = table;
                    name.replace(QLatin1Char('"'), QLatin1String("\"\""));
                    execute(("DROP TABLE \"" + name + "\"").toUtf8().constData());
                }
                execute(kSchema);
                execute(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
            }
            execute("COMMIT");
        } catch (...) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }

    /// Begins a write transaction and rolls it back unless commit() was called.
    class Transaction {
    public:
        explicit Transaction(Private& owner) : m_owner(owner) { m_owner.execute("BEGIN IMMEDIATE"); }
        ~Transaction()
        {
            if (!m_done) sqlite3_exec(m_owner.db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        void commit()
        {
            m_owner.execute("COMMIT");
            m_done = true;
        }

    private:
        Private& m_owner;
        bool m_done = false;
    };

    /// Lists the files, and loads what the index knew about them.
    Listing list(const QStringList& folders, const QStringList& files, const Progress& progress,
                 const std::atomic_bool* cancel);
    /// Deletes series without instances, studies without series, patients without studies.
    void pruneEmptyParents();
    /// Removes a file from the table the index keeps it in.
    static void forget(detail::IndexWriter& writer, const QString& filePath, Kept kept)
    {
        switch (kept) {
            case Kept::Instance:
                writer.forgetInstance(filePath);
                break;
            case Kept::Document:
                writer.forgetDocument(filePath);
                break;
            case Kept::Skipped:
                writer.forgetSkipped(filePath);
                break;
        }
    }
    /// indexFolders() and indexFiles().
    IndexReport run(const QStringList& folders, const QStringList& files, const Progress& progress,
                    const std::atomic_bool* cancel);
};

StudyIndex::StudyIndex(const QString& databasePath) : d(std::make_unique<Private>())
{
    d->path = databasePath;
    try {
        d->open();
    } catch (const CorruptDatabase& error) {
        // A cache: a damaged file is replaced, not repaired.
        qCInfo(lcIndex, "the study index %s is damaged (%s): starting a new one", qUtf8Printable(databasePath),
               error.what());
        d->close();
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
            const QString file = databasePath + suffix;
            if (QFileInfo::exists(file) && !QFile::remove(file))
                throw IndexError(IndexError::Kind::Damaged, databasePath.toStdString(),
                                 file.toStdString() + ": the study index is damaged and cannot be deleted");
        }
        try {
            d->open();
        } catch (const CorruptDatabase& error) {
            // Not a cache problem any more: say so as such.
            throw IndexError(IndexError::Kind::Damaged, databasePath.toStdString(), error.what());
        }
    }
    qCDebug(lcIndex, "study index %s opened", qUtf8Printable(databasePath));
}

StudyIndex::~StudyIndex() = default;

QString StudyIndex::defaultDatabasePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("study-index.sqlite"));
}

void IndexReport::add(const IndexReport& later)
{
    filesSeen += later.filesSeen;
    indexed += later.indexed;
    documentsIndexed += later.documentsIndexed;
    unchanged += later.unchanged;
    removed += later.removed;
    skipped += later.skipped;
    cancelled = cancelled || later.cancelled;
    skippedFiles.insert(skippedFiles.end(), later.skippedFiles.begin(), later.skippedFiles.end());
    patients = later.patients;
    studies = later.studies;
    series = later.series;
    instances = later.instances;
    documents = later.documents;
    seconds += later.seconds;
}

IndexReport StudyIndex::indexFolders(const QStringList& folders, const Progress& progress,
                                     const std::atomic_bool* cancel)
{
    return d->run(folders, {}, progress, cancel);
}

IndexReport StudyIndex::indexFiles(const QStringList& files, const Progress& progress, const std::atomic_bool* cancel)
{
    return d->run({}, files, progress, cancel);
}

Listing StudyIndex::Private::list(const QStringList& folders, const QStringList& files, const Progress& progress,
                                  const std::atomic_bool* cancel)
{
    Listing listing;
    Statement knownInstances(
        db, path,
        QStringLiteral(
            "SELECT file_path, file_size, modified_ms FROM instances WHERE file_path >= ?1 AND file_path < ?2"));
    Statement knownDocuments(
        db, path,
        QStringLiteral(
            "SELECT file_path, file_size, modified_ms FROM documents WHERE file_path >= ?1 AND file_path < ?2"));
    Statement knownSkipped(
        db, path,
        QStringLiteral("SELECT file_path, file_size, modified_ms, reason, reason_code, "
                       "reason_arguments FROM skipped_files WHERE file_path >= ?1 AND file_path < ?2"));
    const auto loadKnown = [&](const QString& from, const QString& to) {
        for (Statement* statement : {&knownInstances, &knownDocuments, &knownSkipped}) {
            const bool skipped = statement == &knownSkipped;
            const Kept kept = skipped ? Kept::Skipped : statement == &knownDocuments ? Kept::Document : Kept::Instance;
            statement->bind(1, from).bind(2, to);
            while (statement->next()) {
                KnownFile known{statement->integer(1), statement->integer(2), kept, {}, {}};
                if (skipped) {
                    known.reason = statement->text(3);
                    known.cause = SkipReason::fromStored(statement->text(4), statement->text(5), known.reason);
                }
                listing.known.insert(statement->text(0), known);
            }
            statement->reset();
        }
    };
    const auto addMissing = [&](const QString& given, SkipReason::Kind kind, const QString& reason) {
        Candidate candidate;
        candidate.path = given;
        candidate.missing = true;
        candidate.missingReason = reason;
        candidate.missingCause = SkipReason::of(kind, reason);
        listing.candidates.push_back(std::move(candidate));
    };
    const auto cancelled = [cancel] { return cancel && cancel->load(); };

    for (const QString& folder : folders) {
        const QFileInfo folderInfo(folder);
        const QString root = folderInfo.canonicalFilePath();
        if (root.isEmpty() || !folderInfo.isDir() || !folderInfo.isReadable()) {
            // Kept as it was: an unmounted drive must not empty the index of what is on it.
            if (folderInfo.exists())
                addMissing(QDir::cleanPath(folderInfo.absoluteFilePath()), SkipReason::Kind::UnreadableFolder,
                           QStringLiteral("not a readable folder"));
            else
                addMissing(QDir::cleanPath(folderInfo.absoluteFilePath()), SkipReason::Kind::NoSuchFolder,
                           QStringLiteral("no such folder"));
            continue;
        }
        const size_t firstOfFolder = listing.candidates.size();
        QDirIterator it(root, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QFileInfo info = it.nextFileInfo();
            const QString filePath = info.filePath();
            if (listing.seen.contains(filePath)) continue;  // nested or repeated folders
            listing.seen.insert(filePath);
            listing.candidates.push_back(Candidate{filePath, info.size(), modifiedMs(info), false, {}, {}});
            if (listing.candidates.size() % 256 == 0) {
                if (progress) progress(0, 0, filePath);
                if (cancelled()) break;
            }
        }
        std::sort(listing.candidates.begin() + std::ptrdiff_t(firstOfFolder), listing.candidates.end(),
                  [](const Candidate& a, const Candidate& b) { return a.path < b.path; });
        if (cancelled()) break;
        const auto [from, to] = pathRange(root);
        loadKnown(from, to);
        listing.completeFolders.push_back(root);
    }
    for (const QString& file : files) {
        const QString filePath = normalisedFilePath(file);
        if (listing.seen.contains(filePath)) continue;
        listing.seen.insert(filePath);
        loadKnown(filePath, filePath + QChar(0));  // the range that holds this one path
        const QFileInfo info(filePath);
        if (!info.exists())
            addMissing(filePath, SkipReason::Kind::NoSuchFile, QStringLiteral("no such file"));
        else if (info.isDir())
            addMissing(filePath, SkipReason::Kind::IsFolder, QStringLiteral("is a folder, not a file"));
        else
            listing.candidates.push_back(Candidate{filePath, info.size(), modifiedMs(info), false, {}, {}});
    }
    return listing;
}

void StudyIndex::Private::pruneEmptyParents()
{
    execute("DELETE FROM series WHERE NOT EXISTS (SELECT 1 FROM instances i WHERE i.series_uid = series.series_uid)");
    execute("DELETE FROM studies WHERE NOT EXISTS (SELECT 1 FROM series se WHERE se.study_uid = studies.study_uid)");
    execute(
        "DELETE FROM patients WHERE NOT EXISTS (SELECT 1 FROM studies s WHERE s.patient_key = patients.patient_key)");
}

IndexReport StudyIndex::Private::run(const QStringList& folders, const QStringList& files, const Progress& progress,
                                     const std::atomic_bool* cancel)
{
    QElapsedTimer timer;
    timer.start();
    IndexReport report;
    const auto cancelled = [cancel] { return cancel && cancel->load(); };
    const Listing listing = list(folders, files, progress, cancel);
    const auto knownAs = [&listing](const QString& filePath) {
        const auto found = listing.known.constFind(filePath);
        return found == listing.known.cend() ? nullptr : &found.value();
    };

    detail::IndexWriter writer(db, path);
    bool changed = false;  // whether instances were added, changed or deleted: then parents may be empty
    const std::vector<Candidate>& candidates = listing.candidates;
    const int total = int(candidates.size());
    int done = 0;
    std::vector<const Candidate*> toRead;
    std::vector<QString> readPaths;
    std::vector<HeaderRead> reads;
    std::vector<const Candidate*> gone;
    for (size_t batchStart = 0; batchStart < candidates.size() && !cancelled(); batchStart += kBatchSize) {
        const size_t batchEnd = std::min(candidates.size(), batchStart + kBatchSize);
        toRead.clear();
        readPaths.clear();
        gone.clear();
        for (size_t i = batchStart; i < batchEnd; ++i) {
            const Candidate& file = candidates[i];
            const KnownFile* known = knownAs(file.path);
            if (file.missing) {
                gone.push_back(&file);
            } else if (known && known->size == file.size && known->modifiedMs == file.modifiedMs) {
                ++report.filesSeen;
                ++done;
                if (known->kept == Kept::Skipped) {
                    ++report.skipped;
                    report.skippedFiles.push_back({file.path, known->reason, known->cause});
                } else {
                    ++report.unchanged;
                }
            } else {
                toRead.push_back(&file);
                readPaths.push_back(file.path);
            }
        }
        // Read before the transaction begins: another writer never waits for file I/O.
        readHeaders(readPaths, reads, cancel, [&](size_t readSoFar, const QString& current) {
            if (progress) progress(done + int(readSoFar), total, current);
        });

        if (!gone.empty() || !toRead.empty()) {
            Transaction transaction(*this);
            for (const Candidate* file : gone) {
                const KnownFile* known = knownAs(file->path);
                ++report.filesSeen;
                ++done;
                if (known && known->kept != Kept::Skipped) {
                    forget(writer, file->path, known->kept);
                    ++report.removed;
                    changed = true;
                } else {
                    if (known) writer.forgetSkipped(file->path);
                    ++report.skipped;
                    report.skippedFiles.push_back({file->path, file->missingReason, file->missingCause});
                }
            }
            for (size_t r = 0; r < toRead.size(); ++r) {
                const Candidate& file = *toRead[r];
                const HeaderRead& read = reads[r];
                if (read.outcome == HeaderRead::Outcome::NotRead) continue;  // cancelled before it was looked at
                const KnownFile* known = knownAs(file.path);
                ++report.filesSeen;
                ++done;
                changed = true;
                // A file that changed what it is (an image, a document, neither) leaves its old table.
                const Kept now = read.outcome == HeaderRead::Outcome::Image      ? Kept::Instance
                                 : read.outcome == HeaderRead::Outcome::Document ? Kept::Document
                                                                                 : Kept::Skipped;
                if (known && known->kept != now) forget(writer, file.path, known->kept);
                if (now == Kept::Instance) {
                    writer.image(file.path, file.size, file.modifiedMs, read.info);
                    ++report.indexed;
                } else if (now == Kept::Document) {
                    writer.document(file.path, file.size, file.modifiedMs, read.info);
                    ++report.indexed;
                    ++report.documentsIndexed;
                } else {
                    writer.skipped(file.path, file.size, file.modifiedMs, read.cause);
                    ++report.skipped;
                    report.skippedFiles.push_back({file.path, read.reason, read.cause});
                }
            }
            transaction.commit();
        }
        if (progress) progress(done, total, candidates[batchEnd - 1].path);
    }
    report.cancelled = cancelled();

    // Files gone from the folders listed to the end, then parents left empty. After a cancel the
    // listing may be incomplete: nothing is forgotten then.
    std::vector<std::pair<QString, Kept>> forgotten;
    if (!report.cancelled) {
        for (auto it = listing.known.cbegin(); it != listing.known.cend(); ++it) {
            if (listing.seen.contains(it.key())) continue;
            const bool underListedFolder =
                std::any_of(listing.completeFolders.begin(), listing.completeFolders.end(),
                            [&](const QString& folder) { return it.key().startsWith(pathRange(folder).first); });
            if (underListedFolder) forgotten.emplace_back(it.key(), it->kept);
        }
    }
    if (!forgotten.empty() || changed) {
        Transaction transaction(*this);
        for (const auto& [filePath, kept] : forgotten) {
            forget(writer, filePath, kept);
            if (kept != Kept::Skipped) ++report.removed;
        }
        pruneEmptyParents();
        transaction.commit();
    }

    Statement totals(
        db, path,
        QStringLiteral(
            "SELECT (SELECT count(*) FROM patients), (SELECT count(*) FROM studies), (SELECT count(*) FROM series), "
            "(SELECT count(*) FROM (SELECT DISTINCT i.series_uid, " PULMO_SOP_KEY " FROM instances i)), "
            "(SELECT count(*) FROM documents)"));
    if (totals.next()) {
        report.patients = int(totals.integer(0));
        report.studies = int(totals.integer(1));
        report.series = int(totals.integer(2));
        report.instances = int(totals.integer(3));
        report.documents = int(totals.integer(4));
    }
    report.seconds = double(timer.nsecsElapsed()) / 1e9;
    for (const SkippedFile& skipped : report.skippedFiles)
        qCDebug(lcIndex, "skipped %s: %s", qUtf8Printable(skipped.filePath), qUtf8Printable(skipped.reason));
    qCInfo(lcIndex,
           "indexing %s: %d file(s) seen, %d indexed, %d unchanged, %d removed, %d skipped in %s s; the index holds "
           "%d patient(s), %d study(ies), %d series, %d instance(s), %d document(s)",
           report.cancelled ? "cancelled" : "done", report.filesSeen, report.indexed, report.unchanged, report.removed,
           report.skipped, qUtf8Printable(QString::number(report.seconds, 'f', 2)), report.patients, report.studies,
           report.series, report.instances, report.documents);
    return report;
}

std::vector<PatientRecord> StudyIndex::patients(const StudyFilter& filter) const
{
    QStringList parameters;
    QString studyConditions;
    appendStudyConditions(filter, studyConditions, parameters);
    QString sql = QStringLiteral(
                      "SELECT * FROM (SELECT p.patient_key, p.patient_id, p.patient_name, p.birth_date, p.sex, "
                      "(SELECT count(*) FROM studies s WHERE s.patient_key = p.patient_key") +
                  studyConditions +
                  QStringLiteral(") AS study_count, p.name_folded, p.id_folded FROM patients p WHERE 1");
    appendPatientConditions(filter, sql, parameters);
    sql += QStringLiteral(") WHERE study_count > 0 ORDER BY name_folded, id_folded, patient_key");

    Statement query(d->db, d->path, sql);
    for (int i = 0; i < parameters.size(); ++i) query.bind(i + 1, parameters[i]);
    std::vector<PatientRecord> result;
    while (query.next()) {
        PatientRecord record;
        record.key = query.text(0);
        record.patientId = query.text(1);
        record.patientName = query.text(2);
        record.birthDate = query.text(3);
        record.sex = query.text(4);
        record.studyCount = int(query.integer(5));
        result.push_back(std::move(record));
    }
    return result;
}

std::vector<StudyRecord> StudyIndex::studies(const QString& patientKey, const StudyFilter& filter) const
{
    QStringList parameters;
    QString sql = QStringLiteral(PULMO_STUDY_COLUMNS "WHERE 1");
    if (!patientKey.isEmpty()) {
        sql += QStringLiteral(" AND s.patient_key = ?");
        parameters << patientKey;
    }
    appendPatientConditions(filter, sql, parameters);
    appendStudyConditions(filter, sql, parameters);
    sql += QStringLiteral(" ORDER BY s.study_date DESC, s.study_time DESC, s.study_uid");

    Statement query(d->db, d->path, sql);
    for (int i = 0; i < parameters.size(); ++i) query.bind(i + 1, parameters[i]);
    return readStudies(query);
}

std::vector<StudyRecord> StudyIndex::earlierStudies(const QString& patientId, const QString& studyDate,
                                                    const QString& exceptStudyUid) const
{
    if (patientId.isEmpty() || studyDate.isEmpty()) return {};
    Statement query(
        d->db, d->path,
        QStringLiteral(PULMO_STUDY_COLUMNS "WHERE p.patient_id = ?1 AND s.study_date <> '' AND s.study_date < ?2 "
                                           "AND s.study_uid <> ?3 "
                                           "ORDER BY s.study_date DESC, s.study_time DESC, s.study_uid"));
    query.bind(1, patientId);
    query.bind(2, studyDate);
    query.bind(3, exceptStudyUid);
    return readStudies(query);
}

std::vector<SeriesRecord> StudyIndex::series(const QString& studyInstanceUid) const
{
    Statement query(
        d->db, d->path,
        QStringLiteral(
            "SELECT se.series_uid, se.study_uid, se.series_number, se.description, se.modality, se.body_part, "
            "(SELECT count(DISTINCT " PULMO_SOP_KEY ") FROM instances i WHERE i.series_uid = se.series_uid), "
            "(SELECT count(DISTINCT " PULMO_SOP_KEY
            ") FROM instances i WHERE i.series_uid = se.series_uid AND i.ai_capture <> 0) "
            "FROM series se WHERE se.study_uid = ?1 "
            "ORDER BY CAST(se.series_number AS INTEGER), se.series_number, se.series_uid"));
    query.bind(1, studyInstanceUid);
    std::vector<SeriesRecord> result;
    while (query.next()) {
        SeriesRecord record;
        record.seriesInstanceUid = query.text(0);
        record.studyInstanceUid = query.text(1);
        record.seriesNumber = query.text(2);
        record.seriesDescription = query.text(3);
        record.modality = query.text(4);
        record.bodyPartExamined = query.text(5);
        record.instanceCount = int(query.integer(6));
        record.aiResultCaptureCount = int(query.integer(7));
        result.push_back(std::move(record));
    }
    return result;
}

std::vector<InstanceLocation> StudyIndex::instanceLocations(const StudyFilter& filter) const
{
    QStringList parameters;
    QString sql = QStringLiteral(
        "SELECT s.study_uid, i.series_uid, i.sop_uid, i.file_path, i.ai_capture FROM instances i "
        "JOIN series se ON se.series_uid = i.series_uid JOIN studies s ON s.study_uid = se.study_uid "
        "JOIN patients p ON p.patient_key = s.patient_key WHERE 1");
    appendPatientConditions(filter, sql, parameters);
    appendStudyConditions(filter, sql, parameters);
    Statement query(d->db, d->path, sql);
    for (int i = 0; i < parameters.size(); ++i) query.bind(i + 1, parameters[i]);
    std::vector<InstanceLocation> result;
    while (query.next())
        result.push_back({query.text(0), query.text(1), query.text(2), query.text(3), query.integer(4) != 0});
    return result;
}

int StudyIndex::studyCount() const
{
    Statement query(d->db, d->path, QStringLiteral("SELECT count(*) FROM studies"));
    return query.next() ? int(query.integer(0)) : 0;
}

PathRoots::PathRoots(const QStringList& roots)
{
    for (const QString& root : roots) {
        const QString canonical = QFileInfo(root).canonicalFilePath();
        if (!canonical.isEmpty()) m_roots << canonical;
    }
}

bool PathRoots::contains(const QString& file) const
{
    if (m_roots.isEmpty()) return false;
    const QString canonical = QFileInfo(file).canonicalFilePath();
    if (canonical.isEmpty()) return false;
    for (const QString& base : m_roots)
        if (canonical == base || canonical.startsWith(base + QLatin1Char('/'))) return true;
    return false;
}

std::vector<InstanceRecord> StudyIndex::instances(const QString& seriesInstanceUid,
                                                  const QStringList& preferredRoots) const
{
    Statement query(
        d->db, d->path,
        QStringLiteral(
            "SELECT file_path, sop_uid, sop_class_uid, series_uid, instance_number, row_count, column_count, frames, "
            "file_size, modified_ms, ai_capture FROM instances WHERE series_uid = ?1 "
            "ORDER BY instance_number, file_path"));
    query.bind(1, seriesInstanceUid);
    std::vector<InstanceRecord> result;
    QHash<QString, size_t> positionOf;  // SOP UID (the path when there is none) -> its place in `result`
    const PathRoots preferred(preferredRoots);
    // Only copies are weighed (a stat each); a SOP found once is taken as it is.
    const auto weight = [&preferred](const QString& path) {
        return (preferred.contains(path) ? 2 : 0) + (QFileInfo::exists(path) ? 1 : 0);
    };
    while (query.next()) {
        InstanceRecord record;
        record.filePath = query.text(0);
        record.sopInstanceUid = query.text(1);
        record.sopClassUid = query.text(2);
        record.seriesInstanceUid = query.text(3);
        record.instanceNumber = int(query.integer(4));
        record.rows = int(query.integer(5));
        record.columns = int(query.integer(6));
        record.frames = int(query.integer(7));
        record.fileSize = query.integer(8);
        record.modifiedMs = query.integer(9);
        record.aiResultCapture = query.integer(10) != 0;
        const QString key = record.sopInstanceUid.isEmpty() ? record.filePath : record.sopInstanceUid;
        const auto found = positionOf.constFind(key);
        if (found == positionOf.constEnd()) {
            positionOf.insert(key, result.size());
            result.push_back(std::move(record));
        } else if (weight(record.filePath) > weight(result[*found].filePath)) {
            result[*found] = std::move(record);  // same instance number: the order stands
        }
    }
    return result;
}

namespace {

#define PULMO_DOCUMENT_COLUMNS                                                                                   \
    "SELECT d.file_path, d.study_uid, d.series_uid, d.sop_uid, d.sop_class_uid, d.modality, d.series_number, "   \
    "d.series_description, d.manufacturer, d.content_date, d.content_time, d.file_size, d.modified_ms, "         \
    "(SELECT group_concat(referenced_sop_uid, '\\') FROM (SELECT referenced_sop_uid FROM document_references r " \
    "  WHERE r.file_path = d.file_path ORDER BY referenced_sop_uid)) "                                           \
    "FROM documents d "

std::vector<DocumentRecord> readDocuments(Statement& query)
{
    std::vector<DocumentRecord> result;
    while (query.next()) {
        DocumentRecord record;
        record.filePath = query.text(0);
        record.studyInstanceUid = query.text(1);
        record.seriesInstanceUid = query.text(2);
        record.sopInstanceUid = query.text(3);
        record.sopClassUid = query.text(4);
        record.modality = query.text(5);
        record.seriesNumber = query.text(6);
        record.seriesDescription = query.text(7);
        record.manufacturer = query.text(8);
        record.contentDate = query.text(9);
        record.contentTime = query.text(10);
        record.fileSize = query.integer(11);
        record.modifiedMs = query.integer(12);
        // UIDs hold no '\\' (PS3.5 9.1): the separator is safe.
        record.referencedSopInstanceUids = query.text(13).split(QLatin1Char('\\'), Qt::SkipEmptyParts);
        result.push_back(std::move(record));
    }
    return result;
}

}  // namespace

std::vector<DocumentRecord> StudyIndex::documents(const QString& studyInstanceUid) const
{
    Statement query(d->db, d->path,
                    QStringLiteral(PULMO_DOCUMENT_COLUMNS
                                   "WHERE d.study_uid = ?1 ORDER BY CAST(d.series_number AS INTEGER), "
                                   "d.series_number, d.series_uid, d.content_date, d.content_time, d.file_path"));
    query.bind(1, studyInstanceUid);
    return readDocuments(query);
}

QStringList StudyIndex::studiesWithDocuments() const
{
    Statement query(d->db, d->path, QStringLiteral("SELECT DISTINCT study_uid FROM documents ORDER BY study_uid"));
    QStringList result;
    while (query.next()) result << query.text(0);
    return result;
}

std::vector<DocumentRecord> StudyIndex::documentsAbout(const QString& sopInstanceUid) const
{
    if (sopInstanceUid.isEmpty()) return {};
    Statement query(
        d->db, d->path,
        QStringLiteral(PULMO_DOCUMENT_COLUMNS "WHERE d.file_path IN (SELECT file_path FROM document_references "
                                              "WHERE referenced_sop_uid = ?1) "
                                              "ORDER BY d.content_date DESC, d.content_time DESC, d.file_path"));
    query.bind(1, sopInstanceUid);
    return readDocuments(query);
}

std::optional<InstanceLocation> StudyIndex::imageLocation(const QString& sopInstanceUid) const
{
    if (sopInstanceUid.isEmpty()) return std::nullopt;
    Statement query(d->db, d->path,
                    QStringLiteral("SELECT se.study_uid, i.series_uid, i.sop_uid, i.file_path, i.ai_capture "
                                   "FROM instances i JOIN series se ON se.series_uid = i.series_uid "
                                   "WHERE i.sop_uid = ?1 ORDER BY i.file_path LIMIT 1"));
    query.bind(1, sopInstanceUid);
    if (!query.next()) return std::nullopt;
    return InstanceLocation{query.text(0), query.text(1), query.text(2), query.text(3), query.integer(4) != 0};
}

}  // namespace pulmo::index
