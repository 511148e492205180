#pragma once
// The durable outbox of results objects (issue 16 item 5): every SR and SC that is to reach a
// peer is a row in the feedback database (schema 4) until the peer has stored it; a failure
// schedules a retry with back-off, and the rows survive a restart. The files themselves are kept
// by the caller in a results folder (ResultDelivery); the outbox holds their paths.

#include "FeedbackDatabase.h"

#include <QDateTime>
#include <QString>

#include <optional>
#include <vector>

namespace pulmo::feedback {

struct OutboxItem {
    long long id = 0;
    QString peer;  ///< "AET@HOST:PORT" (net::peerAddress), the key of the destination
    QString studyInstanceUid;
    QString sourceSopInstanceUid;  ///< the radiograph the object is about
    QString sopInstanceUid;        ///< the object's own
    QString filePath;
    QString kind;  ///< "sr", "sc", "verified-sr"
    enum class State { Pending, Sent, Abandoned } state = State::Pending;
    int attempts = 0;
    QDateTime createdUtc;
    QDateTime nextAttemptUtc;  ///< when a pending item is due
    QDateTime sentUtc;         ///< when the peer stored it
    QString lastError;         ///< English reason of the last failure
};

class ResultOutbox {
public:
    /// `database` must outlive this object; one thread.
    explicit ResultOutbox(FeedbackDatabase& database) : m_database(database) {}

    /// Adds a pending item, due now. An object already pending or sent for the same peer is not
    /// added twice (returns the existing id). Throws DatabaseError.
    long long enqueue(const OutboxItem& item);
    /// Pending items due at `nowUtc`, oldest first.
    std::vector<OutboxItem> due(const QDateTime& nowUtc) const;
    std::vector<OutboxItem> pending() const;
    /// Every item about `sourceSopInstanceUid` (for the AI panel: where the result went, or why not).
    std::vector<OutboxItem> itemsFor(const QString& sourceSopInstanceUid) const;
    void markSent(long long id, const QDateTime& whenUtc);
    /// Records a failure and the next attempt: back-off 30 s, doubled per attempt, at most 1 h.
    void markFailed(long long id, const QString& reason, const QDateTime& nowUtc);
    /// The back-off after `attempts` failures.
    static int retryDelaySeconds(int attempts);

    // Added with the implementation (issue 16):
    /// Gives an item up for good (its file is gone): it is neither due nor pending any more. A
    /// later enqueue() of the same object for the same peer makes it pending again.
    void markAbandoned(long long id, const QString& reason);
    /// One item by id; nothing when there is none.
    std::optional<OutboxItem> item(long long id) const;
    /// How many items are pending (due now or later).
    int pendingCount() const;
    /// When the earliest pending item is due; nothing when none is pending.
    std::optional<QDateTime> nextAttemptUtc() const;
    /// "pending" / "sent" / "abandoned", as stored.
    static const char* toString(OutboxItem::State state);

private:
    FeedbackDatabase& m_database;
};

}  // namespace pulmo::feedback
