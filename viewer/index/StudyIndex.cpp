#include "index/StudyIndex.h"

#include "dicom/DicomError.h"
#include "dicom/DicomFile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QStandardPaths>
#include <QStringDecoder>

#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace pulmo::index {
namespace {

// The schema of this build. Any other version on disk is dropped and rebuilt: the index is a cache.
constexpr int kSchemaVersion = 1;
// Files written per transaction: one commit (and WAL sync) per batch instead of per file.
constexpr size_t kBatchSize = 200;
// Header reads run on up to this many threads; DCMTK parsing is CPU-bound once files are cached.
constexpr unsigned kMaximumReaderThreads = 8;

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
        modified_ms     INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX instances_by_series ON instances(series_uid);
    -- Files that are not DICOM images, remembered with their size and time so that a re-index
    -- does not read them again either.
    CREATE TABLE skipped_files (
        file_path   TEXT PRIMARY KEY,
        reason      TEXT NOT NULL,
        file_size   INTEGER NOT NULL,
        modified_ms INTEGER NOT NULL
    ) WITHOUT ROWID;
)sql";

/// Thrown while opening when SQLite says the file is not a database or is damaged.
class CorruptDatabase : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

[[noreturn]] void throwSqlite(sqlite3* db, const QString& databasePath, const char* what)
{
    const int code = sqlite3_errcode(db);
    const std::string message =
        databasePath.toStdString() + ": " + what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) throw CorruptDatabase(message);
    throw std::runtime_error(message);
}

/// One prepared statement, finalised when it goes out of scope. Parameters are 1-based.
class Statement {
public:
    Statement(sqlite3* db, const QString& databasePath, const QString& sql) : m_db(db), m_path(databasePath)
    {
        const QByteArray text = sql.toUtf8();
        if (sqlite3_prepare_v2(db, text.constData(), int(text.size()), &m_statement, nullptr) != SQLITE_OK)
            throwSqlite(db, databasePath, "cannot prepare a query");
    }
    ~Statement() { sqlite3_finalize(m_statement); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int parameter, const QString& value)
    {
        const QByteArray text = value.toUtf8();
        sqlite3_bind_text(m_statement, parameter, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int parameter, qint64 value)
    {
        sqlite3_bind_int64(m_statement, parameter, value);
        return *this;
    }
    Statement& bind(int parameter, int value) { return bind(parameter, qint64(value)); }

    /// Steps once: true while there is a row to read.
    bool next()
    {
        const int result = sqlite3_step(m_statement);
        if (result == SQLITE_ROW) return true;
        if (result == SQLITE_DONE) return false;
        throwSqlite(m_db, m_path, "query failed");
    }
    /// Runs a statement that returns no rows, and makes it ready for new parameters.
    void execute()
    {
        next();
        reset();
    }
    void reset()
    {
        sqlite3_reset(m_statement);
        sqlite3_clear_bindings(m_statement);
    }

    QString text(int column) const
    {
        const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
        return data ? QString::fromUtf8(data, sqlite3_column_bytes(m_statement, column)) : QString();
    }
    qint64 integer(int column) const { return sqlite3_column_int64(m_statement, column); }

private:
    sqlite3* m_db;
    QString m_path;
    sqlite3_stmt* m_statement = nullptr;
};

/// Text of a DICOM header value. ImageInfo carries the raw bytes without Specific Character Set:
/// valid UTF-8 (and so ASCII) is taken as such, anything else as Latin-1 (ISO_IR 100, the most
/// common single-byte set), so that a name never turns into replacement characters.
QString fromDicom(const std::string& text)
{
    const QByteArrayView bytes(text.data(), qsizetype(text.size()));
    if (std::all_of(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; }))
        return QString::fromLatin1(bytes);
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = utf8(bytes);
    return utf8.hasError() ? QString::fromLatin1(bytes) : decoded;
}

/// Patient ID, a backslash (which no LO value may hold) and 16 hex digits of the SHA-1 of the
/// case-folded name without its padding and trailing empty components ("DOE^JOHN^^" is
/// "doe^john"). Two files are the same patient when both the ID and the name agree that way.
QString patientKeyFor(const QString& patientId, const QString& patientName)
{
    QString name = patientName.trimmed();
    while (name.endsWith(QLatin1Char('^')) || name.endsWith(QLatin1Char(' '))) name.chop(1);
    const QByteArray hash = QCryptographicHash::hash(name.toCaseFolded().toUtf8(), QCryptographicHash::Sha1);
    return patientId + QLatin1Char('\\') + QString::fromLatin1(hash.toHex().left(16));
}

