#pragma once
// pulmo-node's durable work (issue 17 item 2): the jobs (one per received radiograph and model) and
// the outbox of their results objects, behind one small interface so that a broker (RabbitMQ,
// issue 18) can take the jobs' place. The embedded default keeps both in one SQLite file of the
// node's own (WAL, synchronous=FULL, numbered migrations; never the feedback database), so that a
// job is acknowledged in the same transaction that puts its results in the outbox.
//
// Times are milliseconds since the Unix epoch (UTC), given by the caller, so that tests can move
// the clock. Every method throws QueueError naming the file and SQLite's reason.
//
// Threads: one object per thread (each opens its own connection; SQLite's busy time-out lets the
// receiver, the workers and the sender share the file).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace pulmo::node {

class QueueError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One received image to analyse with one model. (sopInstanceUid, modelSha256) is unique.
struct Job {
    long long id = 0;
    std::string sopInstanceUid;
    std::string studyInstanceUid;
    std::string sopClassUid;
    std::string filePath;  ///< the instance in the node's store
    std::string modelSha256;
    std::string callingAeTitle;
    int64_t receivedMs = 0;  ///< when the C-STORE arrived (end-to-end latency starts here)
    int attempts = 0;        ///< failed attempts so far
    enum class State { Queued, Leased, Done, DeadLetter } state = State::Queued;
    std::string lastError;  ///< the reason of the last failure (English)
};

const char* toString(Job::State state);  ///< "queued", "leased", "done", "dead_letter"

enum class EnqueueOutcome {
    Queued,     ///< a new job, durable on return
    Duplicate,  ///< the same image and model was queued before (in any state): nothing added
};

/// One results object to send to one destination.
struct OutboxEntry {
    long long id = 0;
    long long jobId = 0;
    std::string destination;  ///< "AET@HOST:PORT"
    std::string studyInstanceUid;
    std::string sourceSopInstanceUid;  ///< the radiograph
    std::string sopInstanceUid;        ///< the object's own
    std::string kind;                  ///< "sr" or "sc"
    std::string filePath;
    int attempts = 0;
    int64_t createdMs = 0;
    int64_t nextAttemptMs = 0;
    int64_t receivedMs = 0;  ///< the job's, for the end-to-end latency
    enum class State { Pending, Sent, DeadLetter } state = State::Pending;
    std::string lastError;
};

const char* toString(OutboxEntry::State state);  ///< "pending", "sent", "dead_letter"

/// How failures are retried.
struct RetryPolicy {
    int maxAttempts = 3;                        ///< a job failing this often is dead-lettered
    int64_t leaseMs = 5 * 60 * 1000;            ///< a leased job whose worker died is queued again after this
    int64_t sendFirstDelayMs = 10 * 1000;       ///< outbox back-off: first retry after this ...
    int64_t sendMaxDelayMs = 10 * 60 * 1000;    ///< ... doubling up to this cap
    int64_t sendGiveUpMs = 72LL * 3600 * 1000;  ///< an object not stored this long after it was made is dead-lettered
    int64_t jobRetryDelayMs = 5000;  ///< a failed job waits this long before its next lease, doubled per attempt
};

struct QueueCounts {
    long long queued = 0;  ///< waiting for a worker
    long long leased = 0;  ///< in a worker's hands
    long long done = 0;
    long long deadLetters = 0;    ///< jobs given up
    long long outboxPending = 0;  ///< objects not yet stored at their destination
    long long outboxSent = 0;
    long long outboxDeadLetters = 0;  ///< objects given up after sendGiveUpMs
    long long depth() const { return queued + leased; }
};

class WorkQueue {
public:
    virtual ~WorkQueue() = default;

    /// Makes `job` durable (on disk when this returns: the C-STORE may then be answered).
    virtual EnqueueOutcome enqueue(const Job& job, int64_t nowMs) = 0;
    /// Leases up to `max` jobs to `worker` until nowMs + policy.leaseMs: queued ones, and leased
    /// ones whose lease has expired (their worker died), oldest first.
    virtual std::vector<Job> lease(const std::string& worker, int max, int64_t nowMs) = 0;
    /// The job is done: marked so, and `results` (one per object and destination; their ids and
    /// states are ignored) put in the outbox, pending and due now, in one transaction. Throws when
    /// the job is no longer leased to `worker` (its lease expired and another took it): then
    /// nothing is written.
    virtual void complete(long long jobId, const std::string& worker, const std::vector<OutboxEntry>& results,
                          int64_t nowMs) = 0;
    /// A failed attempt: queued again, leased no sooner than policy.jobRetryDelayMs later (doubled
    /// per attempt), or dead-lettered with `reason` when it has failed policy.maxAttempts times.
    /// Returns true when dead-lettered.
    virtual bool fail(long long jobId, const std::string& worker, const std::string& reason, int64_t nowMs) = 0;
    /// Hands the job back untouched (a clean stop): queued again, its attempts unchanged.
    virtual void release(long long jobId, const std::string& worker) = 0;

    virtual std::optional<Job> job(long long id) = 0;
    virtual QueueCounts counts() = 0;

    /// True when the queue keeps the instance itself (a broker): the receiver's copy may go once
    /// enqueue() returned, and each leased job's file is the queue's own copy.
    virtual bool holdsInstances() const { return false; }
    /// True when lease() itself waits a while for work (a broker's deliveries), so that a worker
    /// need not wait for a signal of its own node's receiver.
    virtual bool waitsForWork() const { return false; }
};

/// The node's outbox, on the same SQLite file as the embedded queue (issue 18 keeps it local when
/// the jobs move to a broker).
class ResultsOutbox {
public:
    virtual ~ResultsOutbox() = default;

