// pulmo-node's durable work queue and results outbox (issue 17 item 2): one SQLite file of the
// node's own, WAL and synchronous=FULL; leases that expire, dead letters, the outbox's capped
// back-off and give-up, and a file that survives SIGKILL at any moment. Python's sqlite3 module and
// SQLite's C API read the file back as the oracles.
#include "WorkQueue.h"

#include "support/ProcessRun.h"

#include <QtTest>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <set>
#include <string>
#include <thread>

#include <signal.h>
#include <unistd.h>

using namespace pulmo::node;

namespace {

constexpr int64_t kT0 = 1764000000000;  // a fixed "now" (2025-11-24), moved by hand
const std::string kModel(64, 'a');
const std::string kOtherModel(64, 'b');

Job radiograph(const std::string& sopInstanceUid, int64_t receivedMs = kT0, const std::string& model = kModel)
{
    Job job;
    job.sopInstanceUid = sopInstanceUid;
    job.studyInstanceUid = "2.25.100";
    job.sopClassUid = "1.2.840.10008.5.1.4.1.1.1.1";
    job.filePath = "/var/lib/pulmo-node/store/" + sopInstanceUid + ".dcm";
    job.modelSha256 = model;
    job.callingAeTitle = "ORTHANC";
    job.receivedMs = receivedMs;
    return job;
}

OutboxEntry result(const std::string& sopInstanceUid, const std::string& destination, const std::string& kind = "sr")
{
    OutboxEntry entry;
    entry.destination = destination;
    entry.sopInstanceUid = sopInstanceUid;
    entry.kind = kind;
    entry.filePath = "/var/lib/pulmo-node/results/" + sopInstanceUid + ".dcm";
    return entry;
}

/// Runs `script` with Debian's Python (sys.argv[1] is `database`); its stdout, trimmed.
QString python(const QString& script, const QString& database, const QStringList& arguments = {})
{
    const pulmo::test::Run run = pulmo::test::run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                                                  QStringList{QStringLiteral("-c"), script, database} + arguments);
    if (run.exitCode != 0) qWarning("python oracle failed: %s", run.err.constData());
    return run.exitCode == 0 ? QString::fromUtf8(run.out).trimmed() : QStringLiteral("<python failed>");
}

/// One integer from SQLite's C API on its own connection (the oracle of the SIGKILL test, where
/// Python's start-up would cost too much per run).
long long sqlInteger(const std::string& path, const char* sql)
{
    sqlite3* db = nullptr;
    long long value = -1;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW)
            value = sqlite3_column_int64(statement, 0);
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return value;
}

std::set<std::string> sqlTexts(const std::string& path, const char* sql)
{
    sqlite3* db = nullptr;
    std::set<std::string> values;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK)
            while (sqlite3_step(statement) == SQLITE_ROW)
                values.insert(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return values;
}

bool sqlExecute(const std::string& path, const char* sql)
{
    sqlite3* db = nullptr;
    bool ok =
        sqlite3_open(path.c_str(), &db) == SQLITE_OK && sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    if (!ok) qWarning("sqlite3: %s", db ? sqlite3_errmsg(db) : "cannot open");
    sqlite3_close(db);
    return ok;
}

int64_t wallClockMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void say(const std::string& line)
{
    // One write per line: a line the parent reads is whole, and it left before the next step.
    const std::string text = line + "\n";
    if (::write(STDOUT_FILENO, text.data(), text.size()) != ssize_t(text.size())) std::_Exit(4);
}

/// The child of the SIGKILL test: the node's receiver, worker and sender in one tight loop, until
/// it is killed. It says "enqueued UID" once enqueue() has returned.
int runChild(const std::string& path, const std::string& run)
{
    try {
        RetryPolicy policy;
        policy.leaseMs = 100;  // the jobs a killed child held are leased again by the next one
        SqliteWorkQueue queue(path, policy);
        say("ready");
        const std::string worker = "child-" + run;
        std::string previous;
        std::set<long long> released;  // a job handed back is taken again: once per child, not forever
        for (int i = 0;; ++i) {
            const std::string uid = "2.25." + run + "." + std::to_string(i);
            if (queue.enqueue(radiograph(uid, wallClockMs()), wallClockMs()) != EnqueueOutcome::Queued) {
                std::fprintf(stderr, "a new job %s was a duplicate\n", uid.c_str());
                return 3;
            }
            say("enqueued " + uid);
            if (!previous.empty() && queue.enqueue(radiograph(previous), wallClockMs()) != EnqueueOutcome::Duplicate) {
                std::fprintf(stderr, "job %s was queued twice\n", previous.c_str());
                return 3;
            }
            previous = uid;
            for (const Job& job : queue.lease(worker, 2, wallClockMs())) {
                if (job.id % 7 == 0) {
                    queue.fail(job.id, worker, "decode failed", wallClockMs());
                } else if (job.id % 7 == 1 && released.insert(job.id).second) {
                    queue.release(job.id, worker);
                } else {
                    std::vector<OutboxEntry> results;
                    for (const char* destination : {"PACS@127.0.0.1:4242", "ARCHIVE@127.0.0.1:4243"}) {
                        results.push_back(result(job.sopInstanceUid + ".1", destination, "sr"));
                        results.push_back(result(job.sopInstanceUid + ".2", destination, "sc"));
                    }
                    queue.complete(job.id, worker, results, wallClockMs());
                }
            }
            const std::vector<OutboxEntry> due = queue.due(wallClockMs(), 2);
            if (!due.empty()) queue.markSent(due.front().id, wallClockMs());
            if (due.size() > 1) queue.markFailed(due.back().id, "association refused", wallClockMs());
        }
    } catch (const QueueError& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 2;
    }
}

}  // namespace

