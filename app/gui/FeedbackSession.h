#pragma once
// The reader's side of the feedback loop in the viewer: saves Agree / Disagree verdicts with the
// prediction they judge and withdraws them (Undo), knows which images are reviewed, audits what is
// opened and shown, and counts progress. Writes go through
// the feedback writer thread (an fsync per commit, or another workstation's lock, never stalls the
// UI); a verdict is reported saved only after the database committed it, and a failure is
// reported as not saved, with the reason. UI thread only.

#include "AiController.h"
#include "FeedbackStore.h"
#include "net/PacsPeer.h"

#include <QObject>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace pulmo::feedback {
class AuditForwarder;
class FeedbackDatabase;
class FeedbackWriter;
}  // namespace pulmo::feedback

namespace pulmo::dicom {
struct ImageInfo;
}

namespace pulmo::app {

class FeedbackSession : public QObject {
    Q_OBJECT
public:
    /// Opens (creating) the feedback database; on failure the session is disabled and says why.
    FeedbackSession(const QString& databasePath, QString reader, QObject* parent = nullptr);
    ~FeedbackSession() override;

    static QString defaultDatabasePath();
    bool isAvailable() const { return m_store != nullptr; }
    QString unavailableReason() const { return m_unavailable; }
    QString reader() const { return m_reader; }
    /// Who signs what is saved and audited from now on; readerChanged() says so.
    void setReader(const QString& reader);
    QString databasePath() const { return m_databasePath; }

    /// Audit rows, queued to the writer thread; a failure is reported by auditFailed().
    void auditImageOpened(const dicom::ImageInfo& info, const QString& filePath);
    void auditPredictionShown(const QString& sopInstanceUid, const AiOutcome& outcome);
    /// What model monitoring needs of a fresh analysis (issue 20), written in the background.
    void recordObservation(feedback::MonitoringObservation observation);
    /// Any other audited action (export, PACS transfer), queued likewise.
    void audit(const QString& action, const QString& subject, const QString& outcome, const QString& detail);

    struct SaveResult {
        bool saved = false;
        QString message;  ///< "Saved: ... · <patient>", "Withdrawn: ..." or "Not saved: <why>"
        QString sopInstanceUid;
        qint64 verdictId = 0;  ///< the row written: the verdict, or the withdrawal
    };
    /// Saves the verdict on the image's AI outcome (its prediction is stored first if needed) on
    /// the writer thread; `done` runs on the UI thread once the database committed it or failed,
    /// or at once when there is nothing to save. Not called if `context` is gone by then. The
    /// message names the patient: the reader has usually moved on when it is read.
    void saveVerdict(const dicom::ImageInfo& info, const QString& filePath, const AiOutcome& outcome,
                     const QString& verdict, const QString& correctedLabel, const QString& comment,
                     const feedback::VerdictCircumstances& circumstances, QObject* context,
                     std::function<void(const SaveResult&)> done);
    /// Undo: withdraws verdict `verdictId` on image `sopInstanceUid` by a new row (history stays),
    /// audited; `patient` is what the message calls the patient. `done` as for saveVerdict().
    void withdrawVerdict(qint64 verdictId, const QString& sopInstanceUid, const QString& patient, QObject* context,
                         std::function<void(const SaveResult&)> done);
    /// The image's current verdict by any reader (the latest agree or disagree not withdrawn),
    /// read from the database; nothing when it has none or the database is unavailable.
    std::optional<feedback::ReviewedImage> currentVerdict(const QString& sopInstanceUid) const;
    /// The SOP Instance UIDs with a current verdict (for the browser's "reviewed" column and
    /// "Next unreviewed"); kept up to date as verdicts are saved and withdrawn.
    QSet<QString> reviewedImages() const { return m_reviewed; }
    bool isReviewed(const QString& sopInstanceUid) const { return m_reviewed.contains(sopInstanceUid); }
    /// Sends every audit row to an audit record repository too (IHE ATNA syslog, issue 21): `url`
    /// udp://, tcp:// or tls://HOST:PORT (TLS with `tls`'s CA, certificate and key: the receiver's),
    /// from a thread of its own; rows it cannot take wait and go in order later, and nothing here
    /// waits for it. Empty: none. An unusable URL is refused with the reason (English).
    QString setAuditRepository(const QString& url, const net::TlsSettings& tls, const QString& aeTitle);
    /// Rows not yet taken by the repository, and its last failure (empty when it answers).
    qint64 auditRowsWaiting() const;
    QString auditRepositoryProblem() const;
    /// Blocks until every queued write is done (tests; shutdown waits anyway).
    void waitForWrites();
    /// The reviewed images as a retraining set in `folder` (empty or new), written on a worker
    /// thread with its own connection after every queued write is done, so every verdict shown as
    /// saved is in it. `progress` (images done, total) and `done` (ok, what to tell the reader) run
    /// on the UI thread, not once `context` is gone. The export audits itself.
    void exportForRetraining(const QString& folder, QObject* context, std::function<void(int, int)> progress,
                             std::function<void(bool, const QString&)> done);

    /// The worklist's SOP Instance UIDs, for "143 of 400 reviewed, 12 disagreements".
    void setWorklist(const QSet<QString>& sopInstanceUids);
    /// An image of the worklist that cannot be read: not counted as one to review.
    void leaveOutOfReview(const QString& sopInstanceUid) { m_worklist.remove(sopInstanceUid); }
    QString progressText() const;
    struct Progress {
        int reviewed = 0;
        int disagreements = 0;
    };
    /// The worklist's reviewed images and disagreements, from one read of the database.
    Progress progress() const;
    int reviewedCount() const;
    int disagreementCount() const;

Q_SIGNALS:
    /// An audit row could not be written: the reader must be told (it names the file and why).
    void auditFailed(const QString& message);
    /// An image gained its first current verdict (`reviewed`) or lost its last one to an Undo.
    void reviewedChanged(const QString& sopInstanceUid, bool reviewed);
    void readerChanged(const QString& reader);

private:
    /// Reads the image's state again after a write and says when it changed.
    void refreshReviewed(const QString& sopInstanceUid);

    QString m_reader;
    QString m_databasePath;
    QString m_unavailable;
    std::unique_ptr<feedback::FeedbackDatabase> m_database;
    std::unique_ptr<feedback::FeedbackStore> m_store;       // reads (progress), on the UI thread
    std::unique_ptr<feedback::FeedbackWriter> m_writer;     // every write
    std::unique_ptr<feedback::AuditForwarder> m_forwarder;  // the audit record repository, when one is set
    QSet<QString> m_worklist;
    QSet<QString> m_reviewed;
};

}  // namespace pulmo::app