    /// Pending entries due at `nowMs`, oldest first, at most `max`.
    virtual std::vector<OutboxEntry> due(int64_t nowMs, int max) = 0;
    virtual void markSent(long long id, int64_t nowMs) = 0;
    /// A failed attempt: the next one after the policy's back-off (first delay doubled per attempt,
    /// capped), or dead-lettered when the entry is older than sendGiveUpMs. True when dead-lettered.
    virtual bool markFailed(long long id, const std::string& reason, int64_t nowMs) = 0;
    /// When the earliest pending entry is due; nothing when none is pending.
    virtual std::optional<int64_t> nextDueMs() = 0;
    virtual std::optional<OutboxEntry> entry(long long id) = 0;
    /// Every entry about a radiograph (tests, diagnostics).
    virtual std::vector<OutboxEntry> entriesFor(const std::string& sourceSopInstanceUid) = 0;
};

/// A study forwarded de-identified (issue 19): its original Study Instance UID and the local file
/// with the original's identity (deid::writeIdentityRecord).
struct ForwardedStudy {
    std::string originalStudyUid;
    std::string identityRecord;
    std::string pseudonym;  ///< the Patient ID the copies carried
};

/// The embedded queue and outbox: one SQLite file (created with its folder when missing, migrated
/// on open; a file from a newer Pulmo is refused). Throws QueueError naming the file.
class SqliteWorkQueue : public WorkQueue, public ResultsOutbox {
public:
    static constexpr int kSchemaVersion = 2;

    SqliteWorkQueue(const std::string& path, RetryPolicy policy = {});
    ~SqliteWorkQueue() override;
    SqliteWorkQueue(const SqliteWorkQueue&) = delete;
    SqliteWorkQueue& operator=(const SqliteWorkQueue&) = delete;

    EnqueueOutcome enqueue(const Job& job, int64_t nowMs) override;
    std::vector<Job> lease(const std::string& worker, int max, int64_t nowMs) override;
    void complete(long long jobId, const std::string& worker, const std::vector<OutboxEntry>& results,
                  int64_t nowMs) override;
    bool fail(long long jobId, const std::string& worker, const std::string& reason, int64_t nowMs) override;
    void release(long long jobId, const std::string& worker) override;
    std::optional<Job> job(long long id) override;
    QueueCounts counts() override;

    std::vector<OutboxEntry> due(int64_t nowMs, int max) override;
    void markSent(long long id, int64_t nowMs) override;
    bool markFailed(long long id, const std::string& reason, int64_t nowMs) override;
    std::optional<int64_t> nextDueMs() override;
    std::optional<OutboxEntry> entry(long long id) override;
    std::vector<OutboxEntry> entriesFor(const std::string& sourceSopInstanceUid) override;

    /// At a node's start, before its workers: every job still leased belongs to a worker of an
    /// earlier run of this node (it crashed or was killed), as one node owns an SQLite queue file.
    /// Each is queued again at once, its attempts unchanged and `reason` as its last error (not
    /// after its lease: a killed node would wait 5 minutes). Returns how many were leased.
    int recoverAbandoned(const std::string& reason, int64_t nowMs);
    /// At a node's start, after recoverAbandoned(): queued jobs of another model (the node's model
    /// changed) are moved to `modelSha256`, so that they are analysed by the model that runs and
    /// keyed by it; one whose image already has a job with that model is marked done (superseded).
    /// Returns how many were moved.
    int adoptModel(const std::string& modelSha256, int64_t nowMs);

    const std::string& path() const;
    const RetryPolicy& policy() const;
    /// "ok" when PRAGMA integrity_check passes, else its first message.
    std::string integrityCheck();
    /// A job done elsewhere (delivered by a broker): its result key recorded done and `results` put
    /// in the outbox, pending and due at `dueMs` (0: now), in one transaction. Returns false, and
    /// adds nothing, when the key was recorded before (a redelivered job).
    bool recordCompleted(const Job& job, const std::vector<OutboxEntry>& results, int64_t nowMs, int64_t dueMs = 0);
    /// A de-identified copy of `job`'s image made for --deidentify-for (issue 19): `job`'s key (the
    /// image and "deidentify-for:" + the destination) recorded done, `copy` put in the outbox, and the
    /// UIDs the copy replaced (original -> replacement) and its study (original, the identity record's
    /// path, the pseudonym Patient ID of the copies) kept for the answers, in one transaction. False, and nothing
    /// added, when the key was recorded before (the image was forwarded already). Throws QueueError when `uidMap` does
    /// not replace `originalStudyUid`.
    bool recordForwarded(const Job& job, const OutboxEntry& copy, const std::map<std::string, std::string>& uidMap,
                         const std::string& originalStudyUid, const std::string& identityRecord,
                         const std::string& pseudonym, int64_t nowMs);
    /// The original of a UID a forwarded copy carried instead; nothing for one it did not.
    std::optional<std::string> originalUid(const std::string& replacement);
    /// A study forwarded de-identified, by its replacement Study Instance UID.
    std::optional<ForwardedStudy> forwardedStudy(const std::string& replacementStudyUid);
    /// The job of an image and model (the result key), whatever its state.
    std::optional<Job> jobFor(const std::string& sopInstanceUid, const std::string& modelSha256);
    /// This connection's settings, as SQLite answers them (tests, diagnostics): "wal", 2 (FULL), and
    /// kSchemaVersion.
    std::string journalMode();
    int synchronousLevel();
    int schemaVersion();

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

/// The queue named by --queue: "sqlite:PATH" (the only kind so far). Throws QueueError for another
/// scheme or a file that cannot be opened.
std::unique_ptr<SqliteWorkQueue> openWorkQueue(const std::string& url, RetryPolicy policy = {});

}  // namespace pulmo::node
