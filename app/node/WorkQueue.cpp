#include "WorkQueue.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <utility>

namespace pulmo::node {
namespace {

// Migration N takes the schema from version N-1 to N, in one transaction. Never edit a released
// step: add one. Times are integer milliseconds since the Unix epoch (UTC).
constexpr std::array<const char*, SqliteWorkQueue::kSchemaVersion> kMigrations = {
    // 1: the jobs (one per radiograph and model: the result key is unique, so an image sent twice is
    // analysed once) and the outbox of their results objects (one row per object and destination).
    // A leased job has a worker and a lease end; nothing else has.
    R"sql(
    CREATE TABLE jobs (
        id                 INTEGER PRIMARY KEY AUTOINCREMENT,
        sop_instance_uid   TEXT    NOT NULL,
        study_instance_uid TEXT    NOT NULL DEFAULT '',
        sop_class_uid      TEXT    NOT NULL DEFAULT '',
        file_path          TEXT    NOT NULL,
        model_sha256       TEXT    NOT NULL,
        calling_ae_title   TEXT    NOT NULL DEFAULT '',
        received_ms        INTEGER NOT NULL,
        enqueued_ms        INTEGER NOT NULL,
        state              TEXT    NOT NULL DEFAULT 'queued'
                                   CHECK (state IN ('queued', 'leased', 'done', 'dead_letter')),
        attempts           INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        worker             TEXT,
        lease_until_ms     INTEGER,
        not_before_ms      INTEGER NOT NULL DEFAULT 0,
        finished_ms        INTEGER,
        last_error         TEXT    NOT NULL DEFAULT '',
        UNIQUE (sop_instance_uid, model_sha256),
        CHECK ((state = 'leased') = (worker IS NOT NULL AND lease_until_ms IS NOT NULL))
    );
    CREATE INDEX jobs_by_state ON jobs(state, received_ms, id);
    CREATE TABLE outbox (
        id                      INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id                  INTEGER NOT NULL REFERENCES jobs(id),
        destination             TEXT    NOT NULL,
        study_instance_uid      TEXT    NOT NULL DEFAULT '',
        source_sop_instance_uid TEXT    NOT NULL DEFAULT '',
        sop_instance_uid        TEXT    NOT NULL,
        kind                    TEXT    NOT NULL,
        file_path               TEXT    NOT NULL,
        state                   TEXT    NOT NULL DEFAULT 'pending'
                                        CHECK (state IN ('pending', 'sent', 'dead_letter')),
        attempts                INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        created_ms              INTEGER NOT NULL,
        next_attempt_ms         INTEGER NOT NULL,
        received_ms             INTEGER NOT NULL,
        sent_ms                 INTEGER,
        last_error              TEXT    NOT NULL DEFAULT '',
        UNIQUE (sop_instance_uid, destination),
        CHECK ((state = 'sent') = (sent_ms IS NOT NULL))
    );
    CREATE INDEX outbox_due ON outbox(state, next_attempt_ms);
    CREATE INDEX outbox_by_source ON outbox(source_sop_instance_uid);
    CREATE INDEX outbox_by_job ON outbox(job_id);
    )sql",
    // 2 (issue 19): what the node forwarded de-identified (--deidentify-for), kept to map the
    // answers it gets back to the original study: each replaced UID with its original, and each
    // forwarded study with its original and the identity record (a file of the node's store).
    R"sql(
    CREATE TABLE deid_uids (
        replacement TEXT    PRIMARY KEY,
        original    TEXT    NOT NULL,
        created_ms  INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE deid_studies (
        replacement     TEXT    PRIMARY KEY,
        original        TEXT    NOT NULL,
        identity_record TEXT    NOT NULL,
        pseudonym       TEXT    NOT NULL,
        created_ms      INTEGER NOT NULL
    ) WITHOUT ROWID;
    )sql",
};

// How long a write waits for another connection's lock (receiver, workers, sender, another
// process) before it fails.
constexpr int kBusyTimeoutMs = 10000;

constexpr const char* kJobColumns =
    "id, sop_instance_uid, study_instance_uid, sop_class_uid, file_path, model_sha256, calling_ae_title, "
    "received_ms, attempts, state, last_error";

constexpr const char* kOutboxColumns =
    "id, job_id, destination, study_instance_uid, source_sop_instance_uid, sop_instance_uid, kind, file_path, "
    "attempts, created_ms, next_attempt_ms, received_ms, state, last_error";

Job::State jobStateFromText(const std::string& text)
{
    if (text == "leased") return Job::State::Leased;
    if (text == "done") return Job::State::Done;
    if (text == "dead_letter") return Job::State::DeadLetter;
    return Job::State::Queued;
}

OutboxEntry::State entryStateFromText(const std::string& text)
{
    if (text == "sent") return OutboxEntry::State::Sent;
    if (text == "dead_letter") return OutboxEntry::State::DeadLetter;
    return OutboxEntry::State::Pending;
}

/// The outbox back-off after `attempts` failures: the first delay doubled per further failure,
/// capped (doubling stops at the cap, so no shift overflows).
int64_t backOffMs(const RetryPolicy& policy, int attempts)
{
    int64_t delay = std::max<int64_t>(policy.sendFirstDelayMs, 0);
    for (int failure = 1; failure < attempts && delay < policy.sendMaxDelayMs; ++failure) delay *= 2;
    return std::min(delay, policy.sendMaxDelayMs);
}

}  // namespace

