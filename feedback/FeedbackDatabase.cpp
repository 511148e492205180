#include "FeedbackDatabase.h"

#include "FeedbackLogging.h"

#include <sqlite3.h>

#include <array>
#include <cerrno>
#include <cstring>

#include <unistd.h>

namespace pulmo::feedback {
namespace {

// Migration N takes the schema from version N-1 to N. Never edit a released step: add one.
constexpr std::array<const char*, FeedbackDatabase::kSchemaVersion> kMigrations = {
    // 1: the audit chain. Each row carries the hash of the previous row, so that an edit or a
    // deletion anywhere breaks the chain from that row on.
    R"sql(
    CREATE TABLE audit_log (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        occurred_utc  TEXT    NOT NULL,
        reader        TEXT    NOT NULL,
        action        TEXT    NOT NULL,
        subject       TEXT    NOT NULL DEFAULT '',
        outcome       TEXT    NOT NULL DEFAULT '',
        detail        TEXT    NOT NULL DEFAULT '',
        previous_hash TEXT    NOT NULL,
        row_hash      TEXT    NOT NULL
    );
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    )sql",
    // 2: predictions and the reader's verdicts. A verdict is never overwritten: a changed mind is a
    // new row, and the latest row per prediction counts. The installation secret keys the
    // pseudonymous patient keys, so that exports carry no identifier in the clear.
    R"sql(
    CREATE TABLE installation (
        id     INTEGER PRIMARY KEY CHECK (id = 1),
        secret BLOB    NOT NULL
    );
    INSERT INTO installation(id, secret) VALUES (1, randomblob(32));
    CREATE TABLE predictions (
        id                  INTEGER PRIMARY KEY AUTOINCREMENT,
        sop_instance_uid    TEXT    NOT NULL,
        study_instance_uid  TEXT    NOT NULL DEFAULT '',
        series_instance_uid TEXT    NOT NULL DEFAULT '',
        patient_key         TEXT    NOT NULL,
        file_path           TEXT    NOT NULL DEFAULT '',
        model_name          TEXT    NOT NULL,
        model_version       TEXT    NOT NULL,
        model_sha256        TEXT    NOT NULL,
        probabilities       TEXT    NOT NULL,
        label               TEXT    NOT NULL,
        threshold           REAL    NOT NULL,
        created_utc         TEXT    NOT NULL,
        UNIQUE (sop_instance_uid, model_sha256)
    );
    CREATE TABLE verdicts (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        prediction_id   INTEGER NOT NULL REFERENCES predictions(id),
        verdict         TEXT    NOT NULL CHECK (verdict IN ('agree', 'disagree')),
        corrected_label TEXT    CHECK (corrected_label IN ('NORMAL', 'PNEUMONIA', 'NOT_ASSESSABLE')),
        comment         TEXT    NOT NULL DEFAULT '',
        reader          TEXT    NOT NULL,
        created_utc     TEXT    NOT NULL,
        CHECK (verdict = 'agree' OR corrected_label IS NOT NULL)
    );
    CREATE INDEX verdicts_by_prediction ON verdicts(prediction_id, id);
    )sql",
    // 3: an Undo is a new row that withdraws an earlier one (history stays: nothing is deleted or
    // updated), and each verdict records how it was given: whether the AI's answer was hidden until
    // the reader asked for it (reader first), and how long the image was on screen. SQLite cannot
    // change a CHECK in place, so the table is rebuilt with the same ids; nothing refers to it yet.
    R"sql(
    CREATE TABLE verdicts_v3 (
        id                    INTEGER PRIMARY KEY AUTOINCREMENT,
        prediction_id         INTEGER NOT NULL REFERENCES predictions(id),
        verdict               TEXT    NOT NULL CHECK (verdict IN ('agree', 'disagree', 'withdrawn')),
        corrected_label       TEXT    CHECK (corrected_label IN ('NORMAL', 'PNEUMONIA', 'NOT_ASSESSABLE')),
        comment               TEXT    NOT NULL DEFAULT '',
        reader                TEXT    NOT NULL,
        created_utc           TEXT    NOT NULL,
        withdraws_verdict_id  INTEGER REFERENCES verdicts(id),
        ai_revealed_by_reader INTEGER CHECK (ai_revealed_by_reader IN (0, 1)),
        viewed_ms             INTEGER CHECK (viewed_ms >= 0),
        CHECK (verdict <> 'disagree' OR corrected_label IS NOT NULL),
        CHECK ((verdict = 'withdrawn') = (withdraws_verdict_id IS NOT NULL))
    );
    INSERT INTO verdicts_v3(id, prediction_id, verdict, corrected_label, comment, reader, created_utc)
        SELECT id, prediction_id, verdict, corrected_label, comment, reader, created_utc FROM verdicts;
    DROP TABLE verdicts;
    ALTER TABLE verdicts_v3 RENAME TO verdicts;
    CREATE INDEX verdicts_by_prediction ON verdicts(prediction_id, id);
    CREATE UNIQUE INDEX verdicts_withdrawn_once ON verdicts(withdraws_verdict_id);
    )sql",
    // 4: the outbox of results objects (SR, SC) on their way to a peer. One row per object and
    // peer (the same object is never queued twice for one peer); a failure counts an attempt and
    // schedules the next. Times are UTC ISO 8601 text with milliseconds, so they sort as text.
    R"sql(
    CREATE TABLE outbox (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        peer             TEXT    NOT NULL,
        study_uid        TEXT    NOT NULL DEFAULT '',
        source_sop_uid   TEXT    NOT NULL DEFAULT '',
        sop_uid          TEXT    NOT NULL,
        file_path        TEXT    NOT NULL,
        kind             TEXT    NOT NULL,
        state            TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'abandoned')),
        attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        created_utc      TEXT    NOT NULL,
        next_attempt_utc TEXT    NOT NULL,
        sent_utc         TEXT,
        last_error       TEXT    NOT NULL DEFAULT '',
        UNIQUE (peer, sop_uid),
        CHECK ((state = 'sent') = (sent_utc IS NOT NULL))
    );
    CREATE INDEX outbox_due ON outbox(state, next_attempt_utc);
    CREATE INDEX outbox_by_source ON outbox(source_sop_uid);
    )sql",
    // 5 (issue 20): what monitoring the model in use needs of each prediction, once per image and
    // model: when (UTC, and its day), the answer, the image's metadata as categories and a summary
    // of the 8-bit model input (five statistics and a 64-bin histogram: 64 little-endian uint32
    // counts). The verdict is the prediction's. Daily aggregates per model keep a year small to read:
    // counts, the sum of the probabilities and the summed input histogram (64 uint64 counts).
    R"sql(
    CREATE TABLE monitoring_observations (
        id                 INTEGER PRIMARY KEY AUTOINCREMENT,
        prediction_id      INTEGER REFERENCES predictions(id),
        observed_utc       TEXT    NOT NULL,
        day                TEXT    NOT NULL,
        source             TEXT    NOT NULL CHECK (source IN ('workstation', 'cli', 'node')),
        model_sha256       TEXT    NOT NULL,
        sop_instance_uid   TEXT    NOT NULL,
        label              TEXT    NOT NULL,
        probability        REAL    NOT NULL CHECK (probability >= 0 AND probability <= 1),
        manufacturer       TEXT    NOT NULL DEFAULT '',
        manufacturer_model TEXT    NOT NULL DEFAULT '',
        modality           TEXT    NOT NULL DEFAULT '',
        view_position      TEXT    NOT NULL DEFAULT '',
        body_part          TEXT    NOT NULL DEFAULT '',
        pixel_spacing      TEXT    NOT NULL DEFAULT '',
        bits_stored        INTEGER NOT NULL DEFAULT 0,
        photometric        TEXT    NOT NULL DEFAULT '',
        station            TEXT    NOT NULL DEFAULT '',
        institution        TEXT    NOT NULL DEFAULT '',
        input_mean         REAL    NOT NULL,
        input_sd           REAL    NOT NULL,
        input_p01          REAL    NOT NULL,
        input_p50          REAL    NOT NULL,
        input_p99          REAL    NOT NULL,
        input_histogram    BLOB    NOT NULL CHECK (length(input_histogram) = 256),
        UNIQUE (sop_instance_uid, model_sha256)
    );
    CREATE INDEX monitoring_by_model_day ON monitoring_observations(model_sha256, day);
    CREATE TABLE monitoring_days (
        model_sha256     TEXT    NOT NULL,
        day              TEXT    NOT NULL,
        images           INTEGER NOT NULL,
        positive         INTEGER NOT NULL,
        indeterminate    INTEGER NOT NULL,
        probability_sum  REAL    NOT NULL,
        input_histogram  BLOB    NOT NULL CHECK (length(input_histogram) = 512),
        PRIMARY KEY (model_sha256, day)
    ) WITHOUT ROWID;
    )sql",
    // 6 (issue 20): each observation's answer as the days count it (the shown label is the
    // positive one; it was INDETERMINATE), so that the monitor's windows of images and its daily
    // sums agree whatever the card's labels are called. Rows recorded under schema 5 take theirs
    // from the label of the two-class card they were made with.
    R"sql(
    ALTER TABLE monitoring_observations ADD COLUMN positive INTEGER NOT NULL DEFAULT 0 CHECK (positive IN (0, 1));
    ALTER TABLE monitoring_observations
        ADD COLUMN indeterminate INTEGER NOT NULL DEFAULT 0 CHECK (indeterminate IN (0, 1));
    UPDATE monitoring_observations SET positive = (label = 'PNEUMONIA'), indeterminate = (label = 'INDETERMINATE');
    )sql",
    // 7 (issue 20): golden-set runs, one row per run with its figures, floors and verdict, and the
    // positive label's probability of each image (by the SHA-256 of its file), so that the same
    // model on the same image can be compared run to run.
    R"sql(
    CREATE TABLE golden_runs (
        id                        INTEGER PRIMARY KEY AUTOINCREMENT,
        run_utc                   TEXT    NOT NULL,
        model_sha256              TEXT    NOT NULL,
        set_path                  TEXT    NOT NULL,
        set_sha256                TEXT    NOT NULL,
        images                    INTEGER NOT NULL CHECK (images > 0),
        positives                 INTEGER NOT NULL CHECK (positives >= 0),
        sensitivity               REAL,
        sensitivity_low           REAL,
        sensitivity_high          REAL,
        specificity               REAL,
        specificity_low           REAL,
        specificity_high          REAL,
        ece                       REAL    NOT NULL,
        target_sensitivity        REAL    NOT NULL,
        threshold_for_target      REAL,
        min_sensitivity           REAL    NOT NULL,
        min_specificity           REAL    NOT NULL,
        compared_run_id           INTEGER REFERENCES golden_runs(id),
        compared_images           INTEGER NOT NULL DEFAULT 0,
        largest_change            REAL,
        tolerance                 REAL    NOT NULL,
        passed                    INTEGER NOT NULL CHECK (passed IN (0, 1)),
        failures                  TEXT    NOT NULL DEFAULT '',
        reader                    TEXT    NOT NULL
    );
    CREATE INDEX golden_runs_by_model ON golden_runs(model_sha256, id);
    CREATE TABLE golden_outputs (
        run_id        INTEGER NOT NULL REFERENCES golden_runs(id),
        image_sha256  TEXT    NOT NULL,
        label         TEXT    NOT NULL,
        probability   REAL    NOT NULL CHECK (probability >= 0 AND probability <= 1),
        PRIMARY KEY (run_id, image_sha256)
    ) WITHOUT ROWID;
    )sql",
    // 8 (issue 21): how far the audit chain has reached each audit record repository (IHE ATNA):
    // the rows after last_row_id wait, and are sent in order when the repository answers again.
    R"sql(
    CREATE TABLE audit_delivery (
        repository   TEXT    PRIMARY KEY,
        last_row_id  INTEGER NOT NULL DEFAULT 0,
        updated_utc  TEXT    NOT NULL,
        last_error   TEXT    NOT NULL DEFAULT ''
    );
    )sql",
};

