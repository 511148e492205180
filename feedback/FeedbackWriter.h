#pragma once
// The feedback database's writer thread. Every audit row and verdict of a reading session goes
// through one queue and one connection of its own, in order, so that the fsync of each commit
// (synchronous=FULL) and a wait for a lock held by another workstation never stall the UI
// thread. Results come back on the caller's thread, through Qt's event loop, and only after the
// commit: a verdict may be shown as saved when, and only when, its callback says so.

#include "FeedbackDatabase.h"
#include "FeedbackStore.h"
#include "MonitoringStore.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace pulmo::feedback {

class AuditLog;
class FeedbackDatabase;

/// What the reader judged: the prediction as shown, and the verdict on it.
struct VerdictRequest {
    PredictionRecord prediction;  ///< patientKey is filled in by the writer from the fields below
    QString patientId;            ///< held in memory only, to derive the pseudonymous key
    QString patientName;
    QString verdict;         ///< agree or disagree
    QString correctedLabel;  ///< on disagree
    QString comment;
    QString reader;
    VerdictCircumstances circumstances;
};

struct VerdictOutcome {
    bool saved = false;
    QString error;  ///< why not, naming the database file and the system's reason (English, for logs)
    std::optional<DatabaseError> failure;  ///< the same as a kind and parameters, for the reader's language
    PredictionRecord prediction;
    VerdictRecord verdict;
};

class FeedbackWriter {
public:
    /// Starts the thread, which opens its own connection to `databasePath` (created and migrated
    /// if needed). A failure to open is reported to each request's callback.
    explicit FeedbackWriter(QString databasePath);
    /// Writes everything still queued, then stops and joins the thread: nothing asked for is lost.
    ~FeedbackWriter();
    FeedbackWriter(const FeedbackWriter&) = delete;
    FeedbackWriter& operator=(const FeedbackWriter&) = delete;

    /// Queues one audit row; a failure is reported to the audit-failure callback.
    void audit(const QString& reader, const QString& action, const QString& subject, const QString& outcome,
               const QString& detail = {});
    /// Where audit failures are reported: called on the application's (UI) thread, where
    /// `context` lives; dropped once `context` is gone.
    void setAuditFailureHandler(QObject* context, std::function<void(const DatabaseError&)> handler);

    /// Queues a verdict (its prediction is stored first when needed); `done` is called on the
    /// application's (UI) thread, where `context` lives, after the commit or the failure, and not
    /// at all if `context` is gone by then.
    void saveVerdict(VerdictRequest request, QObject* context, std::function<void(const VerdictOutcome&)> done);
    /// Queues an Undo: a row withdrawing verdict `verdictId` (FeedbackStore::withdrawVerdict).
    /// `done` as for saveVerdict(); its outcome's `verdict` is the withdrawing row.
    void withdrawVerdict(qint64 verdictId, const QString& reader, QObject* context,
                         std::function<void(const VerdictOutcome&)> done);

    /// Queues what model monitoring needs of one prediction (MonitoringStore::record); a failure is
    /// logged: monitoring never holds up the reader.
    void recordObservation(MonitoringObservation observation);

    /// Blocks until the queue is empty and the last job finished (tests, shutdown).
    void waitForIdle();

private:
    using Job = std::function<void()>;
    void enqueue(Job job);
    void run();
    /// The thread's connection, opened on first use; throws DatabaseError when it cannot be.
    FeedbackStore& store();
    void reportAuditFailure(const DatabaseError& error);

    const QString m_databasePath;
    std::unique_ptr<FeedbackDatabase> m_database;  // writer thread only
    std::unique_ptr<FeedbackStore> m_store;        // writer thread only

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<Job> m_queue;
    bool m_busy = false;
    bool m_stopping = false;
    QPointer<QObject> m_auditFailureContext;
    std::function<void(const DatabaseError&)> m_auditFailureHandler;
    std::thread m_thread;  // last: started once everything above exists
};

}  // namespace pulmo::feedback