/// A user's '*'/'?' wildcard as a GLOB pattern over case-folded text. GLOB's own '[' is the one
/// other special character; it is escaped as the set "[[]".
QString globPattern(const QString& wildcard)
{
    QString pattern;
    for (const QChar c : wildcard.trimmed().toCaseFolded()) {
        if (c == QLatin1Char('[')) pattern += QLatin1String("[[]");
        else pattern += c;
    }
    return pattern;
}

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
    for (const QString& part : QString(filter.modality).replace(QLatin1Char(','), QLatin1Char('\\')).split(QLatin1Char('\\')))
        if (!part.trimmed().isEmpty()) modalities << part.trimmed().toUpper();
    if (!modalities.isEmpty()) {
        QStringList marks;
        for (const QString& modality : modalities) {
            marks << QStringLiteral("?");
            parameters << modality;
        }
        sql += QLatin1String(" AND EXISTS (SELECT 1 FROM series m WHERE m.study_uid = s.study_uid AND upper(m.modality) IN (") +
               marks.join(QLatin1Char(',')) + QLatin1String("))");
    }
}

/// Conditions on the patients table (aliased `p`) for the filter's name and ID.
void appendPatientConditions(const StudyFilter& filter, QString& sql, QStringList& parameters)
{
    if (!filter.patientName.trimmed().isEmpty()) {
        sql += QLatin1String(" AND p.name_folded GLOB ?");
        parameters << globPattern(filter.patientName);
    }
    if (!filter.patientId.trimmed().isEmpty()) {
        sql += QLatin1String(" AND p.id_folded GLOB ?");
        parameters << globPattern(filter.patientId);
    }
}

/// A file found on disk, to be indexed or found unchanged.
struct Candidate {
    QString path;
    qint64 size = 0;
    qint64 modifiedMs = 0;
    bool missing = false;  ///< named by the caller but not there (or not a readable file/folder)
    QString missingReason;
};

/// What the index knew about a file before this run.
struct KnownFile {
    qint64 size = -1;
    qint64 modifiedMs = -1;
    bool skipped = false;  ///< in skipped_files rather than instances
    QString reason;
};

struct HeaderRead {
    enum class Outcome { NotRead, Image, Skipped };
    Outcome outcome = Outcome::NotRead;
    dicom::ImageInfo info;
    QString reason;
};

HeaderRead readHeader(const QString& path)
{
    HeaderRead result;
    try {
        result.info = dicom::readImageInfo(QFile::encodeName(path).toStdString());
    } catch (const dicom::DicomError& error) {
        result.outcome = HeaderRead::Outcome::Skipped;
        result.reason = fromDicom(error.reason());
        return result;
    } catch (const std::exception& error) {
        result.outcome = HeaderRead::Outcome::Skipped;
        result.reason = fromDicom(error.what());
        return result;
    }
    const dicom::ImageInfo& info = result.info;
    result.outcome = HeaderRead::Outcome::Skipped;
    if (info.rows <= 0 || info.columns <= 0)
        result.reason = QStringLiteral("not an image: no Rows/Columns (SOP Class %1)")
                            .arg(info.sopClassUid.empty() ? QStringLiteral("unknown") : fromDicom(info.sopClassUid));
    else if (info.studyInstanceUid.empty())
        result.reason = QStringLiteral("no Study Instance UID");
    else if (info.seriesInstanceUid.empty())
        result.reason = QStringLiteral("no Series Instance UID");
    else
        result.outcome = HeaderRead::Outcome::Image;
    return result;
}

