#pragma once
// The workstation's side of the PACS: the embedded Storage SCP that runs while the application
// does (C-MOVE's destination), and study retrieves by C-MOVE or C-GET on a worker thread, one at a
// time in the order asked, each cancellable and retried on request. Progress, received instances
// and outcomes come back as signals on the UI thread; every retrieve is written to the audit log
// (who, when, which study from which peer, how many instances, the outcome).
//
// UI thread only.

#include "PacsSettings.h"
#include "PacsMetaTypes.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <memory>
#include <string>

namespace pulmo::net {
class Cancellation;
class StorageScp;
struct ScpRefusal;
}  // namespace pulmo::net

namespace pulmo::app {

class FeedbackSession;

class PacsController : public QObject {
    Q_OBJECT
public:
    /// `storageFolder`: where received studies go (sanitised names under it). `audit` (not owned,
    /// may be null) receives one row per retrieve.
    PacsController(PacsSettings settings, QString storageFolder, FeedbackSession* audit, QObject* parent = nullptr);
    /// Cancels what runs, waits for it, stops the Storage SCP.
    ~PacsController() override;

    const PacsSettings& settings() const { return m_settings; }
    /// New peers or node: the Storage SCP restarts when its AE title, port or switch changed.
    void setSettings(const PacsSettings& settings);
    QString storageFolder() const { return m_storageFolder; }

    /// "Receiving as PULMO on port 11112", or why not ("port 11112 is in use ...").
    QString receiverStatus() const { return m_receiverStatus; }
    bool isReceiving() const;

    /// Queues a retrieve of one study; returns its job number. `method` overrides the peer's
    /// preferred one. Retrying a study is asking again: what is already here is not fetched again.
    int retrieve(const net::PacsPeer& peer, const QString& studyInstanceUid, net::RetrieveMethod method);
    void cancel(int job);
    bool isBusy() const { return !m_jobs.isEmpty(); }
    /// An audit row for another PACS action (a query), signed by the reader.
    void audit(const QString& action, const QString& subject, const QString& outcome, const QString& detail);

Q_SIGNALS:
    /// A retrieve was asked for while none was queued or running: a new batch (its first image is
    /// the one to show).
    void batchStarted();
    void retrieveStarted(int job, const QString& studyInstanceUid);
    void retrieveProgress(int job, const pulmo::net::RetrieveProgress& progress);
    /// An instance is under its final name (from a retrieve, or pushed to us by anyone).
    void instanceReceived(const QString& filePath, const QString& studyInstanceUid);
    void retrieveFinished(int job, const pulmo::net::RetrieveResult& result);
    void receiverStatusChanged(const QString& status);
    /// The receiver refused a caller or an image on its own (not a configured peer, the disk nearly
    /// full); `text` in the user's language. Audited as pacs.store-refused.
    void receiverRefused(const QString& text);

private:
    void restartReceiver();
    void onRefusal(const net::ScpRefusal& refusal);
    void stopReceiver();
    void post(std::function<void()> call);

    PacsSettings m_settings;
    QString m_storageFolder;
    FeedbackSession* m_audit;
    std::unique_ptr<net::StorageScp> m_receiver;
    int m_receiverListener = -1;
    bool m_receiverRestartPending = false;  // settings changed while a retrieve used the receiver
    QString m_receiverStatus;
    std::string m_receiverProblem;  ///< why the receiver is not running, English (for the audit trail)
    QThreadPool m_pool;             // one thread: retrieves run in the order asked
    int m_nextJob = 1;
    QHash<int, std::shared_ptr<net::Cancellation>> m_jobs;
};

}  // namespace pulmo::app