class TestNodeQueue : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void open_createsTheFolderInWalWithFullSynchronousAndTheSchemaVersion()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("var/lib/pulmo-node/queue.sqlite"));
        const std::string path = file.toStdString();
        SqliteWorkQueue queue(path);
        QVERIFY(QFile::exists(file));
        QCOMPARE(QString::fromStdString(queue.path()), file);
        QCOMPARE(QString::fromStdString(queue.journalMode()), QStringLiteral("wal"));
        QCOMPARE(queue.synchronousLevel(), 2);  // FULL, on this connection
        QCOMPARE(queue.schemaVersion(), SqliteWorkQueue::kSchemaVersion);
        QCOMPARE(QString::fromStdString(queue.integrityCheck()), QStringLiteral("ok"));
        // The file itself says WAL and the version, to another reader.
        QCOMPARE(python(QStringLiteral("import sqlite3, sys\n"
                                       "c = sqlite3.connect(sys.argv[1])\n"
                                       "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
                                       " c.execute('PRAGMA user_version').fetchone()[0],"
                                       " ','.join(r[0] for r in c.execute(\"SELECT name FROM sqlite_master"
                                       " WHERE type = 'table' AND name IN ('jobs', 'outbox') ORDER BY name\")))"),
                        file),
                 QStringLiteral("wal %1 jobs,outbox").arg(SqliteWorkQueue::kSchemaVersion));
    }

    void reopen_keepsTheJobsAndDoesNotMigrateAgain()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("queue.sqlite")).toStdString();
        {
            QCOMPARE(SqliteWorkQueue(path).enqueue(radiograph("2.25.1"), kT0), EnqueueOutcome::Queued);
        }
        SqliteWorkQueue reopened(path);
        QCOMPARE(reopened.schemaVersion(), SqliteWorkQueue::kSchemaVersion);
        QCOMPARE(reopened.counts().queued, 1);
        QVERIFY(reopened.jobFor("2.25.1", kModel).has_value());
    }

    void newerSchema_isRefusedNamingTheFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("future.sqlite")).toStdString();
        QVERIFY(sqlExecute(path, "PRAGMA user_version=99"));
        try {
            SqliteWorkQueue queue(path);
            QFAIL("a queue from a newer Pulmo was opened");
        } catch (const QueueError& error) {
            const QString message = QString::fromUtf8(error.what());
            QVERIFY2(message.startsWith(QString::fromStdString(path)), error.what());
            QVERIFY2(message.contains(QStringLiteral("99")), error.what());
        }
        QCOMPARE(sqlInteger(path, "PRAGMA user_version"), 99);  // and left as it was
        QCOMPARE(sqlInteger(path, "SELECT count(*) FROM sqlite_master"), 0);
    }

    void recordForwarded_keepsTheCopyAndItsUidsOnce_andAVersion1FileIsMigrated()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("queue.sqlite")).toStdString();
        {
            QCOMPARE(SqliteWorkQueue(path).enqueue(radiograph("2.25.7"), kT0), EnqueueOutcome::Queued);
        }
        // A file of schema 1 (before issue 19): the map's tables are added, the job stays.
        QVERIFY(sqlExecute(path, "DROP TABLE deid_uids; DROP TABLE deid_studies; PRAGMA user_version=1"));
        SqliteWorkQueue queue(path);
        QCOMPARE(queue.schemaVersion(), 2);
        QVERIFY(queue.jobFor("2.25.7", kModel).has_value());

        Job key = radiograph("1.2.3.4.10");
        key.studyInstanceUid = "1.2.3.4.1";
        key.modelSha256 = "deidentify-for:AI@ai.example.org:104";
        OutboxEntry copy = result("2.25.900", "AI@ai.example.org:104", "deid");
        const std::map<std::string, std::string> uids = {
            {"1.2.3.4.1", "2.25.100"}, {"1.2.3.4.2", "2.25.200"}, {"1.2.3.4.10", "2.25.900"}};
        QVERIFY(queue.recordForwarded(key, copy, uids, "1.2.3.4.1", "/store/identity/2.25.100.dcm",
                                      "PULMO-0123456789ABCDEF", kT0));
        QVERIFY(!queue.recordForwarded(key, copy, uids, "1.2.3.4.1", "/store/identity/2.25.100.dcm",
                                       "PULMO-0123456789ABCDEF", kT0 + 1));
        QCOMPARE(queue.entriesFor("1.2.3.4.10").size(), size_t(1));  // forwarded once
        QCOMPARE(queue.originalUid("2.25.900").value_or("none"), std::string("1.2.3.4.10"));
        QCOMPARE(queue.originalUid("2.25.200").value_or("none"), std::string("1.2.3.4.2"));
        QVERIFY(!queue.originalUid("1.2.3.4.10"));  // an original is not a replacement
        const std::optional<ForwardedStudy> study = queue.forwardedStudy("2.25.100");
        QVERIFY(study);
        QCOMPARE(study->originalStudyUid, std::string("1.2.3.4.1"));
        QCOMPARE(study->identityRecord, std::string("/store/identity/2.25.100.dcm"));
        QCOMPARE(study->pseudonym, std::string("PULMO-0123456789ABCDEF"));
        QVERIFY(!queue.forwardedStudy("1.2.3.4.1"));
        // A map that does not replace the study is refused, and writes nothing.
        Job other = radiograph("1.2.3.4.11");
        other.modelSha256 = key.modelSha256;
        QVERIFY_THROWS_EXCEPTION(
            QueueError, queue.recordForwarded(other, result("2.25.901", "AI@ai.example.org:104", "deid"),
                                              {{"1.2.3.4.11", "2.25.901"}}, "1.2.3.4.9", "/r", "PULMO-0", kT0));
        QVERIFY(!queue.jobFor("1.2.3.4.11", key.modelSha256));
    }

    void badFiles_areRefusedNamingTheFileAndTheReason()
    {
        QTemporaryDir dir;
        const QString garbage = dir.filePath(QStringLiteral("garbage.sqlite"));
        {
            QFile file(garbage);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray(4096, 'x'));
        }
        try {
            SqliteWorkQueue queue(garbage.toStdString());
            QFAIL("a file that is no database was opened");
        } catch (const QueueError& error) {
            const QString message = QString::fromUtf8(error.what());
            QVERIFY2(message.startsWith(garbage), error.what());
            QVERIFY2(message.contains(QStringLiteral("not a database")), error.what());
        }
        // A folder that cannot be made: its parent is a file.
        const QString blocked = dir.filePath(QStringLiteral("garbage.sqlite/sub/queue.sqlite"));
        try {
            SqliteWorkQueue queue(blocked.toStdString());
            QFAIL("a queue under a file was opened");
        } catch (const QueueError& error) {
            QVERIFY2(QString::fromUtf8(error.what()).startsWith(blocked), error.what());
            QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("folder")), error.what());
        }
    }

    void openWorkQueue_takesSqliteUrlsOnly()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("q/queue.sqlite")).toStdString();
        const std::unique_ptr<SqliteWorkQueue> queue = openWorkQueue("sqlite:" + path);
        QVERIFY(queue);
        QCOMPARE(queue->path(), path);
        for (const char* url : {"amqp://localhost/pulmo", "sqlite:", "", "/var/lib/queue.sqlite"}) {
            try {
                openWorkQueue(url);
                QFAIL(url);
            } catch (const QueueError& error) {
                QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("sqlite:PATH")), error.what());
            }
        }
    }

    void enqueue_isVisibleToAnotherReaderAndTheSamePairIsADuplicateInAnyState()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("queue.sqlite"));
        RetryPolicy policy;
        policy.maxAttempts = 1;
        SqliteWorkQueue queue(file.toStdString(), policy);
        QCOMPARE(queue.enqueue(radiograph("2.25.1"), kT0 + 5), EnqueueOutcome::Queued);
        QCOMPARE(python(QStringLiteral("import sqlite3, sys\n"
                                       "c = sqlite3.connect(sys.argv[1])\n"
                                       "print(*c.execute('SELECT sop_instance_uid, model_sha256, state, attempts,"
                                       " received_ms, calling_ae_title FROM jobs').fetchall())"),
                        file),
                 QStringLiteral("('2.25.1', '%1', 'queued', 0, %2, 'ORTHANC')")
                     .arg(QString::fromStdString(kModel))
                     .arg(kT0));

        Job again = radiograph("2.25.1", kT0 + 100);
        again.filePath = "/elsewhere.dcm";
        QCOMPARE(queue.enqueue(again, kT0 + 100), EnqueueOutcome::Duplicate);
        QCOMPARE(queue.enqueue(radiograph("2.25.1", kT0, kOtherModel), kT0), EnqueueOutcome::Queued);  // other model
        QCOMPARE(queue.enqueue(radiograph("2.25.2"), kT0), EnqueueOutcome::Queued);

        // Done, then sent again: still a duplicate, and the job stays done.
        const std::vector<Job> leased = queue.lease("w", 3, kT0 + 200);
        QCOMPARE(int(leased.size()), 3);
        const long long first = queue.jobFor("2.25.1", kModel)->id;
        const long long second = queue.jobFor("2.25.2", kModel)->id;
        queue.complete(first, "w", {result("2.25.1.1", "PACS@h:1")}, kT0 + 300);
        QCOMPARE(queue.enqueue(radiograph("2.25.1"), kT0 + 400), EnqueueOutcome::Duplicate);
        // Dead-lettered, then sent again: still a duplicate, and the reason stays.
        QVERIFY(queue.fail(second, "w", "not a chest radiograph", kT0 + 500));
        QCOMPARE(queue.enqueue(radiograph("2.25.2"), kT0 + 600), EnqueueOutcome::Duplicate);

        QCOMPARE(python(QStringLiteral("import sqlite3, sys\n"
                                       "c = sqlite3.connect(sys.argv[1])\n"
                                       "print(*c.execute('SELECT sop_instance_uid, state, file_path, last_error FROM"
                                       " jobs WHERE model_sha256 = ? ORDER BY id', (sys.argv[2],)).fetchall(),"
                                       " c.execute('SELECT count(*) FROM outbox').fetchone()[0])"),
                        file, {QString::fromStdString(kModel)}),
                 QStringLiteral("('2.25.1', 'done', '/var/lib/pulmo-node/store/2.25.1.dcm', '') "
                                "('2.25.2', 'dead_letter', '/var/lib/pulmo-node/store/2.25.2.dcm', "
                                "'not a chest radiograph') 1"));
    }

    void lease_takesTheOldestReceivedFirstAndLeavesTheRest()
    {
        QTemporaryDir dir;
        SqliteWorkQueue queue(dir.filePath(QStringLiteral("queue.sqlite")).toStdString());
        QCOMPARE(queue.enqueue(radiograph("2.25.3", kT0 + 300), kT0), EnqueueOutcome::Queued);
        QCOMPARE(queue.enqueue(radiograph("2.25.1", kT0 + 100), kT0), EnqueueOutcome::Queued);
        QCOMPARE(queue.enqueue(radiograph("2.25.2", kT0 + 200), kT0), EnqueueOutcome::Queued);
        const std::vector<Job> leased = queue.lease("w", 2, kT0 + 1000);
        QCOMPARE(int(leased.size()), 2);
        QCOMPARE(leased[0].sopInstanceUid, std::string("2.25.1"));
        QCOMPARE(leased[1].sopInstanceUid, std::string("2.25.2"));
        QCOMPARE(leased[0].state, Job::State::Leased);
        QCOMPARE(leased[0].filePath, std::string("/var/lib/pulmo-node/store/2.25.1.dcm"));
        QCOMPARE(leased[0].receivedMs, kT0 + 100);
        QCOMPARE(queue.job(leased[1].id)->state, Job::State::Leased);
        QCOMPARE(queue.jobFor("2.25.3", kModel)->state, Job::State::Queued);
        QVERIFY(queue.lease("w", 0, kT0 + 1000).empty());
        QCOMPARE(int(queue.lease("w", 5, kT0 + 1000).size()), 1);
        QVERIFY(queue.lease("w", 5, kT0 + 1000).empty());
    }

    void lease_fromConcurrentConnectionsNeverHandsOutAJobTwice()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("queue.sqlite")).toStdString();
        constexpr int kJobs = 80;
        constexpr int kWorkers = 4;
        {
            SqliteWorkQueue queue(path);
            for (int i = 0; i < kJobs; ++i)
                QCOMPARE(queue.enqueue(radiograph("2.25." + std::to_string(i), kT0 + i), kT0), EnqueueOutcome::Queued);
        }
        std::vector<std::vector<long long>> taken(kWorkers);
        std::vector<std::string> errors(kWorkers);
        std::vector<std::thread> threads;
        std::atomic<int> opened{0};
        for (int w = 0; w < kWorkers; ++w) {
            threads.emplace_back([&, w] {
                try {
                    SqliteWorkQueue queue(path);  // one connection per thread
                    const std::string worker = "worker-" + std::to_string(w);
                    // All start together, and each "works" a moment on what it took, as a worker does.
                    ++opened;
                    while (opened.load() < kWorkers) std::this_thread::yield();
                    for (;;) {
                        const std::vector<Job> jobs = queue.lease(worker, 1 + w % 2, kT0 + 1000);
                        if (jobs.empty()) break;
                        for (const Job& job : jobs) taken[size_t(w)].push_back(job.id);
                        std::this_thread::sleep_for(std::chrono::milliseconds(10));
                    }
                } catch (const QueueError& error) {
                    errors[size_t(w)] = error.what();
                }
            });
        }
        for (std::thread& thread : threads) thread.join();
        std::set<long long> all;
        int handedOut = 0;
        int workersThatGotSome = 0;
        for (int w = 0; w < kWorkers; ++w) {
            QVERIFY2(errors[size_t(w)].empty(), errors[size_t(w)].c_str());
            handedOut += int(taken[size_t(w)].size());
            workersThatGotSome += taken[size_t(w)].empty() ? 0 : 1;
            all.insert(taken[size_t(w)].begin(), taken[size_t(w)].end());
        }
        qInfo("jobs per worker: %d %d %d %d", int(taken[0].size()), int(taken[1].size()), int(taken[2].size()),
              int(taken[3].size()));
        QCOMPARE(handedOut, kJobs);
        QCOMPARE(int(all.size()), kJobs);  // no job twice
        // They ran side by side (SQLite's busy wait is not fair: one of four may get none).
        QVERIFY(workersThatGotSome >= 2);
        QCOMPARE(sqlInteger(path, "SELECT count(*) FROM jobs WHERE state = 'leased' AND worker LIKE 'worker-%'"),
                 kJobs);
    }

    void lease_expired_isTakenByAnotherWorkerAndTheFirstWorkersCompleteWritesNothing()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("queue.sqlite"));
        RetryPolicy policy;
        policy.leaseMs = 1000;
        SqliteWorkQueue first(file.toStdString(), policy);
        SqliteWorkQueue second(file.toStdString(), policy);
        QCOMPARE(first.enqueue(radiograph("2.25.1"), kT0), EnqueueOutcome::Queued);
        const std::vector<Job> mine = first.lease("w1", 1, kT0);
        QCOMPARE(int(mine.size()), 1);
        QVERIFY(second.lease("w2", 1, kT0 + 999).empty());
        QVERIFY(second.lease("w2", 1, kT0 + 1000).empty());  // the lease runs until kT0 + 1000
        const std::vector<Job> theirs = second.lease("w2", 1, kT0 + 1001);
        QCOMPARE(int(theirs.size()), 1);
        QCOMPARE(theirs[0].id, mine[0].id);
        QCOMPARE(theirs[0].attempts, 1);  // the lease that ran out counts as a failed attempt

        try {
            first.complete(mine[0].id, "w1", {result("2.25.1.1", "PACS@h:1"), result("2.25.1.2", "PACS@h:1", "sc")},
                           kT0 + 1500);
            QFAIL("a worker whose lease was taken completed the job");
        } catch (const QueueError& error) {
            QVERIFY2(QString::fromUtf8(error.what()).startsWith(file), error.what());
            QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("w2")), error.what());
        }
        QVERIFY_THROWS_EXCEPTION(QueueError, first.fail(mine[0].id, "w1", "too late", kT0 + 1500));
        QVERIFY_THROWS_EXCEPTION(QueueError, first.release(mine[0].id, "w1"));
        QVERIFY_THROWS_EXCEPTION(QueueError, first.release(mine[0].id + 1000, "w1"));  // no such job
        const QString script = QStringLiteral(
            "import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1])\n"
            "print(*c.execute('SELECT state, worker, attempts, last_error, lease_until_ms FROM jobs').fetchone(),"
            " c.execute('SELECT count(*) FROM outbox').fetchone()[0])");
        QCOMPARE(python(script, file),
                 QStringLiteral("leased w2 1 its worker stopped while analysing it (lease expired) %1 0")
                     .arg(kT0 + 1001 + 1000));

        second.complete(theirs[0].id, "w2", {result("2.25.1.1", "PACS@h:1")}, kT0 + 1600);
        QCOMPARE(first.job(mine[0].id)->state, Job::State::Done);
        QCOMPARE(int(first.entriesFor("2.25.1").size()), 1);
    }

    void lease_expiringMaxAttemptsTimes_deadLettersTheImageThatKillsItsWorkers()
    {
        QTemporaryDir dir;
        RetryPolicy policy;
        policy.leaseMs = 1000;
        policy.maxAttempts = 3;
        SqliteWorkQueue queue(dir.filePath(QStringLiteral("queue.sqlite")).toStdString(), policy);
        QCOMPARE(queue.enqueue(radiograph("2.25.9"), kT0), EnqueueOutcome::Queued);
        QCOMPARE(queue.enqueue(radiograph("2.25.10"), kT0 + 1), EnqueueOutcome::Queued);
        // Worker after worker takes 2.25.9 and dies on it (never completes).
        QCOMPARE(queue.lease("w1", 1, kT0).at(0).sopInstanceUid, std::string("2.25.9"));
        QCOMPARE(queue.lease("w2", 1, kT0 + 1001).at(0).attempts, 1);
        QCOMPARE(queue.lease("w3", 1, kT0 + 2002).at(0).attempts, 2);
        // The third lease runs out: a dead letter, and the next worker gets the next image.
        const std::vector<Job> next = queue.lease("w4", 1, kT0 + 3003);
        QCOMPARE(int(next.size()), 1);
        QCOMPARE(next[0].sopInstanceUid, std::string("2.25.10"));
        const std::optional<Job> poison = queue.jobFor("2.25.9", kModel);
        QVERIFY(poison.has_value());
        QCOMPARE(poison->state, Job::State::DeadLetter);
        QCOMPARE(poison->attempts, 3);
        QCOMPARE(poison->lastError, std::string("its worker stopped while analysing it (lease expired)"));
        QCOMPARE(queue.counts().deadLetters, 1LL);
    }

    void recoverAbandoned_queuesTheLeasedJobsOfAStoppedNodeAtOnce()
    {
        QTemporaryDir dir;
        RetryPolicy policy;
        policy.maxAttempts = 2;
        policy.jobRetryDelayMs = 0;
        SqliteWorkQueue queue(dir.filePath(QStringLiteral("queue.sqlite")).toStdString(), policy);
        for (const char* sop : {"2.25.21", "2.25.22", "2.25.23"})
            QCOMPARE(queue.enqueue(radiograph(sop), kT0), EnqueueOutcome::Queued);
        const std::vector<Job> taken = queue.lease("old-node:w0", 2, kT0);
        QCOMPARE(int(taken.size()), 2);
        QVERIFY(!queue.fail(taken[1].id, "old-node:w0", "decode failed", kT0));  // attempt 1 of 2
        QCOMPARE(int(queue.lease("old-node:w0", 1, kT0).size()), 1);             // 2.25.22 again
        // The node restarts: its two leased jobs are recovered at once, not after the lease.
        QCOMPARE(queue.recoverAbandoned("the node stopped", kT0 + 10), 2);
        QCOMPARE(queue.job(taken[0].id)->state, Job::State::Queued);
        QCOMPARE(queue.job(taken[0].id)->attempts, 0);  // a killed node says nothing about its images
        QCOMPARE(queue.job(taken[0].id)->lastError, std::string("the node stopped"));
        QCOMPARE(queue.job(taken[1].id)->state, Job::State::Queued);
        QCOMPARE(queue.job(taken[1].id)->attempts, 1);  // its decode failure, not the kill
        QCOMPARE(queue.counts().queued, 3LL);
        QCOMPARE(queue.counts().leased, 0LL);
        QCOMPARE(queue.recoverAbandoned("again", kT0 + 20), 0);
    }

    void fail_maxAttemptsTimes_deadLettersTheJobWithTheReason()
    {
        QTemporaryDir dir;
        RetryPolicy policy;
        policy.maxAttempts = 3;
        policy.jobRetryDelayMs = 1000;
        SqliteWorkQueue queue(dir.filePath(QStringLiteral("queue.sqlite")).toStdString(), policy);
        QCOMPARE(queue.enqueue(radiograph("2.25.1"), kT0), EnqueueOutcome::Queued);
        // Retried after 1 s, then 2 s: not before.
        const int64_t at[] = {kT0, kT0 + 1000, kT0 + 3000};
        for (int attempt = 1; attempt <= 3; ++attempt) {
            if (attempt > 1) QVERIFY(queue.lease("w", 1, at[attempt - 1] - 1).empty());
            const std::vector<Job> leased = queue.lease("w", 1, at[attempt - 1]);
            QCOMPARE(int(leased.size()), 1);
            QCOMPARE(leased[0].attempts, attempt - 1);
            const std::string reason = "model failed, attempt " + std::to_string(attempt);
            const bool deadLetter = queue.fail(leased[0].id, "w", reason, at[attempt - 1]);
            const Job job = *queue.job(leased[0].id);
            QCOMPARE(job.attempts, attempt);
            QCOMPARE(job.lastError, reason);
            QCOMPARE(deadLetter, attempt == 3);
            QCOMPARE(job.state, attempt == 3 ? Job::State::DeadLetter : Job::State::Queued);
        }
        QVERIFY(queue.lease("w", 1, kT0 + 3600 * 1000).empty());  // never again, however long one waits
        QCOMPARE(queue.counts().deadLetters, 1);
        QCOMPARE(queue.counts().depth(), 0);
        QCOMPARE(std::string(toString(Job::State::DeadLetter)), std::string("dead_letter"));
    }

    void adoptModel_movesQueuedJobsToTheRunningModel_andSupersedesTheDoubles()
    {
        QTemporaryDir dir;
        SqliteWorkQueue queue(dir.filePath(QStringLiteral("queue.sqlite")).toStdString());
        const std::string oldModel(64, 'b');
        QCOMPARE(queue.enqueue(radiograph("2.25.31", kT0, oldModel), kT0), EnqueueOutcome::Queued);
        QCOMPARE(queue.enqueue(radiograph("2.25.32", kT0, oldModel), kT0), EnqueueOutcome::Queued);
        QCOMPARE(queue.enqueue(radiograph("2.25.32", kT0), kT0), EnqueueOutcome::Queued);  // also with kModel
        const long long done = queue.lease("w", 1, kT0).at(0).id;                          // 2.25.31, old model
        queue.complete(done, "w", {}, kT0 + 1);
        QCOMPARE(queue.enqueue(radiograph("2.25.33", kT0, oldModel), kT0), EnqueueOutcome::Queued);
        QCOMPARE(queue.adoptModel(kModel, kT0 + 10), 1);  // 2.25.33 moves; 2.25.32 has a kModel job
        QCOMPARE(queue.jobFor("2.25.33", kModel)->state, Job::State::Queued);
        QVERIFY(!queue.jobFor("2.25.33", oldModel).has_value());
        QCOMPARE(queue.jobFor("2.25.32", oldModel)->state, Job::State::Done);
        QVERIFY(queue.jobFor("2.25.32", oldModel)->lastError.find("superseded") == 0);
        QCOMPARE(queue.jobFor("2.25.32", kModel)->state, Job::State::Queued);
        QCOMPARE(queue.jobFor("2.25.31", oldModel)->state, Job::State::Done);  // done stays as it was
        QCOMPARE(queue.counts().queued, 2LL);
    }

    void release_queuesTheJobAgainKeepingItsAttempts()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("queue.sqlite")).toStdString();
        RetryPolicy policy;
        policy.jobRetryDelayMs = 0;
        SqliteWorkQueue queue(path, policy);
        QCOMPARE(queue.enqueue(radiograph("2.25.1"), kT0), EnqueueOutcome::Queued);
        const long long id = queue.lease("w", 1, kT0)[0].id;
        QVERIFY(!queue.fail(id, "w", "out of memory", kT0 + 1));
        QCOMPARE(queue.lease("w", 1, kT0 + 2)[0].attempts, 1);
        queue.release(id, "w");
        QCOMPARE(queue.job(id)->state, Job::State::Queued);
        QCOMPARE(queue.job(id)->attempts, 1);
        QCOMPARE(sqlInteger(path, "SELECT count(*) FROM jobs WHERE worker IS NULL AND lease_until_ms IS NULL"), 1);
        const std::vector<Job> again = queue.lease("w2", 1, kT0 + 3);
        QCOMPARE(int(again.size()), 1);
        QCOMPARE(again[0].attempts, 1);
        QCOMPARE(again[0].lastError, std::string("out of memory"));
    }

    void complete_marksTheJobDoneAndFillsTheOutboxInOneTransaction()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("queue.sqlite"));
        const std::string path = file.toStdString();
        SqliteWorkQueue queue(path);
        QCOMPARE(queue.enqueue(radiograph("2.25.1", kT0 - 700), kT0), EnqueueOutcome::Queued);
        const long long id = queue.lease("w", 1, kT0)[0].id;
        std::vector<OutboxEntry> results;
        for (const char* destination : {"PACS@10.0.0.1:104", "ARCHIVE@10.0.0.2:104", "REFUSE@10.0.0.3:104"}) {
            results.push_back(result("2.25.1.9901", destination, "sr"));
            results.push_back(result("2.25.1.9902", destination, "sc"));
        }
        // A write that fails half-way (a trigger of the test refuses the fifth row): nothing of it stays.
        QVERIFY(sqlExecute(path,
                           "CREATE TRIGGER refuse BEFORE INSERT ON outbox WHEN NEW.destination LIKE 'REFUSE@%' "
                           "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"));
        try {
            queue.complete(id, "w", results, kT0 + 1000);
            QFAIL("complete() went through a refused outbox row");
        } catch (const QueueError& error) {
            QVERIFY2(QString::fromUtf8(error.what()).startsWith(file), error.what());
            QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("refused by the test")), error.what());
        }
        const QString oneRead = QStringLiteral(
            "import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1])\n"
            "print(*c.execute('SELECT state, worker, (SELECT count(*) FROM outbox WHERE job_id = jobs.id),"
            " (SELECT group_concat(destination || \" \" || kind || \" \" || sop_instance_uid || \" \" ||"
            " source_sop_instance_uid || \" \" || study_instance_uid || \" \" || state || \" \" || attempts || \" \" ||"
            " created_ms || \" \" || next_attempt_ms || \" \" || received_ms, \";\") FROM"
            " (SELECT * FROM outbox WHERE job_id = jobs.id ORDER BY id)) FROM jobs').fetchone())");
        QCOMPARE(python(oneRead, file), QStringLiteral("leased w 0 None"));

        QVERIFY(sqlExecute(path, "DROP TRIGGER refuse"));
        // The same object for the same destination twice in one call: queued once.
        results.push_back(result("2.25.1.9901", "PACS@10.0.0.1:104", "sr"));
        queue.complete(id, "w", results, kT0 + 1000);
        QStringList expected;
        for (const char* destination : {"PACS@10.0.0.1:104", "ARCHIVE@10.0.0.2:104", "REFUSE@10.0.0.3:104"})
            for (const char* object : {"9901 sr", "9902 sc"}) {
                const QStringList parts = QString::fromLatin1(object).split(QLatin1Char(' '));
                expected << QStringLiteral("%1 %2 2.25.1.%3 2.25.1 2.25.100 pending 0 %4 %4 %5")
                                .arg(QString::fromLatin1(destination), parts[1], parts[0])
                                .arg(kT0 + 1000)
                                .arg(kT0 - 700);
            }
        QCOMPARE(python(oneRead, file), QStringLiteral("done None 6 %1").arg(expected.join(QLatin1Char(';'))));

        // Another job naming an object already queued for a destination adds only what is new.
        QCOMPARE(queue.enqueue(radiograph("2.25.1", kT0, kOtherModel), kT0), EnqueueOutcome::Queued);
        const long long other = queue.lease("w", 1, kT0 + 2000)[0].id;
        queue.complete(other, "w",
                       {result("2.25.1.9901", "PACS@10.0.0.1:104"), result("2.25.1.9903", "PACS@10.0.0.1:104")},
                       kT0 + 2000);
        QCOMPARE(sqlInteger(path, "SELECT count(*) FROM outbox"), 7);
        QCOMPARE(sqlInteger(path,
                            "SELECT count(*) FROM outbox WHERE sop_instance_uid = '2.25.1.9901' AND "
                            "destination = 'PACS@10.0.0.1:104'"),
                 1);
        QCOMPARE(int(queue.entriesFor("2.25.1").size()), 7);
        // And completing a job that is done already is refused.
        QVERIFY_THROWS_EXCEPTION(QueueError, queue.complete(id, "w", {}, kT0 + 3000));
        QCOMPARE(sqlInteger(path, "SELECT count(*) FROM outbox"), 7);
    }

    void outbox_backsOffDoublingUpToTheCapAndDeadLettersExactlyAtTheGiveUpTime()
    {
        QTemporaryDir dir;
        RetryPolicy policy;  // 10 s, doubling, capped at 10 min, given up after 72 h
        SqliteWorkQueue queue(dir.filePath(QStringLiteral("queue.sqlite")).toStdString(), policy);
        QCOMPARE(policy.sendGiveUpMs, 72LL * 3600 * 1000);
        QCOMPARE(queue.enqueue(radiograph("2.25.1"), kT0), EnqueueOutcome::Queued);
        const long long job = queue.lease("w", 1, kT0)[0].id;
        const int64_t created = kT0 + 1000;
        queue.complete(
            job, "w",
            {result("2.25.1.1", "PACS@h:104"), result("2.25.1.1", "EDGE@h:104"), result("2.25.1.1", "OK@h:104")},
            created);
        const std::vector<OutboxEntry> entries = queue.entriesFor("2.25.1");
        QCOMPARE(int(entries.size()), 3);
        const long long outage = entries[0].id;
        const long long edge = entries[1].id;
        const long long ok = entries[2].id;
        QCOMPARE(entries[0].createdMs, created);
        QCOMPARE(entries[0].nextAttemptMs, created);
        QCOMPARE(int(queue.due(created - 1, 10).size()), 0);
        QCOMPARE(int(queue.due(created, 10).size()), 3);
        QCOMPARE(int(queue.due(created, 2).size()), 2);
        QCOMPARE(*queue.nextDueMs(), created);

        queue.markSent(ok, created + 50);
        QCOMPARE(queue.entry(ok)->state, OutboxEntry::State::Sent);
        QVERIFY_THROWS_EXCEPTION(QueueError, queue.markFailed(ok, "late", created + 60));  // sent stays sent
        QVERIFY_THROWS_EXCEPTION(QueueError, queue.markSent(99999, created));

        // A PACS down for good: the sender tries at each due time, with the clock moved by hand.
        const int64_t giveUpAt = created + policy.sendGiveUpMs;
        std::vector<int64_t> delays;
        int64_t now = created;
        int failures = 0;
        for (;;) {
            const bool deadLetter = queue.markFailed(outage, "association rejected", now);
            ++failures;
            const OutboxEntry entry = *queue.entry(outage);
            QCOMPARE(entry.attempts, failures);
            if (now >= giveUpAt) {
                QVERIFY(deadLetter);
                QCOMPARE(entry.state, OutboxEntry::State::DeadLetter);
                break;
            }
            QVERIFY2(!deadLetter, qPrintable(QStringLiteral("dead-lettered %1 ms early").arg(giveUpAt - now)));
            QCOMPARE(entry.state, OutboxEntry::State::Pending);
            delays.push_back(entry.nextAttemptMs - now);
            // Not due a millisecond before its time, due at it.
            bool dueEarly = false;
            for (const OutboxEntry& due : queue.due(entry.nextAttemptMs - 1, 10)) dueEarly |= due.id == outage;
            QVERIFY(!dueEarly);
            bool dueThen = false;
            for (const OutboxEntry& due : queue.due(entry.nextAttemptMs, 10)) dueThen |= due.id == outage;
            QVERIFY(dueThen);
            now = entry.nextAttemptMs;
            if (failures > 1000) QFAIL("the back-off never reached the give-up time");
        }
        QCOMPARE(now, giveUpAt);  // the last try is at the give-up time itself
        const std::vector<int64_t> first = {10000, 20000, 40000, 80000, 160000, 320000, 600000, 600000, 600000};
        QCOMPARE(std::vector<int64_t>(delays.begin(), delays.begin() + int(first.size())), first);
        for (size_t i = 6; i + 1 < delays.size(); ++i) QCOMPARE(delays[i], int64_t(600000));
        QVERIFY(delays.back() > 0 && delays.back() <= 600000);
        QCOMPARE(queue.entry(outage)->lastError, std::string("association rejected"));

        // One millisecond before the give-up time is not yet given up; the give-up time is.
        QVERIFY(!queue.markFailed(edge, "timeout", giveUpAt - 1));
        QCOMPARE(queue.entry(edge)->state, OutboxEntry::State::Pending);
        QCOMPARE(queue.entry(edge)->nextAttemptMs, giveUpAt);
        QCOMPARE(*queue.nextDueMs(), giveUpAt);
        QVERIFY(queue.markFailed(edge, "timeout", giveUpAt));
        QCOMPARE(queue.entry(edge)->state, OutboxEntry::State::DeadLetter);
        QVERIFY(!queue.nextDueMs().has_value());
        QVERIFY(queue.due(giveUpAt + 3600 * 1000, 10).empty());
        const QueueCounts counts = queue.counts();
        QCOMPARE(counts.outboxPending, 0);
        QCOMPARE(counts.outboxSent, 1);
        QCOMPARE(counts.outboxDeadLetters, 2);
        QCOMPARE(std::string(toString(OutboxEntry::State::DeadLetter)), std::string("dead_letter"));
    }

    void counts_reportEveryStateAsTheFileHoldsThem()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("queue.sqlite"));
        RetryPolicy policy;
        policy.maxAttempts = 1;
        SqliteWorkQueue queue(file.toStdString(), policy);
        for (int i = 1; i <= 6; ++i)
            QCOMPARE(queue.enqueue(radiograph("2.25." + std::to_string(i), kT0 + i), kT0), EnqueueOutcome::Queued);
        const std::vector<Job> leased = queue.lease("w", 3, kT0 + 10);  // 2.25.1 .. 2.25.3
        QCOMPARE(int(leased.size()), 3);
        queue.complete(leased[0].id, "w",
                       {result("2.25.1.1", "A@h:1"), result("2.25.1.2", "A@h:1"), result("2.25.1.3", "A@h:1"),
                        result("2.25.1.4", "A@h:1")},
                       kT0 + 20);
        QVERIFY(queue.fail(leased[1].id, "w", "broken pixel data", kT0 + 20));
        const std::vector<OutboxEntry> entries = queue.entriesFor("2.25.1");
        queue.markSent(entries[0].id, kT0 + 30);
        queue.markSent(entries[1].id, kT0 + 30);
        QVERIFY(queue.markFailed(entries[2].id, "refused", kT0 + 20 + policy.sendGiveUpMs));
        QVERIFY(!queue.markFailed(entries[3].id, "refused", kT0 + 40));

        const QueueCounts counts = queue.counts();
        QCOMPARE(counts.queued, 3);
        QCOMPARE(counts.leased, 1);
        QCOMPARE(counts.done, 1);
        QCOMPARE(counts.deadLetters, 1);
        QCOMPARE(counts.outboxPending, 1);
        QCOMPARE(counts.outboxSent, 2);
        QCOMPARE(counts.outboxDeadLetters, 1);
        QCOMPARE(counts.depth(), 4);
        const QString oracle =
            python(QStringLiteral("import sqlite3, sys\n"
                                  "c = sqlite3.connect(sys.argv[1])\n"
                                  "j = dict(c.execute('SELECT state, count(*) FROM jobs GROUP BY state'))\n"
                                  "o = dict(c.execute('SELECT state, count(*) FROM outbox GROUP BY state'))\n"
                                  "print(j.get('queued', 0), j.get('leased', 0), j.get('done', 0),"
                                  " j.get('dead_letter', 0), o.get('pending', 0), o.get('sent', 0),"
                                  " o.get('dead_letter', 0))"),
                   file);
        QCOMPARE(oracle, QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
                             .arg(counts.queued)
                             .arg(counts.leased)
                             .arg(counts.done)
                             .arg(counts.deadLetters)
                             .arg(counts.outboxPending)
                             .arg(counts.outboxSent)
                             .arg(counts.outboxDeadLetters));
    }

    void sigkill_atRandomMoments_leavesAnIntactFileWithEveryReturnedEnqueue()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("node/queue.sqlite")).toStdString();
        const quint32 seed = QRandomGenerator::global()->generate();
        qInfo("SIGKILL test seed %u", seed);
        QRandomGenerator random(seed);
        constexpr int kKills = 36;
        std::set<std::string> reported;
        int runsThatWorked = 0;
        for (int run = 0; run < kKills; ++run) {
            QProcess child;
            child.start(QCoreApplication::applicationFilePath(),
                        {QStringLiteral("--queue-child"), QString::fromStdString(path), QString::number(run)});
            QVERIFY(child.waitForStarted(10000));
            // The first kills fall early (while the file and its schema are made); the others at a
            // random moment after the child is ready, wherever its loop is then, however slowly a
            // loaded machine started it.
            QByteArray output;
            int delayMs = int(random.bounded(0, 20));
            if (run >= 4) {
                while (!output.contains("ready\n") && child.waitForReadyRead(10000))
                    output += child.readAllStandardOutput();
                QVERIFY2(output.contains("ready\n"), child.readAllStandardError().constData());
                delayMs = int(random.bounded(5, 150));
            }
            QVERIFY2(!child.waitForFinished(delayMs), child.readAllStandardError().constData());
            QCOMPARE(::kill(pid_t(child.processId()), SIGKILL), 0);
            QVERIFY(child.waitForFinished(10000));
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);
            output += child.readAllStandardOutput();
            const QList<QByteArray> lines = output.split('\n');
            int enqueued = 0;
            for (const QByteArray& line : lines)
                if (line.startsWith("enqueued ")) {
                    reported.insert(line.mid(9).toStdString());
                    ++enqueued;
                }
            if (enqueued > 0) ++runsThatWorked;
            const QByteArray errors = child.readAllStandardError();
            QVERIFY2(errors.isEmpty(), errors.constData());

            // After the kill: the file opens (migrating if the kill fell before), and is whole.
            const QString where =
                QStringLiteral("run %1, killed %2 ms after it started or was ready").arg(run).arg(delayMs);
            try {
                SqliteWorkQueue reopened(path);
                QCOMPARE(QString::fromStdString(reopened.integrityCheck()), QStringLiteral("ok"));
                QCOMPARE(reopened.schemaVersion(), SqliteWorkQueue::kSchemaVersion);
            } catch (const QueueError& error) {
                QFAIL(qPrintable(where + QStringLiteral(": ") + QString::fromUtf8(error.what())));
            }
            const std::set<std::string> stored = sqlTexts(path, "SELECT sop_instance_uid FROM jobs");
            for (const std::string& uid : reported)
                QVERIFY2(stored.count(uid) == 1,
                         qPrintable(where + QStringLiteral(": lost job ") + QString::fromStdString(uid)));
            QCOMPARE(sqlInteger(path,
                                "SELECT count(*) FROM (SELECT 1 FROM outbox GROUP BY sop_instance_uid, "
                                "destination HAVING count(*) > 1)"),
                     0);
            // Nothing half-written: a done job has all four of its objects, no other job has any.
            QCOMPARE(sqlInteger(path,
                                "SELECT count(*) FROM jobs WHERE state = 'done' AND "
                                "(SELECT count(*) FROM outbox WHERE job_id = jobs.id) <> 4"),
                     0);
            QCOMPARE(sqlInteger(path,
                                "SELECT count(*) FROM outbox JOIN jobs ON jobs.id = outbox.job_id "
                                "WHERE jobs.state <> 'done'"),
                     0);
        }
        qInfo("%d kills, %d of them after enqueues (%d reported), %lld jobs done, %lld outbox rows sent", kKills,
              runsThatWorked, int(reported.size()), sqlInteger(path, "SELECT count(*) FROM jobs WHERE state = 'done'"),
              sqlInteger(path, "SELECT count(*) FROM outbox WHERE state = 'sent'"));
        QVERIFY(runsThatWorked >= kKills / 3);  // many kills fell in the middle of the work
        QVERIFY(sqlInteger(path, "SELECT count(*) FROM jobs WHERE state = 'done'") > 0);
        QVERIFY(sqlInteger(path, "SELECT count(*) FROM outbox WHERE state = 'sent'") > 0);
    }
};

int main(int argc, char** argv)
{
    if (argc == 4 && std::strcmp(argv[1], "--queue-child") == 0) return runChild(argv[2], argv[3]);
    QCoreApplication application(argc, argv);
    TestNodeQueue test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_nodequeue.moc"