const char* toString(Job::State state)
{
    switch (state) {
        case Job::State::Queued:
            return "queued";
        case Job::State::Leased:
            return "leased";
        case Job::State::Done:
            return "done";
        case Job::State::DeadLetter:
            return "dead_letter";
    }
    return "queued";
}

const char* toString(OutboxEntry::State state)
{
    switch (state) {
        case OutboxEntry::State::Pending:
            return "pending";
        case OutboxEntry::State::Sent:
            return "sent";
        case OutboxEntry::State::DeadLetter:
            return "dead_letter";
    }
    return "pending";
}

namespace {

/// The connection and what every statement needs to word its failure.
class Database {
public:
    Database(std::string path, RetryPolicy policy) : path(std::move(path)), policy(policy) {}
    ~Database() { sqlite3_close(db); }
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    std::string path;
    RetryPolicy policy;
    sqlite3* db = nullptr;

    /// "PATH: CONTEXT: SQLite's reason" (with the system's, when the file system failed).
    QueueError failure(const std::string& context) const
    {
        std::string reason = db ? sqlite3_errmsg(db) : "out of memory";
        if (db) {
            switch (sqlite3_errcode(db) & 0xff) {
                case SQLITE_IOERR:
                case SQLITE_FULL:
                case SQLITE_CANTOPEN:
                case SQLITE_READONLY:
                    if (const int code = sqlite3_system_errno(db); code != 0)
                        reason += std::string(" (") + std::strerror(code) + ")";
                    break;
                default:
                    break;
            }
        }
        return QueueError(path + ": " + context + ": " + reason);
    }
    QueueError error(const std::string& message) const { return QueueError(path + ": " + message); }

    void execute(const char* sql, const char* context) const
    {
        if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) throw failure(context);
    }
    void open();
    void migrate();
};

