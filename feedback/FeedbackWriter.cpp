#include "FeedbackWriter.h"

#include "AuditLog.h"
#include "FeedbackDatabase.h"
#include "FeedbackLogging.h"

#include <QCoreApplication>
#include <QMetaObject>

#include <stdexcept>

namespace pulmo::feedback {

namespace {

// Runs `call` on the application's thread, where `context` lives, unless `context` is gone by
// then. The check happens there: a receiver may be deleted at any moment before it.
void deliver(const QPointer<QObject>& context, std::function<void()> call)
{
    QCoreApplication* application = QCoreApplication::instance();
    if (!application) return;
    QMetaObject::invokeMethod(
        application,
        [context, call = std::move(call)] {
            if (context) call();
        },
        Qt::QueuedConnection);
}

}  // namespace

FeedbackWriter::FeedbackWriter(QString databasePath)
    : m_databasePath(std::move(databasePath)), m_thread([this] { run(); })
{
}

FeedbackWriter::~FeedbackWriter()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void FeedbackWriter::enqueue(Job job)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_queue.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void FeedbackWriter::run()
{
    for (;;) {
        Job job;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty()) break;  // stopping, and everything asked for is written
            job = std::move(m_queue.front());
            m_queue.pop_front();
            m_busy = true;
        }
        job();
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_busy = false;
        }
        m_idle.notify_all();
    }
    m_store.reset();
    m_database.reset();
}

void FeedbackWriter::waitForIdle()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_idle.wait(lock, [this] { return m_queue.empty() && !m_busy; });
}

FeedbackStore& FeedbackWriter::store()
{
    if (!m_store) {
        m_database = std::make_unique<FeedbackDatabase>(m_databasePath.toStdString());
        m_store = std::make_unique<FeedbackStore>(*m_database);
    }
    return *m_store;
}

void FeedbackWriter::setAuditFailureHandler(QObject* context, std::function<void(const DatabaseError&)> handler)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_auditFailureContext = context;
    m_auditFailureHandler = std::move(handler);
}

void FeedbackWriter::reportAuditFailure(const DatabaseError& error)
{
    QPointer<QObject> context;
    std::function<void(const DatabaseError&)> handler;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        context = m_auditFailureContext;
        handler = m_auditFailureHandler;
    }
    if (!handler) return;
    deliver(context, [handler, error] { handler(error); });
}

void FeedbackWriter::audit(const QString& reader, const QString& action, const QString& subject, const QString& outcome,
                           const QString& detail)
{
    enqueue([=] {
        try {
            store();
            AuditLog(*m_database).append(reader, action, subject, outcome, detail);
        } catch (const std::exception& error) {
            // A connection that failed mid-write is reopened for the next job (the disk may have
            // been freed, the lock released).
            m_store.reset();
            m_database.reset();
            const auto* typed = dynamic_cast<const DatabaseError*>(&error);
            reportAuditFailure(typed ? *typed : DatabaseError(error.what()));
        }
    });
}

void FeedbackWriter::recordObservation(MonitoringObservation observation)
{
    enqueue([this, observation = std::move(observation)] {
        try {
            store();
            MonitoringStore(*m_database).record(observation);
        } catch (const std::exception& error) {
            m_store.reset();
            m_database.reset();
            qCWarning(lcFeedback, "monitoring record for %s not written: %s",
                      qUtf8Printable(observation.sopInstanceUid), error.what());
        }
    });
}

void FeedbackWriter::saveVerdict(VerdictRequest request, QObject* context,
                                 std::function<void(const VerdictOutcome&)> done)
{
    QPointer<QObject> receiver(context);
    enqueue([this, request = std::move(request), receiver, done = std::move(done)]() mutable {
        VerdictOutcome outcome;
        try {
            FeedbackStore& feedback = store();
            request.prediction.patientKey = feedback.patientKey(request.patientId, request.patientName);
            outcome.prediction = feedback.recordPrediction(request.prediction, request.reader);
            outcome.verdict = feedback.recordVerdict(outcome.prediction.id, request.verdict, request.correctedLabel,
                                                     request.comment, request.reader, request.circumstances);
            outcome.saved = true;
        } catch (const std::exception& error) {
            m_store.reset();
            m_database.reset();
            outcome.error = QString::fromUtf8(error.what());
            const auto* typed = dynamic_cast<const DatabaseError*>(&error);
            outcome.failure = typed ? *typed : DatabaseError(error.what());
        }
        deliver(receiver, [done = std::move(done), outcome] { done(outcome); });
    });
}

void FeedbackWriter::withdrawVerdict(qint64 verdictId, const QString& reader, QObject* context,
                                     std::function<void(const VerdictOutcome&)> done)
{
    QPointer<QObject> receiver(context);
    enqueue([this, verdictId, reader, receiver, done = std::move(done)]() mutable {
        VerdictOutcome outcome;
        try {
            FeedbackStore& feedback = store();
            outcome.verdict = feedback.withdrawVerdict(verdictId, reader);
            if (const auto prediction = feedback.prediction(outcome.verdict.predictionId))
                outcome.prediction = *prediction;
            outcome.saved = true;
        } catch (const std::invalid_argument& error) {
            outcome.error = QString::fromUtf8(error.what());  // nothing to withdraw: the connection is fine
        } catch (const std::exception& error) {
            m_store.reset();
            m_database.reset();
            outcome.error = QString::fromUtf8(error.what());
            const auto* typed = dynamic_cast<const DatabaseError*>(&error);
            outcome.failure = typed ? *typed : DatabaseError(error.what());
        }
        deliver(receiver, [done = std::move(done), outcome] { done(outcome); });
    });
}

}  // namespace pulmo::feedback
