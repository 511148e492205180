#pragma once
// The one driver that takes results objects (SR, SC) to the PACS through the durable outbox
// (issue 16 item 5), for the CLI, the window and the node alike: queue() keeps a copy of each file
// in the results folder and a row per (object, peer) in the feedback database; deliverDue() sends
// what is due, all objects of one study to one peer on one association, records the outcome (sent,
// or failed with the next attempt after a back-off) and one audit row per batch.
//
// Threads: one object is used by one thread at a time. It opens its own connection to the
// feedback database (WAL lets the window's UI thread keep another one to the same file), so the
// window may own it on a worker thread. deliverDue() blocks on the network.

#include "net/Cancellation.h"
#include "net/PacsPeer.h"

#include <QDateTime>
#include <QString>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pulmo::feedback {
class FeedbackDatabase;
class ResultOutbox;
}  // namespace pulmo::feedback

namespace pulmo::app {

/// One results object to queue.
struct ResultFile {
    QString filePath;              ///< where it is now (may be a temporary file: queue() copies it)
    QString kind;                  ///< "sr", "sc", "verified-sr"
    QString sourceSopInstanceUid;  ///< the radiograph it is about
    QString studyInstanceUid;      ///< the study it belongs to (read from the file when empty)
    QString sopInstanceUid;        ///< its own SOP Instance UID (read from the file when empty)
};

/// What became of one outbox item in one deliverDue() (plain values, for any thread).
struct DeliveryItem {
    enum class State {
        Sent,         ///< the peer stored it (status 0x0000 or a warning)
        Failed,       ///< not stored this time; retried after nextAttemptUtc
        PeerUnknown,  ///< its peer is no longer configured: left pending, not tried
        Abandoned,    ///< its file is gone: given up
    };
    long long id = 0;
    QString peer;  ///< "AET@HOST:PORT"
    QString studyInstanceUid;
    QString sourceSopInstanceUid;
    QString sopInstanceUid;
    QString kind;
    State state = State::Failed;
    unsigned status = 0;       ///< the C-STORE status, when the peer answered
    QString reason;            ///< English: the peer's status in words, the network error, or why not tried
    int attempts = 0;          ///< failures so far (after this delivery)
    QDateTime nextAttemptUtc;  ///< when a failed item is due again
};

struct DeliveryReport {
    std::vector<DeliveryItem> items;
    int sent() const;
    int failed() const;  ///< Failed and Abandoned
};

/// "sent" / "failed" / "peer_unknown" / "abandoned" (JSON).
const char* toString(DeliveryItem::State state);

class ResultDelivery {
public:
    /// Configured peers by net::peerAddress() ("AET@HOST:PORT"), with their TLS settings.
    using PeersByAddress = std::map<std::string, net::PacsPeer>;
    static PeersByAddress byAddress(const std::vector<net::PacsPeer>& peers);

    /// Opens its own connection to the feedback database at `databasePath` (throws DatabaseError).
    /// `resultsFolder` keeps the copies (resultsFolder/STUDY_UID/SOP_UID.dcm); `who` is the reader
    /// or node named in the audit rows.
    ResultDelivery(const QString& databasePath, const QString& resultsFolder, const QString& who);
    ~ResultDelivery();
    ResultDelivery(const ResultDelivery&) = delete;
    ResultDelivery& operator=(const ResultDelivery&) = delete;

    /// Copies each file into the results folder (atomically: a temporary file renamed) and queues
    /// it for each of `peers`, due now; an object already queued or sent for a peer is not queued
    /// twice. One audit row per object. Returns the outbox ids (objects x peers, in that order).
    /// Throws std::runtime_error naming the file when one cannot be read or copied (nothing of that
    /// file is queued), DatabaseError when the database cannot be written.
    std::vector<long long> queue(const std::vector<ResultFile>& files, const std::vector<net::PacsPeer>& peers);

    /// Sends the items due at `nowUtc`: grouped by (peer, study), one association per group,
    /// storeFiles(); each item is marked sent or failed (a NetworkError fails the whole group with
    /// its message). Items of peers not in `peers` stay pending and are reported PeerUnknown.
    /// One audit row per group. Cancellation is honoured between files and between groups (items
    /// not tried stay pending, unreported).
    DeliveryReport deliverDue(const PeersByAddress& peers, const std::string& callingAeTitle,
                              const net::NetworkTimeouts& timeouts, const QDateTime& nowUtc,
                              const net::Cancellation* cancellation = nullptr);

    /// Pending items (due now or later), for the window's status.
    int pendingCount() const;
    /// When the earliest pending item is due, for the window's retry timer.
    std::optional<QDateTime> nextDue() const;

    /// The outbox on this object's connection (same thread only).
    feedback::ResultOutbox& outbox();
    const QString& resultsFolder() const { return m_resultsFolder; }

private:
    /// The copy of `file` in the results folder; throws std::runtime_error naming the file.
    QString keepCopy(const QString& filePath, const QString& studyUid, const QString& sopUid) const;

    std::unique_ptr<feedback::FeedbackDatabase> m_database;
    std::unique_ptr<feedback::ResultOutbox> m_outbox;
    QString m_resultsFolder;
    QString m_who;
};

}  // namespace pulmo::app