// How long a write waits for another connection's lock before it fails as Locked.
constexpr int kBusyTimeoutMs = 5000;

/// The kind of a failure from SQLite's primary result code and the system's errno behind it.
DatabaseError::Kind classify(int sqliteCode, int systemErrno)
{
    const int primary = sqliteCode & 0xff;
    // The system's errno is only this failure's own when SQLite says the file system failed.
    if (primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY || primary == SQLITE_FULL) {
        if (systemErrno == ENOSPC || systemErrno == EDQUOT) return DatabaseError::Kind::DiskFull;
        if (systemErrno == EROFS || systemErrno == EACCES || systemErrno == EPERM) return DatabaseError::Kind::ReadOnly;
    }
    switch (primary) {
        case SQLITE_FULL:
            return DatabaseError::Kind::DiskFull;
        case SQLITE_READONLY:
        case SQLITE_PERM:
            return DatabaseError::Kind::ReadOnly;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return DatabaseError::Kind::Locked;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return DatabaseError::Kind::Corrupt;
        case SQLITE_CANTOPEN:
            return DatabaseError::Kind::CannotOpen;
        default:
            return DatabaseError::Kind::Other;
    }
}

}  // namespace

FeedbackDatabase::FeedbackDatabase(const std::string& path) : m_path(path)
{
    // The feedback database is written to; say so plainly when it cannot be (read-only file
    // system or share, no permission) rather than with SQLite's later, vaguer failure to open
    // its WAL files.
    const std::string folder =
        path.find('/') == std::string::npos ? std::string(".") : path.substr(0, path.rfind('/') + 1);
    if (::access(path.c_str(), F_OK) == 0 ? ::access(path.c_str(), W_OK) != 0 : ::access(folder.c_str(), W_OK) != 0)
        throw DatabaseError(DatabaseError::Kind::ReadOnly, path,
                            path + ": cannot write the feedback database: " + std::strerror(errno));
    const int opened = sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (opened != SQLITE_OK) {
        const std::string reason = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(opened);
        const DatabaseError::Kind kind = classify(opened & 0xff, m_db ? sqlite3_system_errno(m_db) : 0);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw DatabaseError(kind == DatabaseError::Kind::Other ? DatabaseError::Kind::CannotOpen : kind, path,
                            path + ": cannot open feedback database: " + reason, {reason});
    }
    try {
        sqlite3_busy_timeout(m_db, kBusyTimeoutMs);
        execute("PRAGMA journal_mode=WAL");
        execute("PRAGMA synchronous=FULL");
        execute("PRAGMA foreign_keys=ON");
        migrate();
        qCDebug(lcFeedback, "feedback database %s opened: schema version %d, journal %s", path.c_str(), schemaVersion(),
                journalMode().c_str());
    } catch (...) {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw;
    }
}