/// Reads the headers of `paths` into `results` (same order) on several threads; the calling
/// thread reads too and is the only one that calls `onCallingThread(readSoFar, path)`. Files not
/// started when `cancel` turns true stay NotRead.
void readHeaders(const std::vector<QString>& paths, std::vector<HeaderRead>& results, const std::atomic_bool* cancel,
                 const std::function<void(size_t, const QString&)>& onCallingThread)
{
    results.assign(paths.size(), HeaderRead());
    std::atomic<size_t> next{0};
    std::atomic<size_t> finished{0};
    const auto work = [&](bool callingThread) {
        for (;;) {
            if (cancel && cancel->load()) return;
            const size_t i = next.fetch_add(1);
            if (i >= paths.size()) return;
            results[i] = readHeader(paths[i]);
            const size_t count = finished.fetch_add(1) + 1;
            if (callingThread && onCallingThread) onCallingThread(count, paths[i]);
        }
    };
    // Threads only pay off for more than a handful of files.
    const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
    const size_t wanted = std::min<size_t>({hardware, kMaximumReaderThreads, paths.size() / 8 + 1});
    std::vector<std::thread> helpers;
    for (size_t t = 1; t < wanted; ++t) {
        try {
            helpers.emplace_back(work, false);
        } catch (const std::system_error&) {
            break;  // fewer threads, same result
        }
    }
    work(true);
    for (std::thread& helper : helpers) helper.join();
}

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
            throw std::runtime_error(path.toStdString() + ": cannot open the study index: " + reason);
        }
        sqlite3_busy_timeout(db, 5000);  // the UI reads while the indexer writes
        // The first statement reads the header: a file that is not SQLite fails here (NOTADB).
        execute("PRAGMA journal_mode=WAL");
        // A cache: losing the last transactions in a power cut costs a re-read, never data.
        execute("PRAGMA synchronous=NORMAL");
        {
            // Damaged pages inside an otherwise valid file. Linear in the size of the index,
            // about a millisecond per thousand instances.
            Statement check(db, path, QStringLiteral("PRAGMA quick_check(1)"));
            if (!check.next() || check.text(0) != QLatin1String("ok"))
                throw CorruptDatabase(path.toStdString() + ": the study index is damaged");
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

    IndexReport run(const QStringList& folders, const QStringList& files, const Progress& progress,
                    const std::atomic_bool* cancel);
};

StudyIndex::StudyIndex(const QString& databasePath) : d(std::make_unique<Private>())
{
    d->path = databasePath;
    try {
        d->open();
    } catch (const CorruptDatabase&) {
        // A cache: a damaged file is replaced, not repaired.
        d->close();
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
            const QString file = databasePath + suffix;
            if (QFileInfo::exists(file) && !QFile::remove(file))
                throw std::runtime_error(file.toStdString() + ": the study index is damaged and cannot be deleted");
        }
        try {
            d->open();
        } catch (const CorruptDatabase& error) {
            throw std::runtime_error(error.what());  // not a cache problem any more: say so as such
        }
    }
}

StudyIndex::~StudyIndex() = default;

QString StudyIndex::defaultDatabasePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("study-index.sqlite"));
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