/// A prepared statement; finalized by its destructor.
class Statement {
public:
    Statement(const Database& queue, const char* sql, const char* context) : m_queue(queue), m_context(context)
    {
        if (sqlite3_prepare_v2(queue.db, sql, -1, &m_statement, nullptr) != SQLITE_OK) throw queue.failure(context);
    }
    Statement(const Database& queue, const std::string& sql, const char* context)
        : Statement(queue, sql.c_str(), context)
    {
    }
    ~Statement() { sqlite3_finalize(m_statement); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, const std::string& value)
    {
        sqlite3_bind_text(m_statement, index, value.data(), int(value.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int index, int64_t value)
    {
        sqlite3_bind_int64(m_statement, index, value);
        return *this;
    }
    /// True while there is a row.
    bool step()
    {
        const int status = sqlite3_step(m_statement);
        if (status == SQLITE_ROW) return true;
        if (status == SQLITE_DONE) return false;
        throw m_queue.failure(m_context);
    }
    void run()
    {
        step();
        sqlite3_reset(m_statement);
    }
    void reset()
    {
        sqlite3_reset(m_statement);
        sqlite3_clear_bindings(m_statement);
    }
    std::string text(int column) const
    {
        const auto* value = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
        return value ? std::string(value, size_t(sqlite3_column_bytes(m_statement, column))) : std::string();
    }
    int64_t integer(int column) const { return sqlite3_column_int64(m_statement, column); }
    bool isNull(int column) const { return sqlite3_column_type(m_statement, column) == SQLITE_NULL; }

private:
    const Database& m_queue;
    const char* m_context;
    sqlite3_stmt* m_statement = nullptr;
};

/// BEGIN IMMEDIATE (the write lock first, so that a read never has to be upgraded under another
/// writer) or a deferred read transaction; ROLLBACK unless commit() ran. Never throws from the
/// destructor.
class Transaction {
public:
    enum class Kind { Write, Read };
    Transaction(const Database& queue, const char* context, Kind kind = Kind::Write)
        : m_queue(queue), m_context(context)
    {
        m_queue.execute(kind == Kind::Write ? "BEGIN IMMEDIATE" : "BEGIN", context);
    }
    ~Transaction()
    {
        if (!m_committed) sqlite3_exec(m_queue.db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit()
    {
        m_queue.execute("COMMIT", m_context);
        m_committed = true;
    }

private:
    const Database& m_queue;
    const char* m_context;
    bool m_committed = false;
};

Job readJob(const Statement& row)
{
    Job job;
    job.id = row.integer(0);
    job.sopInstanceUid = row.text(1);
    job.studyInstanceUid = row.text(2);
    job.sopClassUid = row.text(3);
    job.filePath = row.text(4);
    job.modelSha256 = row.text(5);
    job.callingAeTitle = row.text(6);
    job.receivedMs = row.integer(7);
    job.attempts = int(row.integer(8));
    job.state = jobStateFromText(row.text(9));
    job.lastError = row.text(10);
    return job;
}

OutboxEntry readEntry(const Statement& row)
{
    OutboxEntry entry;
    entry.id = row.integer(0);
    entry.jobId = row.integer(1);
    entry.destination = row.text(2);
    entry.studyInstanceUid = row.text(3);
    entry.sourceSopInstanceUid = row.text(4);
    entry.sopInstanceUid = row.text(5);
    entry.kind = row.text(6);
    entry.filePath = row.text(7);
    entry.attempts = int(row.integer(8));
    entry.createdMs = row.integer(9);
    entry.nextAttemptMs = row.integer(10);
    entry.receivedMs = row.integer(11);
    entry.state = entryStateFromText(row.text(12));
    entry.lastError = row.text(13);
    return entry;
}

std::string selectJobs(const char* rest)
{
    return std::string("SELECT ") + kJobColumns + " FROM jobs " + rest;
}

std::string selectEntries(const char* rest)
{
    return std::string("SELECT ") + kOutboxColumns + " FROM outbox " + rest;
}

/// What a leased job's outbox entries take from it.
struct LeasedJob {
    std::string sopInstanceUid;
    std::string studyInstanceUid;
    int64_t receivedMs = 0;
};

/// Throws unless job `jobId` is leased to `worker`. A lease that has run out still belongs to its
/// worker until another takes the job.
LeasedJob requireLease(const Database& queue, long long jobId, const std::string& worker, const char* context)
{
    Statement query(queue,
                    "SELECT state, worker, sop_instance_uid, study_instance_uid, received_ms FROM jobs WHERE id = ?1",
                    context);
    query.bind(1, int64_t(jobId));
    if (!query.step()) throw queue.error(std::string(context) + ": no job " + std::to_string(jobId));
    const std::string state = query.text(0);
    if (state != "leased" || query.text(1) != worker)
        throw queue.error(std::string(context) + ": job " + std::to_string(jobId) + " is not leased to worker '" +
                          worker + "' (it is " + state + (state == "leased" ? " by '" + query.text(1) + "'" : "") +
                          ")");
    return {query.text(2), query.text(3), query.integer(4)};
}

/// Puts `results` in the outbox for job `jobId`, pending and due at `dueMs`; an entry's study and
/// radiograph default to the job's (`job`). The same object for the same destination is queued
/// once, whoever asks again.
void insertOutbox(const Database& queue, long long jobId, const LeasedJob& job, const std::vector<OutboxEntry>& results,
                  int64_t nowMs, int64_t dueMs, const char* context)
{
    Statement insert(queue,
                     "INSERT INTO outbox(job_id, destination, study_instance_uid, source_sop_instance_uid, "
                     "sop_instance_uid, kind, file_path, created_ms, next_attempt_ms, received_ms) "
                     "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?10, ?9) "
                     "ON CONFLICT(sop_instance_uid, destination) DO NOTHING",
                     context);
    for (const OutboxEntry& result : results) {
        insert.bind(1, int64_t(jobId))
            .bind(2, result.destination)
            .bind(3, result.studyInstanceUid.empty() ? job.studyInstanceUid : result.studyInstanceUid)
            .bind(4, result.sourceSopInstanceUid.empty() ? job.sopInstanceUid : result.sourceSopInstanceUid)
            .bind(5, result.sopInstanceUid)
            .bind(6, result.kind)
            .bind(7, result.filePath)
            .bind(8, nowMs)
            .bind(9, job.receivedMs)
            .bind(10, dueMs);
        insert.run();
    }
}

}  // namespace

void Database::open()
{
    // The folder first: a fresh node has none yet.
    const std::filesystem::path file(path);
    if (file.has_parent_path()) {
        std::error_code code;
        std::filesystem::create_directories(file.parent_path(), code);
        if (code)
            throw error("cannot create the queue's folder " + file.parent_path().string() + ": " + code.message());
    }
    const int opened = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (opened != SQLITE_OK) {
        if (!db) throw error(std::string("cannot open the queue database: ") + sqlite3_errstr(opened));
        throw failure("cannot open the queue database");
    }
    // SQLite falls back to reading when it may not write; the node must write, so say it now and
    // not at the first C-STORE.
    if (sqlite3_db_readonly(db, "main") == 1) throw error("cannot write the queue database (read-only)");
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    // journal_mode answers the mode in force: a file system without shared memory keeps another.
    {
        Statement journal(*this, "PRAGMA journal_mode=WAL", "cannot open the queue database");
        const std::string mode = journal.step() ? journal.text(0) : std::string();
        if (mode != "wal") throw error("cannot put the queue database into WAL mode (journal mode is '" + mode + "')");
    }
    execute("PRAGMA synchronous=FULL", "cannot open the queue database");
    execute("PRAGMA foreign_keys=ON", "cannot open the queue database");
    migrate();
}

void Database::migrate()
{
    const char* context = "cannot migrate the queue database";
    {
        // Already current (every open but the first): no write lock for the many connections.
        Statement version(*this, "PRAGMA user_version", context);
        const int current = version.step() ? int(version.integer(0)) : 0;
        if (current == SqliteWorkQueue::kSchemaVersion) return;
    }
    // Each step reads the version under the write lock: another process may be migrating the same
    // file at the same time.
    for (;;) {
        Transaction transaction(*this, context);
        Statement version(*this, "PRAGMA user_version", context);
        const int current = version.step() ? int(version.integer(0)) : 0;
        if (current > SqliteWorkQueue::kSchemaVersion)
            throw error("the queue database has schema version " + std::to_string(current) +
                        ", newer than this Pulmo understands (" + std::to_string(SqliteWorkQueue::kSchemaVersion) +
                        ")");
        if (current == SqliteWorkQueue::kSchemaVersion) return;  // the transaction wrote nothing: its rollback is free
        execute(kMigrations[size_t(current)], context);
        execute(("PRAGMA user_version=" + std::to_string(current + 1)).c_str(), context);
        transaction.commit();
    }
}

class SqliteWorkQueue::Impl : public Database {
public:
    using Database::Database;
};

SqliteWorkQueue::SqliteWorkQueue(const std::string& path, RetryPolicy policy)
    : m_impl(std::make_unique<Impl>(path, policy))
{
    if (path.empty()) throw QueueError("the queue database has no file name");
    m_impl->open();  // Impl's destructor closes a connection that failed half-way
}

SqliteWorkQueue::~SqliteWorkQueue() = default;

const std::string& SqliteWorkQueue::path() const
{
    return m_impl->path;
}

const RetryPolicy& SqliteWorkQueue::policy() const
{
    return m_impl->policy;
}

EnqueueOutcome SqliteWorkQueue::enqueue(const Job& job, int64_t nowMs)
{
    const char* context = "cannot enqueue a job";
    if (job.sopInstanceUid.empty() || job.modelSha256.empty())
        throw m_impl->error(std::string(context) + ": the job has no SOP Instance UID or model SHA-256");
    Transaction transaction(*m_impl, context);
    Statement insert(*m_impl,
                     "INSERT INTO jobs(sop_instance_uid, study_instance_uid, sop_class_uid, file_path, model_sha256, "
                     "calling_ae_title, received_ms, enqueued_ms) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                     "ON CONFLICT(sop_instance_uid, model_sha256) DO NOTHING",
                     context);
    insert.bind(1, job.sopInstanceUid)
        .bind(2, job.studyInstanceUid)
        .bind(3, job.sopClassUid)
        .bind(4, job.filePath)
        .bind(5, job.modelSha256)
        .bind(6, job.callingAeTitle)
        .bind(7, job.receivedMs)
        .bind(8, nowMs);
    insert.run();
    const bool added = sqlite3_changes(m_impl->db) == 1;
    transaction.commit();  // synchronous=FULL: on disk when COMMIT returns
    return added ? EnqueueOutcome::Queued : EnqueueOutcome::Duplicate;
}

std::vector<Job> SqliteWorkQueue::lease(const std::string& worker, int max, int64_t nowMs)
{
    const char* context = "cannot lease jobs";
    std::vector<Job> leased;
    if (max <= 0) return leased;
    Transaction transaction(*m_impl, context);
    // A lease that ran out is a failed attempt (its worker died, perhaps on this very image): an
    // image that kills its worker every time ends as a dead letter instead of killing them all.
    const std::string reason = "its worker stopped while analysing it (lease expired)";
    Statement ready(*m_impl,
                    selectJobs("WHERE (state = 'queued' AND not_before_ms <= ?1) OR "
                               "(state = 'leased' AND lease_until_ms < ?1) "
                               "ORDER BY received_ms, id LIMIT ?2"),
                    context);
    Statement take(*m_impl,
                   "UPDATE jobs SET state = 'leased', worker = ?2, lease_until_ms = ?3, attempts = attempts + ?4, "
                   "last_error = CASE WHEN ?4 > 0 THEN ?5 ELSE last_error END WHERE id = ?1",
                   context);
    Statement bury(*m_impl,
                   "UPDATE jobs SET state = 'dead_letter', worker = NULL, lease_until_ms = NULL, "
                   "attempts = attempts + 1, last_error = ?2, finished_ms = ?3 WHERE id = ?1",
                   context);
    // Rounds, because a job buried frees its place for the next one.
    for (bool buried = true; buried && int(leased.size()) < max;) {
        buried = false;
        std::vector<Job> candidates;
        ready.bind(1, nowMs).bind(2, int64_t(max - int(leased.size())));
        while (ready.step()) candidates.push_back(readJob(ready));
        ready.reset();
        for (Job& job : candidates) {
            const bool expired = job.state == Job::State::Leased;
            if (expired && job.attempts + 1 >= m_impl->policy.maxAttempts) {
                bury.bind(1, int64_t(job.id)).bind(2, reason).bind(3, nowMs);
                bury.run();
                buried = true;
                continue;
            }
            take.bind(1, int64_t(job.id))
                .bind(2, worker)
                .bind(3, nowMs + m_impl->policy.leaseMs)
                .bind(4, int64_t(expired ? 1 : 0))
                .bind(5, reason);
            take.run();
            if (expired) {
                ++job.attempts;
                job.lastError = reason;
            }
            job.state = Job::State::Leased;
            leased.push_back(job);
        }
    }
    transaction.commit();
    return leased;
}

int SqliteWorkQueue::adoptModel(const std::string& modelSha256, int64_t nowMs)
{
    const char* context = "cannot move the queued jobs to the node's model";
    Transaction transaction(*m_impl, context);
    Statement rekey(
        *m_impl, "UPDATE OR IGNORE jobs SET model_sha256 = ?1 WHERE state = 'queued' AND model_sha256 <> ?1", context);
    rekey.bind(1, modelSha256);
    rekey.run();
    const int moved = sqlite3_changes(m_impl->db);
    // Those whose image already has a job with this model: that job analyses it.
    Statement superseded(*m_impl,
                         "UPDATE jobs SET state = 'done', finished_ms = ?2, "
                         "last_error = 'superseded: the image has a job with model ' || ?1 "
                         "WHERE state = 'queued' AND model_sha256 <> ?1",
                         context);
    superseded.bind(1, modelSha256).bind(2, nowMs);
    superseded.run();
    transaction.commit();
    return moved;
}

int SqliteWorkQueue::recoverAbandoned(const std::string& reason, int64_t nowMs)
{
    const char* context = "cannot recover the jobs of a stopped node";
    Transaction transaction(*m_impl, context);
    // No attempt is counted: a node killed from outside (an upgrade, the OOM killer, a power cut)
    // says nothing about the images in its hands, and counting it dead-lettered innocent images of
    // a node killed a few times in a row (tst_nodecrash found it).
    Statement update(*m_impl,
                     "UPDATE jobs SET last_error = ?1, worker = NULL, lease_until_ms = NULL, state = 'queued' "
                     "WHERE state = 'leased'",
                     context);
    update.bind(1, reason);
    update.run();
    (void)nowMs;
    const int changed = sqlite3_changes(m_impl->db);
    transaction.commit();
    return changed;
}

void SqliteWorkQueue::complete(long long jobId, const std::string& worker, const std::vector<OutboxEntry>& results,
                               int64_t nowMs)
{
    const char* context = "cannot complete a job";
    for (const OutboxEntry& result : results)
        if (result.sopInstanceUid.empty() || result.destination.empty())
            throw m_impl->error(std::string(context) + ": a result of job " + std::to_string(jobId) +
                                " has no SOP Instance UID or destination");
    Transaction transaction(*m_impl, context);
    const LeasedJob leased = requireLease(*m_impl, jobId, worker, context);
    Statement done(*m_impl,
                   "UPDATE jobs SET state = 'done', worker = NULL, lease_until_ms = NULL, finished_ms = ?2 "
                   "WHERE id = ?1",
                   context);
    done.bind(1, int64_t(jobId)).bind(2, nowMs);
    done.run();
    insertOutbox(*m_impl, jobId, leased, results, nowMs, nowMs, context);
    transaction.commit();
}

namespace {

/// The key of `job` recorded done and `results` put in the outbox, due at `dueMs`, inside the
/// caller's transaction; false (nothing added) when the key was recorded before.
bool recordDone(const Database& queue, const Job& job, const std::vector<OutboxEntry>& results, int64_t nowMs,
                int64_t dueMs, const char* context)
{
    if (job.sopInstanceUid.empty() || job.modelSha256.empty())
        throw queue.error(std::string(context) + ": the job has no SOP Instance UID or model SHA-256");
    for (const OutboxEntry& result : results)
        if (result.sopInstanceUid.empty() || result.destination.empty())
            throw queue.error(std::string(context) + ": a result of " + job.sopInstanceUid +
                              " has no SOP Instance UID or destination");
    Statement key(queue,
                  "INSERT INTO jobs(sop_instance_uid, study_instance_uid, sop_class_uid, file_path, model_sha256, "
                  "calling_ae_title, received_ms, enqueued_ms, state, attempts, finished_ms) "
                  "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'done', ?9, ?8) "
                  "ON CONFLICT(sop_instance_uid, model_sha256) DO NOTHING",
                  context);
    key.bind(1, job.sopInstanceUid)
        .bind(2, job.studyInstanceUid)
        .bind(3, job.sopClassUid)
        .bind(4, job.filePath)
        .bind(5, job.modelSha256)
        .bind(6, job.callingAeTitle)
        .bind(7, job.receivedMs)
        .bind(8, nowMs)
        .bind(9, int64_t(job.attempts));
    key.run();
    if (sqlite3_changes(queue.db) != 1) return false;  // done here before: its results are in the outbox
    const int64_t jobId = sqlite3_last_insert_rowid(queue.db);
    insertOutbox(queue, jobId, LeasedJob{job.sopInstanceUid, job.studyInstanceUid, job.receivedMs}, results, nowMs,
                 dueMs > 0 ? dueMs : nowMs, context);
    return true;
}

}  // namespace

bool SqliteWorkQueue::recordCompleted(const Job& job, const std::vector<OutboxEntry>& results, int64_t nowMs,
                                      int64_t dueMs)
{
    const char* context = "cannot record a completed job";
    Transaction transaction(*m_impl, context);
    if (!recordDone(*m_impl, job, results, nowMs, dueMs, context)) return false;
    transaction.commit();
    return true;
}

bool SqliteWorkQueue::recordForwarded(const Job& job, const OutboxEntry& copy,
                                      const std::map<std::string, std::string>& uidMap,
                                      const std::string& originalStudyUid, const std::string& identityRecord,
                                      const std::string& pseudonym, int64_t nowMs)
{
    const char* context = "cannot record a de-identified copy";
    const auto replacementStudy = uidMap.find(originalStudyUid);
    if (replacementStudy == uidMap.end())
        throw m_impl->error(std::string(context) + ": the copy of " + job.sopInstanceUid +
                            " has no replaced Study Instance UID");
    Transaction transaction(*m_impl, context);
    if (!recordDone(*m_impl, job, {copy}, nowMs, 0, context)) return false;
    Statement uid(*m_impl,
                  "INSERT INTO deid_uids(replacement, original, created_ms) VALUES(?1, ?2, ?3) "
                  "ON CONFLICT(replacement) DO NOTHING",
                  context);
    for (const auto& [original, replacement] : uidMap) {
        uid.bind(1, replacement).bind(2, original).bind(3, nowMs);
        uid.run();
    }
    // One identity record per study: the first image's (the modules are the study's).
    Statement study(*m_impl,
                    "INSERT INTO deid_studies(replacement, original, identity_record, pseudonym, created_ms) "
                    "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(replacement) DO NOTHING",
                    context);
    study.bind(1, replacementStudy->second)
        .bind(2, originalStudyUid)
        .bind(3, identityRecord)
        .bind(4, pseudonym)
        .bind(5, nowMs);
    study.run();
    transaction.commit();
    return true;
}

std::optional<std::string> SqliteWorkQueue::originalUid(const std::string& replacement)
{
    Statement query(*m_impl, "SELECT original FROM deid_uids WHERE replacement = ?1", "cannot read the UID map");
    query.bind(1, replacement);
    if (!query.step()) return std::nullopt;
    return query.text(0);
}

std::optional<ForwardedStudy> SqliteWorkQueue::forwardedStudy(const std::string& replacementStudyUid)
{
    Statement query(*m_impl, "SELECT original, identity_record, pseudonym FROM deid_studies WHERE replacement = ?1",
                    "cannot read the forwarded studies");
    query.bind(1, replacementStudyUid);
    if (!query.step()) return std::nullopt;
    return ForwardedStudy{query.text(0), query.text(1), query.text(2)};
}

bool SqliteWorkQueue::fail(long long jobId, const std::string& worker, const std::string& reason, int64_t nowMs)
{
    const char* context = "cannot record a failed job";
    Transaction transaction(*m_impl, context);
    requireLease(*m_impl, jobId, worker, context);
    // Not at once: a passing failure (a full disk, a GPU out of memory) would use up the attempts
    // in milliseconds. The delay doubles per attempt.
    Statement update(*m_impl,
                     "UPDATE jobs SET attempts = attempts + 1, last_error = ?2, worker = NULL, lease_until_ms = NULL, "
                     "state = CASE WHEN attempts + 1 >= ?3 THEN 'dead_letter' ELSE 'queued' END, "
                     "finished_ms = CASE WHEN attempts + 1 >= ?3 THEN ?4 ELSE NULL END, "
                     "not_before_ms = ?4 + (?5 << min(attempts, 20)) "
                     "WHERE id = ?1 RETURNING state",
                     context);
    update.bind(1, int64_t(jobId))
        .bind(2, reason)
        .bind(3, int64_t(m_impl->policy.maxAttempts))
        .bind(4, nowMs)
        .bind(5, m_impl->policy.jobRetryDelayMs);
    const bool deadLetter = update.step() && update.text(0) == "dead_letter";
    update.reset();
    transaction.commit();
    return deadLetter;
}

void SqliteWorkQueue::release(long long jobId, const std::string& worker)
{
    const char* context = "cannot release a job";
    Transaction transaction(*m_impl, context);
    requireLease(*m_impl, jobId, worker, context);
    Statement update(*m_impl, "UPDATE jobs SET state = 'queued', worker = NULL, lease_until_ms = NULL WHERE id = ?1",
                     context);
    update.bind(1, int64_t(jobId));
    update.run();
    transaction.commit();
}

std::optional<Job> SqliteWorkQueue::job(long long id)
{
    Statement query(*m_impl, selectJobs("WHERE id = ?1"), "cannot read a job");
    query.bind(1, int64_t(id));
    if (!query.step()) return std::nullopt;
    return readJob(query);
}

std::optional<Job> SqliteWorkQueue::jobFor(const std::string& sopInstanceUid, const std::string& modelSha256)
{
    Statement query(*m_impl, selectJobs("WHERE sop_instance_uid = ?1 AND model_sha256 = ?2"), "cannot read a job");
    query.bind(1, sopInstanceUid).bind(2, modelSha256);
    if (!query.step()) return std::nullopt;
    return readJob(query);
}

QueueCounts SqliteWorkQueue::counts()
{
    // One statement is one read transaction: the numbers are of one moment.
    Statement query(*m_impl,
                    "SELECT (SELECT count(*) FROM jobs WHERE state = 'queued'), "
                    "(SELECT count(*) FROM jobs WHERE state = 'leased'), "
                    "(SELECT count(*) FROM jobs WHERE state = 'done'), "
                    "(SELECT count(*) FROM jobs WHERE state = 'dead_letter'), "
                    "(SELECT count(*) FROM outbox WHERE state = 'pending'), "
                    "(SELECT count(*) FROM outbox WHERE state = 'sent'), "
                    "(SELECT count(*) FROM outbox WHERE state = 'dead_letter')",
                    "cannot count the queue");
    QueueCounts counts;
    if (!query.step()) return counts;
    counts.queued = query.integer(0);
    counts.leased = query.integer(1);
    counts.done = query.integer(2);
    counts.deadLetters = query.integer(3);
    counts.outboxPending = query.integer(4);
    counts.outboxSent = query.integer(5);
    counts.outboxDeadLetters = query.integer(6);
    return counts;
}

std::vector<OutboxEntry> SqliteWorkQueue::due(int64_t nowMs, int max)
{
    std::vector<OutboxEntry> entries;
    if (max <= 0) return entries;
    Statement query(*m_impl,
                    selectEntries("WHERE state = 'pending' AND next_attempt_ms <= ?1 ORDER BY created_ms, id LIMIT ?2"),
                    "cannot read the outbox");
    query.bind(1, nowMs).bind(2, int64_t(max));
    while (query.step()) entries.push_back(readEntry(query));
    return entries;
}

void SqliteWorkQueue::markSent(long long id, int64_t nowMs)
{
    const char* context = "cannot mark an outbox entry sent";
    Transaction transaction(*m_impl, context);
    // Stored is stored, even when it was given up meanwhile; the first time it was stored stays.
    Statement update(*m_impl, "UPDATE outbox SET state = 'sent', sent_ms = coalesce(sent_ms, ?2) WHERE id = ?1",
                     context);
    update.bind(1, int64_t(id)).bind(2, nowMs);
    update.run();
    if (sqlite3_changes(m_impl->db) != 1)
        throw m_impl->error(std::string(context) + ": no outbox entry " + std::to_string(id));
    transaction.commit();
}

bool SqliteWorkQueue::markFailed(long long id, const std::string& reason, int64_t nowMs)
{
    const char* context = "cannot record a failed send";
    Transaction transaction(*m_impl, context);
    Statement query(*m_impl, "SELECT state, attempts, created_ms FROM outbox WHERE id = ?1", context);
    query.bind(1, int64_t(id));
    if (!query.step()) throw m_impl->error(std::string(context) + ": no outbox entry " + std::to_string(id));
    const std::string state = query.text(0);
    if (state != "pending")
        throw m_impl->error(std::string(context) + ": outbox entry " + std::to_string(id) + " is " + state +
                            ", not pending");
    const int attempts = int(query.integer(1)) + 1;
    const int64_t createdMs = query.integer(2);
    const RetryPolicy& policy = m_impl->policy;
    const int64_t giveUpAtMs = createdMs + policy.sendGiveUpMs;
    const bool deadLetter = nowMs >= giveUpAtMs;
    // The last retry falls on the give-up time itself, so that an entry is kept for exactly
    // sendGiveUpMs and not for up to one more back-off.
    const int64_t nextMs = deadLetter ? nowMs : std::min(nowMs + backOffMs(policy, attempts), giveUpAtMs);
    Statement update(*m_impl,
                     "UPDATE outbox SET attempts = ?2, last_error = ?3, next_attempt_ms = ?4, state = ?5 WHERE id = ?1",
                     context);
    update.bind(1, int64_t(id))
        .bind(2, int64_t(attempts))
        .bind(3, reason)
        .bind(4, nextMs)
        .bind(5, std::string(deadLetter ? "dead_letter" : "pending"));
    update.run();
    transaction.commit();
    return deadLetter;
}

std::optional<int64_t> SqliteWorkQueue::nextDueMs()
{
    Statement query(*m_impl, "SELECT min(next_attempt_ms) FROM outbox WHERE state = 'pending'",
                    "cannot read the outbox");
    if (!query.step() || query.isNull(0)) return std::nullopt;
    return query.integer(0);
}

std::optional<OutboxEntry> SqliteWorkQueue::entry(long long id)
{
    Statement query(*m_impl, selectEntries("WHERE id = ?1"), "cannot read the outbox");
    query.bind(1, int64_t(id));
    if (!query.step()) return std::nullopt;
    return readEntry(query);
}

std::vector<OutboxEntry> SqliteWorkQueue::entriesFor(const std::string& sourceSopInstanceUid)
{
    Statement query(*m_impl, selectEntries("WHERE source_sop_instance_uid = ?1 ORDER BY id"), "cannot read the outbox");
    query.bind(1, sourceSopInstanceUid);
    std::vector<OutboxEntry> entries;
    while (query.step()) entries.push_back(readEntry(query));
    return entries;
}

std::string SqliteWorkQueue::integrityCheck()
{
    Statement query(*m_impl, "PRAGMA integrity_check", "cannot check the queue database");
    return query.step() ? query.text(0) : std::string("no answer from integrity_check");
}

std::string SqliteWorkQueue::journalMode()
{
    Statement query(*m_impl, "PRAGMA journal_mode", "cannot read the journal mode");
    return query.step() ? query.text(0) : std::string();
}

int SqliteWorkQueue::synchronousLevel()
{
    Statement query(*m_impl, "PRAGMA synchronous", "cannot read the synchronous level");
    return query.step() ? int(query.integer(0)) : -1;
}

int SqliteWorkQueue::schemaVersion()
{
    Statement query(*m_impl, "PRAGMA user_version", "cannot read the schema version");
    return query.step() ? int(query.integer(0)) : 0;
}

std::unique_ptr<SqliteWorkQueue> openWorkQueue(const std::string& url, RetryPolicy policy)
{
    constexpr std::string_view scheme = "sqlite:";
    if (url.compare(0, scheme.size(), scheme) != 0)
        throw QueueError("unsupported queue '" + url + "': expected sqlite:PATH");
    const std::string path = url.substr(scheme.size());
    if (path.empty()) throw QueueError("the queue '" + url + "' names no file: expected sqlite:PATH");
    return std::make_unique<SqliteWorkQueue>(path, policy);
}

}  // namespace pulmo::node