FeedbackDatabase::~FeedbackDatabase()
{
    sqlite3_close(m_db);
}

void FeedbackDatabase::execute(const std::string& sql) const
{
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        sqlite3_free(message);
        throw failure();
    }
}

int FeedbackDatabase::queryInt(const std::string& sql) const
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) throw failure();
    const int value = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int(statement, 0) : 0;
    sqlite3_finalize(statement);
    return value;
}

std::string FeedbackDatabase::queryText(const std::string& sql) const
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) throw failure();
    std::string value;
    if (sqlite3_step(statement) == SQLITE_ROW) {
        const unsigned char* text = sqlite3_column_text(statement, 0);
        if (text) value = reinterpret_cast<const char*>(text);
    }
    sqlite3_finalize(statement);
    return value;
}

std::string FeedbackDatabase::lastError() const
{
    std::string reason = sqlite3_errmsg(m_db);
    switch (sqlite3_errcode(m_db)) {
        case SQLITE_IOERR:
        case SQLITE_FULL:
        case SQLITE_CANTOPEN:
        case SQLITE_READONLY:
            if (const int code = sqlite3_system_errno(m_db); code != 0)
                reason += std::string(" (") + std::strerror(code) + ")";
            break;
        default:
            break;
    }
    return reason;
}

DatabaseError FeedbackDatabase::failure() const
{
    const std::string message = m_path + ": " + lastError();
    const DatabaseError::Kind kind = classify(sqlite3_errcode(m_db), sqlite3_system_errno(m_db));
    switch (kind) {
        case DatabaseError::Kind::Locked:
            return DatabaseError(kind, m_path, message, {std::to_string(kBusyTimeoutMs / 1000)});
        case DatabaseError::Kind::Corrupt:
        case DatabaseError::Kind::CannotOpen:
            return DatabaseError(kind, m_path, message, {sqlite3_errmsg(m_db)});
        default:
            return DatabaseError(kind, m_path, message);
    }
}