IndexReport StudyIndex::Private::run(const QStringList& folders, const QStringList& files, const Progress& progress,
                                     const std::atomic_bool* cancel)
{
    QElapsedTimer timer;
    timer.start();
    IndexReport report;
    const auto cancelled = [cancel] { return cancel && cancel->load(); };

    // 1. What is on disk, and what the index knew about it.
    std::vector<Candidate> candidates;
    QSet<QString> seen;
    QHash<QString, KnownFile> known;
    std::vector<QString> scannedFolders;  // only those listed completely may lose files
    Statement knownInstances(db, path, QStringLiteral(
        "SELECT file_path, file_size, modified_ms FROM instances WHERE file_path >= ?1 AND file_path < ?2"));
    Statement knownSkipped(db, path, QStringLiteral(
        "SELECT file_path, file_size, modified_ms, reason FROM skipped_files WHERE file_path >= ?1 AND file_path < ?2"));
    const auto loadKnown = [&](const QString& from, const QString& to) {
        for (Statement* statement : {&knownInstances, &knownSkipped}) {
            const bool skipped = statement == &knownSkipped;
            statement->bind(1, from).bind(2, to);
            while (statement->next())
                known.insert(statement->text(0),
                             KnownFile{statement->integer(1), statement->integer(2), skipped,
                                       skipped ? statement->text(3) : QString()});
            statement->reset();
        }
    };
    const auto addMissing = [&](const QString& given, const QString& reason) {
        Candidate candidate;
        candidate.path = given;
        candidate.missing = true;
        candidate.missingReason = reason;
        candidates.push_back(std::move(candidate));
    };

    for (const QString& folder : folders) {
        const QFileInfo folderInfo(folder);
        const QString root = folderInfo.canonicalFilePath();
        if (root.isEmpty() || !folderInfo.isDir() || !folderInfo.isReadable()) {
            // Kept as it was: an unmounted drive must not empty the index of what is on it.
            addMissing(QDir::cleanPath(folderInfo.absoluteFilePath()),
                       folderInfo.exists() ? QStringLiteral("not a readable folder") : QStringLiteral("no such folder"));
            continue;
        }
        const size_t firstOfFolder = candidates.size();
        QDirIterator it(root, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QFileInfo info = it.nextFileInfo();
            const QString filePath = info.filePath();
            if (seen.contains(filePath)) continue;  // nested or repeated folders
            seen.insert(filePath);
            candidates.push_back(Candidate{filePath, info.size(), modifiedMs(info), false, {}});
            if (candidates.size() % 256 == 0) {
                if (progress) progress(0, 0, filePath);
                if (cancelled()) break;
            }
        }
        std::sort(candidates.begin() + std::ptrdiff_t(firstOfFolder), candidates.end(),
                  [](const Candidate& a, const Candidate& b) { return a.path < b.path; });
        if (cancelled()) break;
        const auto [from, to] = pathRange(root);
        loadKnown(from, to);
        scannedFolders.push_back(root);
    }
    for (const QString& file : files) {
        const QString filePath = normalisedFilePath(file);
        if (seen.contains(filePath)) continue;
        seen.insert(filePath);
        loadKnown(filePath, filePath + QChar(0));  // the range that holds this one path
        const QFileInfo info(filePath);
        if (!info.exists()) addMissing(filePath, QStringLiteral("no such file"));
        else if (info.isDir()) addMissing(filePath, QStringLiteral("is a folder, not a file"));
        else candidates.push_back(Candidate{filePath, info.size(), modifiedMs(info), false, {}});
    }
    knownInstances.reset();
    knownSkipped.reset();

    // 2. Read what is new or changed, one transaction per batch.
    Statement upsertPatient(db, path, QStringLiteral(
        "INSERT INTO patients (patient_key, patient_id, patient_name, id_folded, name_folded, birth_date, sex) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (patient_key) DO UPDATE SET "
        "patient_id = excluded.patient_id, patient_name = excluded.patient_name, id_folded = excluded.id_folded, "
        "name_folded = excluded.name_folded, "
        "birth_date = coalesce(nullif(excluded.birth_date, ''), birth_date), "
        "sex = coalesce(nullif(excluded.sex, ''), sex)"));
    // A study seen under another patient moves there: the latest file read decides.
    Statement upsertStudy(db, path, QStringLiteral(
        "INSERT INTO studies (study_uid, patient_key, study_date, study_time, description, accession) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (study_uid) DO UPDATE SET patient_key = excluded.patient_key, "
        "study_date = coalesce(nullif(excluded.study_date, ''), study_date), "
        "study_time = coalesce(nullif(excluded.study_time, ''), study_time), "
        "description = coalesce(nullif(excluded.description, ''), description), "
        "accession = coalesce(nullif(excluded.accession, ''), accession)"));
    Statement upsertSeries(db, path, QStringLiteral(
        "INSERT INTO series (series_uid, study_uid, series_number, description, modality, body_part) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (series_uid) DO UPDATE SET study_uid = excluded.study_uid, "
        "series_number = coalesce(nullif(excluded.series_number, ''), series_number), "
        "description = coalesce(nullif(excluded.description, ''), description), "
        "modality = coalesce(nullif(excluded.modality, ''), modality), "
        "body_part = coalesce(nullif(excluded.body_part, ''), body_part)"));
    Statement upsertInstance(db, path, QStringLiteral(
        "INSERT OR REPLACE INTO instances (file_path, series_uid, sop_uid, sop_class_uid, instance_number, "
        "row_count, column_count, frames, file_size, modified_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
    Statement upsertSkipped(db, path, QStringLiteral(
        "INSERT OR REPLACE INTO skipped_files (file_path, reason, file_size, modified_ms) VALUES (?1, ?2, ?3, ?4)"));
    Statement deleteInstance(db, path, QStringLiteral("DELETE FROM instances WHERE file_path = ?1"));
    Statement deleteSkipped(db, path, QStringLiteral("DELETE FROM skipped_files WHERE file_path = ?1"));

    // Parents written in this run need not be written again for each of their instances.
    QSet<QString> writtenPatients;
    QSet<QString> writtenStudies;
    QSet<QString> writtenSeries;
    const auto writeImage = [&](const Candidate& file, const dicom::ImageInfo& info) {
        const QString patientId = fromDicom(info.patientId);
        const QString patientName = fromDicom(info.patientName);
        const QString patientKey = patientKeyFor(patientId, patientName);
        const QString studyUid = fromDicom(info.studyInstanceUid);
        const QString seriesUid = fromDicom(info.seriesInstanceUid);
        if (!writtenPatients.contains(patientKey)) {
            upsertPatient.bind(1, patientKey).bind(2, patientId).bind(3, patientName)
                .bind(4, patientId.toCaseFolded()).bind(5, patientName.toCaseFolded())
                .bind(6, fromDicom(info.patientBirthDate)).bind(7, fromDicom(info.patientSex)).execute();
            writtenPatients.insert(patientKey);
        }
        if (!writtenStudies.contains(studyUid)) {
            upsertStudy.bind(1, studyUid).bind(2, patientKey).bind(3, fromDicom(info.studyDate))
                .bind(4, fromDicom(info.studyTime)).bind(5, fromDicom(info.studyDescription))
                .bind(6, fromDicom(info.accessionNumber)).execute();
            writtenStudies.insert(studyUid);
        }
        if (!writtenSeries.contains(seriesUid)) {
            upsertSeries.bind(1, seriesUid).bind(2, studyUid).bind(3, fromDicom(info.seriesNumber))
                .bind(4, fromDicom(info.seriesDescription)).bind(5, fromDicom(info.modality))
                .bind(6, fromDicom(info.bodyPartExamined)).execute();
            writtenSeries.insert(seriesUid);
        }
        upsertInstance.bind(1, file.path).bind(2, seriesUid).bind(3, fromDicom(info.sopInstanceUid))
            .bind(4, fromDicom(info.sopClassUid)).bind(5, fromDicom(info.instanceNumber).toInt())
            .bind(6, info.rows).bind(7, info.columns).bind(8, std::max(1, info.frames))
            .bind(9, file.size).bind(10, file.modifiedMs).execute();
    };

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
            const auto found = known.constFind(file.path);
            if (file.missing) {
                gone.push_back(&file);
            } else if (found != known.cend() && found->size == file.size && found->modifiedMs == file.modifiedMs) {
                ++report.filesSeen;
                ++done;
                if (found->skipped) {
                    ++report.skipped;
                    report.skippedFiles.push_back({file.path, found->reason});
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

        Transaction transaction(*this);
        for (const Candidate* file : gone) {
            const auto found = known.constFind(file->path);
            ++report.filesSeen;
            ++done;
            if (found != known.cend() && !found->skipped) {
                deleteInstance.bind(1, file->path).execute();
                ++report.removed;
            } else {
                if (found != known.cend()) deleteSkipped.bind(1, file->path).execute();
                ++report.skipped;
                report.skippedFiles.push_back({file->path, file->missingReason});
            }
        }
        for (size_t r = 0; r < toRead.size(); ++r) {
            const Candidate& file = *toRead[r];
            const HeaderRead& read = reads[r];
            if (read.outcome == HeaderRead::Outcome::NotRead) continue;  // cancelled before it was looked at
            ++report.filesSeen;
            ++done;
            const auto found = known.constFind(file.path);
            if (read.outcome == HeaderRead::Outcome::Image) {
                writeImage(file, read.info);
                if (found != known.cend() && found->skipped) deleteSkipped.bind(1, file.path).execute();
                ++report.indexed;
            } else {
                // A file that was an image and is broken now leaves the index.
                if (found != known.cend() && !found->skipped) deleteInstance.bind(1, file.path).execute();
                upsertSkipped.bind(1, file.path).bind(2, read.reason).bind(3, file.size).bind(4, file.modifiedMs).execute();
                ++report.skipped;
                report.skippedFiles.push_back({file.path, read.reason});
            }
        }
        transaction.commit();
        if (progress) progress(done, total, candidates[batchEnd - 1].path);
    }
    report.cancelled = cancelled();

    // 3. Forget files gone from the folders listed completely, then parents left empty.
    {
        Transaction transaction(*this);
        if (!report.cancelled) {
            for (auto it = known.cbegin(); it != known.cend(); ++it) {
                if (seen.contains(it.key())) continue;
                const bool underScannedFolder = std::any_of(scannedFolders.begin(), scannedFolders.end(),
                                                            [&](const QString& folder) {
                                                                return it.key().startsWith(pathRange(folder).first);
                                                            });
                if (!underScannedFolder) continue;
                if (it->skipped) {
                    deleteSkipped.bind(1, it.key()).execute();
                } else {
                    deleteInstance.bind(1, it.key()).execute();
                    ++report.removed;
                }
            }
        }
        execute("DELETE FROM series WHERE NOT EXISTS (SELECT 1 FROM instances i WHERE i.series_uid = series.series_uid)");
        execute("DELETE FROM studies WHERE NOT EXISTS (SELECT 1 FROM series se WHERE se.study_uid = studies.study_uid)");
        execute("DELETE FROM patients WHERE NOT EXISTS "
                "(SELECT 1 FROM studies s WHERE s.patient_key = patients.patient_key)");
        transaction.commit();
    }

    Statement totals(db, path, QStringLiteral(
        "SELECT (SELECT count(*) FROM patients), (SELECT count(*) FROM studies), (SELECT count(*) FROM series), "
        "(SELECT count(*) FROM instances)"));
    if (totals.next()) {
        report.patients = int(totals.integer(0));
        report.studies = int(totals.integer(1));
        report.series = int(totals.integer(2));
        report.instances = int(totals.integer(3));
    }
    report.seconds = double(timer.nsecsElapsed()) / 1e9;
    return report;
}

std::vector<PatientRecord> StudyIndex::patients(const StudyFilter& filter) const
{
    QStringList parameters;
    QString studyConditions;
    appendStudyConditions(filter, studyConditions, parameters);
    QString sql = QStringLiteral(
        "SELECT * FROM (SELECT p.patient_key, p.patient_id, p.patient_name, p.birth_date, p.sex, "
        "(SELECT count(*) FROM studies s WHERE s.patient_key = p.patient_key") + studyConditions +
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
    QString sql = QStringLiteral(
        "SELECT s.study_uid, s.patient_key, s.study_date, s.study_time, s.description, s.accession, "
        "(SELECT group_concat(modality, '\\') FROM (SELECT DISTINCT modality FROM series "
        "  WHERE study_uid = s.study_uid AND modality <> '' ORDER BY modality)), "
        "(SELECT count(*) FROM series WHERE study_uid = s.study_uid), "
        "(SELECT count(*) FROM series se JOIN instances i ON i.series_uid = se.series_uid "
        "  WHERE se.study_uid = s.study_uid) "
        "FROM studies s JOIN patients p ON p.patient_key = s.patient_key WHERE 1");
    if (!patientKey.isEmpty()) {
        sql += QStringLiteral(" AND s.patient_key = ?");
        parameters << patientKey;
    }
    appendPatientConditions(filter, sql, parameters);
    appendStudyConditions(filter, sql, parameters);
    sql += QStringLiteral(" ORDER BY s.study_date DESC, s.study_time DESC, s.study_uid");

    Statement query(d->db, d->path, sql);
    for (int i = 0; i < parameters.size(); ++i) query.bind(i + 1, parameters[i]);
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
        result.push_back(std::move(record));
    }
    return result;
}

std::vector<SeriesRecord> StudyIndex::series(const QString& studyInstanceUid) const
{
    Statement query(d->db, d->path, QStringLiteral(
        "SELECT se.series_uid, se.study_uid, se.series_number, se.description, se.modality, se.body_part, "
        "(SELECT count(*) FROM instances i WHERE i.series_uid = se.series_uid) "
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
        result.push_back(std::move(record));
    }
    return result;
}

std::vector<InstanceRecord> StudyIndex::instances(const QString& seriesInstanceUid) const
{
    Statement query(d->db, d->path, QStringLiteral(
        "SELECT file_path, sop_uid, sop_class_uid, series_uid, instance_number, row_count, column_count, frames, "
        "file_size, modified_ms FROM instances WHERE series_uid = ?1 ORDER BY instance_number, file_path"));
    query.bind(1, seriesInstanceUid);
    std::vector<InstanceRecord> result;
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
        result.push_back(std::move(record));
    }
    return result;
}

}  // namespace pulmo::index
