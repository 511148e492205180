#pragma once
// The window's side of the AI results objects (issue 16 items 3, 5, 6): an analysis becomes its
// TID 1500 SR and heatmap SC (app/common/ResultObjects), queued in the durable outbox for every
// PACS node marked "AI results" and sent (app/common/ResultDelivery), retried with back-off while
// a peer is down, also after a restart; a reader's verdict can become a verified SR. And the way
// back: a Pulmo SR found in a study, read into a result the AI panel shows without running the model.
//
// Everything that touches files, the database or the network runs on one background thread (one
// at a time, in order); the UI thread only hands work over and hears back by queued calls.
// UI thread only.

#include "AiOutcome.h"
#include "PacsSettings.h"
#include "ResultDelivery.h"
#include "ResultSettings.h"

#include "dicom/DecodedImage.h"
#include "net/Cancellation.h"
#include "results/AiResult.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <functional>
#include <memory>

namespace pulmo::app {

class ResultPublisher : public QObject {
    Q_OBJECT
public:
    /// `databasePath`: the feedback database (the outbox lives there); `resultsFolder` keeps the
    /// objects until the peers have them. The outbox's pending items are picked up at once.
    ResultPublisher(QString databasePath, QString resultsFolder, QObject* parent = nullptr);
    /// Stops a transfer under way (its items stay pending) and waits for the background thread.
    ~ResultPublisher() override;
    /// Beside the feedback database: DATA/results.
    static QString defaultResultsFolder();

    void setSettings(const ResultSettings& settings) { m_settings = settings; }
    const ResultSettings& settings() const { return m_settings; }
    /// The peers marked "AI results", this workstation's AE title; sends what waits for them.
    void setPacsSettings(const PacsSettings& pacs);
    /// Who the audit rows name.
    void setReader(const QString& reader) { m_reader = reader; }
    /// Some peer receives results.
    bool hasPeers() const { return !m_peers.empty(); }
    /// The names of those peers, for messages ("Orthanc, Archive").
    QString peerNames() const;

    /// Writes `outcome`'s SR and SC about `image` (from `filePath`) and sends them to every peer
    /// marked "AI results". Nothing for an outcome without a result (the AI failed): no object may
    /// claim one. deliveryChanged() follows, for the image's SOP Instance UID.
    void publish(const QString& filePath, std::shared_ptr<const dicom::DecodedImage> image, const AiOutcome& outcome);
    /// The reader's verified SR (verdict `verdictId`, finding `readerFinding`) about the image of
    /// `outcome`, superseding the AI SR that publish() makes for the same analysis.
    void publishVerified(const QString& filePath, std::shared_ptr<const dicom::DecodedImage> image,
                         const AiOutcome& outcome, const QString& reader, results::Finding readerFinding,
                         qint64 verdictId);

    /// For the AI panel: where the image's result went and when, or why not ("Sent to Orthanc at
    /// 10:31", "Not sent yet: ... Next try at 10:35"); empty when it was never sent.
    QString deliveryText(const QString& sopInstanceUid) const;

    /// Reads the Pulmo SRs among `documentPaths` (a study's structured reports) on the background
    /// thread and calls `found` on the UI thread with the newest AI report about `sopInstanceUid`
    /// (`verified` and `reader` set from the newest reader's sign-off of it, if there is one), or
    /// with nothing. Not called once `context` is gone.
    void findStoredResult(const QString& sopInstanceUid, const QStringList& documentPaths, QObject* context,
                          std::function<void(std::optional<results::StoredResult>)> found);

    /// A stored result as the AI panel shows it (AiOutcome::fromPacs): the AI's probability and
    /// finding as the report has them, its model and date, and who signed it off.
    static AiOutcome outcomeOf(const results::StoredResult& stored);

    /// Blocks until the background work queued so far is done (tests).
    void waitForIdle();

Q_SIGNALS:
    /// deliveryText() of this image changed.
    void deliveryChanged(const QString& sopInstanceUid);

private:
    /// What a background job hands back to the UI thread.
    struct JobResult {
        std::vector<DeliveryItem> items;  ///< what became of outbox items
        QString failedSop;                ///< an image whose objects could not be made or queued...
        QString failure;                  ///< ...and why (English: the writer's or the database's reason)
        std::optional<QDateTime> nextDue;
    };
    using Job = std::function<void(ResultDelivery&)>;
    /// Runs `job` on the background thread with the delivery (opened there on first use), then the
    /// due items are sent, and the outcome comes back to takeResult() on the UI thread; a failure is
    /// said about the image `aboutSop` (if any).
    void runInBackground(Job job, const QString& aboutSop = {});
    /// Writes the analysis' SR and SC (and the reader's verified SR, with `verification`) and
    /// queues them for every peer, on the background thread.
    void queueObjects(const QString& filePath, std::shared_ptr<const dicom::DecodedImage> image,
                      const AiOutcome& outcome, const std::optional<results::ReaderVerification>& verification);
    void deliverNow();
    void takeResult(const JobResult& result);
    QString textOf(const DeliveryItem& item) const;

    QString m_databasePath;
    QString m_resultsFolder;
    QString m_reader;
    ResultSettings m_settings;
    std::vector<net::PacsPeer> m_peers;
    std::string m_callingAe = "PULMO";
    QHash<QString, QString> m_texts;  // source SOP Instance UID -> deliveryText
    QThreadPool m_pool;               // one thread: the delivery's jobs in order
    QThreadPool m_readers;            // reading reports, not held up by a transfer to a silent PACS
    std::shared_ptr<net::Cancellation> m_cancellation = std::make_shared<net::Cancellation>();
    std::shared_ptr<std::unique_ptr<ResultDelivery>> m_delivery;  // used on m_pool only
    QTimer m_retry;
};

}  // namespace pulmo::app