const char* toString(DatabaseError::Kind kind)
{
    switch (kind) {
        case DatabaseError::Kind::CannotOpen:
            return "cannot_open";
        case DatabaseError::Kind::ReadOnly:
            return "read_only";
        case DatabaseError::Kind::DiskFull:
            return "disk_full";
        case DatabaseError::Kind::Locked:
            return "locked";
        case DatabaseError::Kind::SchemaTooNew:
            return "schema_too_new";
        case DatabaseError::Kind::Corrupt:
            return "corrupt";
        case DatabaseError::Kind::Other:
            return "other";
    }
    return "other";
}

int FeedbackDatabase::changes() const
{
    return sqlite3_changes(m_db);
}

long long FeedbackDatabase::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int FeedbackDatabase::schemaVersion() const
{
    return queryInt("PRAGMA user_version");
}

std::string FeedbackDatabase::journalMode() const
{
    return queryText("PRAGMA journal_mode");
}

int FeedbackDatabase::synchronousLevel() const
{
    return queryInt("PRAGMA synchronous");
}

bool FeedbackDatabase::foreignKeysEnabled() const
{
    return queryInt("PRAGMA foreign_keys") == 1;
}

void FeedbackDatabase::migrate()
{
    const int current = schemaVersion();
    if (current > kSchemaVersion)
        throw DatabaseError(DatabaseError::Kind::SchemaTooNew, m_path,
                            m_path + ": feedback database has schema version " + std::to_string(current) +
                                ", newer than this Pulmo understands (" + std::to_string(kSchemaVersion) + ")",
                            {std::to_string(current), std::to_string(kSchemaVersion)});
    for (int version = current + 1; version <= kSchemaVersion; ++version) {
        execute("BEGIN IMMEDIATE");
        try {
            execute(kMigrations[size_t(version - 1)]);
            execute("PRAGMA user_version=" + std::to_string(version));
            execute("COMMIT");
            qCInfo(lcFeedback, "feedback database %s migrated to schema version %d", m_path.c_str(), version);
        } catch (...) {
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }
}

}  // namespace pulmo::feedback
