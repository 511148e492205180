#include "ResultPublisher.h"

#include "GuiLogging.h"
#include "ResultObjects.h"

#include "results/AiResultSr.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>

#include <algorithm>

namespace pulmo::app {
namespace {

/// The network's answer time for the results' transfers: short enough that a stopped PACS does
/// not hold the queue for long, the DIMSE timeout long enough for a 2048 px capture.
constexpr net::NetworkTimeouts kTimeouts{10, 10, 60};

QString timeText(const QDateTime& utc)
{
    return QLocale().toString(utc.toLocalTime().time(), QLocale::ShortFormat);
}

}  // namespace

ResultPublisher::ResultPublisher(QString databasePath, QString resultsFolder, QObject* parent)
    : QObject(parent),
      m_databasePath(std::move(databasePath)),
      m_resultsFolder(std::move(resultsFolder)),
      m_delivery(std::make_shared<std::unique_ptr<ResultDelivery>>())
{
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);
    m_readers.setMaxThreadCount(1);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &ResultPublisher::deliverNow);
}

ResultPublisher::~ResultPublisher()
{
    m_cancellation->cancel();
    m_pool.waitForDone();
    m_readers.waitForDone();
}

QString ResultPublisher::defaultResultsFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("results"));
}

void ResultPublisher::setPacsSettings(const PacsSettings& pacs)
{
    m_peers.clear();
    for (const net::PacsPeer& peer : pacs.peers)
        if (peer.receivesResults) m_peers.push_back(peer);
    m_callingAe = pacs.local.aeTitle;
    deliverNow();  // what waited for these peers (also from before a restart) goes now
}

QString ResultPublisher::peerNames() const
{
    QStringList names;
    for (const net::PacsPeer& peer : m_peers)
        names << QString::fromStdString(peer.description.empty() ? net::peerAddress(peer) : peer.description);
    return names.join(QStringLiteral(", "));
}

void ResultPublisher::runInBackground(Job job, const QString& aboutSop)
{
    const QString databasePath = m_databasePath;
    const QString resultsFolder = m_resultsFolder;
    const QString who = m_reader;
    const ResultDelivery::PeersByAddress peers = ResultDelivery::byAddress(m_peers);
    const std::string callingAe = m_callingAe;
    const auto delivery = m_delivery;
    const auto cancellation = m_cancellation;
    m_pool.start([=] {
        JobResult result;
        try {
            if (!*delivery) *delivery = std::make_unique<ResultDelivery>(databasePath, resultsFolder, who);
            if (job) job(**delivery);
            if (!peers.empty() && !cancellation->isCancelled()) {
                DeliveryReport report = (*delivery)->deliverDue(peers, callingAe, kTimeouts,
                                                                QDateTime::currentDateTimeUtc(), cancellation.get());
                result.items.insert(result.items.end(), report.items.begin(), report.items.end());
            }
            result.nextDue = (*delivery)->nextDue();
        } catch (const std::exception& error) {
            qCWarning(lcGui, "AI results: %s", error.what());
            result.failedSop = aboutSop;
            result.failure = QString::fromUtf8(error.what());
        }
        // `this` outlives the job (the destructor waits for the pool).
        QMetaObject::invokeMethod(
            this, [this, result] { takeResult(result); }, Qt::QueuedConnection);
    });
}

void ResultPublisher::deliverNow()
{
    runInBackground({});
}

void ResultPublisher::publish(const QString& filePath, std::shared_ptr<const dicom::DecodedImage> image,
                              const AiOutcome& outcome)
{
    if (!outcome.ok || !outcome.model || !image) return;  // no result: nothing may claim one
    const QString sop = QString::fromStdString(image->info().sopInstanceUid);
    m_texts[sop] = m_peers.empty() ? tr("No PACS receives AI results: mark one in Preferences > PACS.")
                                   : tr("Sending the result to %1...").arg(peerNames());
    Q_EMIT deliveryChanged(sop);
    if (!m_peers.empty()) queueObjects(filePath, std::move(image), outcome, std::nullopt);
}

void ResultPublisher::publishVerified(const QString& filePath, std::shared_ptr<const dicom::DecodedImage> image,
                                      const AiOutcome& outcome, const QString& reader, results::Finding readerFinding,
                                      qint64 verdictId)
{
    if (!outcome.ok || !outcome.model || !image || m_peers.empty()) return;
    results::ReaderVerification verification;
    verification.observerName = reader.toStdString();
    verification.observerOrganisation = QSysInfo::machineHostName().toStdString();
    verification.dateTime = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmss")).toStdString();
    verification.readerFinding = readerFinding;
    verification.verdictId = std::to_string(verdictId);
    queueObjects(filePath, std::move(image), outcome, verification);
}

void ResultPublisher::queueObjects(const QString& filePath, std::shared_ptr<const dicom::DecodedImage> image,
                                   const AiOutcome& outcome,
                                   const std::optional<results::ReaderVerification>& verification)
{
    const std::vector<net::PacsPeer> peers = m_peers;
    const QString sop = QString::fromStdString(image->info().sopInstanceUid);
    const inference::Prediction prediction = outcome.prediction;
    const std::shared_ptr<const inference::ModelIdentity> model = outcome.model;
    runInBackground(
        [=](ResultDelivery& delivery) {
            // Written in a temporary folder, kept by the delivery's copy in the results folder.
            QTemporaryDir staging;
            if (!staging.isValid()) throw std::runtime_error("cannot create a temporary folder");
            const WrittenResult written =
                writeResultObjects(filePath.toStdString(), *image, prediction, *model, staging.path().toStdString());
            const QString study = QString::fromStdString(written.studyInstanceUid);
            std::vector<ResultFile> files{{QString::fromStdString(written.reportPath), QStringLiteral("sr"), sop, study,
                                           QString::fromStdString(written.uids.report)},
                                          {QString::fromStdString(written.capturePath), QStringLiteral("sc"), sop,
                                           study, QString::fromStdString(written.uids.capture)}};
            if (verification) {
                // The AI's own objects go too (queued once however often this runs): the verified
                // report names the AI SR as its predecessor, which the PACS should hold as well.
                results::ReaderVerification signedOff = *verification;
                signedOff.predecessorSeriesUid = written.uids.reportSeries;
                signedOff.predecessorSopInstanceUid = written.uids.report;
                const QString path = QDir(staging.path()).filePath(sop + QStringLiteral("-verified-sr.dcm"));
                results::writeVerifiedSr(filePath.toStdString(), written.result, signedOff, path.toStdString());
                files.push_back({path, QStringLiteral("verified-sr"), sop, study, {}});
            }
            delivery.queue(files, peers);
        },
        sop);
}

QString ResultPublisher::textOf(const DeliveryItem& item) const
{
    QString peer = item.peer;
    for (const net::PacsPeer& configured : m_peers)
        if (QString::fromStdString(net::peerAddress(configured)) == item.peer && !configured.description.empty())
            peer = QString::fromStdString(configured.description);
    switch (item.state) {
        case DeliveryItem::State::Sent:
            return tr("Result sent to %1 at %2.").arg(peer, timeText(QDateTime::currentDateTimeUtc()));
        case DeliveryItem::State::Failed:
            return tr("Not sent yet to %1: %2. Next try at %3.").arg(peer, item.reason, timeText(item.nextAttemptUtc));
        case DeliveryItem::State::PeerUnknown:
            return tr("Waiting for %1, which is no longer among the PACS nodes.").arg(peer);
        case DeliveryItem::State::Abandoned:
            return tr("Not sent to %1: its file is gone (%2).").arg(peer, item.reason);
    }
    return {};
}

void ResultPublisher::takeResult(const JobResult& result)
{
    if (!result.failedSop.isEmpty()) {
        m_texts[result.failedSop] = tr("The result could not be prepared for the PACS: %1").arg(result.failure);
        Q_EMIT deliveryChanged(result.failedSop);
    }
    // Per image: a failure to any peer is what the reader must hear; otherwise where it went.
    QHash<QString, QString> texts;
    for (const DeliveryItem& item : result.items) {
        if (item.kind != QLatin1String("sr")) continue;  // one line per result: its report's fate
        QString& text = texts[item.sourceSopInstanceUid];
        const QString line = textOf(item);
        if (!text.contains(line)) text = text.isEmpty() ? line : text + QLatin1Char('\n') + line;
    }
    for (auto it = texts.cbegin(); it != texts.cend(); ++it) {
        m_texts[it.key()] = it.value();
        Q_EMIT deliveryChanged(it.key());
    }
    m_retry.stop();
    if (result.nextDue) {
        const qint64 ms = std::max<qint64>(QDateTime::currentDateTimeUtc().msecsTo(*result.nextDue), 1000);
        m_retry.start(int(std::min<qint64>(ms, 3600 * 1000)));
    }
}

QString ResultPublisher::deliveryText(const QString& sopInstanceUid) const
{
    return m_texts.value(sopInstanceUid);
}

void ResultPublisher::findStoredResult(const QString& sopInstanceUid, const QStringList& documentPaths,
                                       QObject* context,
                                       std::function<void(std::optional<results::StoredResult>)> found)
{
    QPointer<QObject> receiver(context);
    m_readers.start([=] {
        // The newest AI report, and the newest reader's sign-off of one.
        std::optional<results::StoredResult> best, signedOff;
        for (const QString& path : documentPaths) {
            try {
                std::optional<results::StoredResult> stored = results::readAiResultSr(path.toStdString());
                if (!stored || QString::fromStdString(stored->sourceSopInstanceUid) != sopInstanceUid) continue;
                std::optional<results::StoredResult>& slot = stored->verified ? signedOff : best;
                if (!slot || stored->result.contentDateTime > slot->result.contentDateTime) slot = std::move(stored);
            } catch (const std::exception& error) {
                qCWarning(lcGui, "AI results: %s", error.what());
            }
        }
        if (!best) best = signedOff;  // only the signed report is there: its AI values are the AI's
        if (best && signedOff) {
            best->verified = true;
            best->reader = signedOff->reader;
        }
        QMetaObject::invokeMethod(
            this,
            [receiver, found, best] {
                if (receiver) found(best);
            },
            Qt::QueuedConnection);
    });
}

AiOutcome ResultPublisher::outcomeOf(const results::StoredResult& stored)
{
    auto model = std::make_shared<inference::ModelIdentity>();
    model->sha256 = stored.result.algorithm.sha256;
    model->card.hasCard = true;
    model->card.name = stored.result.algorithm.name;
    model->card.version = stored.result.algorithm.version;
    model->card.clinicalUse = stored.result.algorithm.clinicalUse;
    model->card.threshold = stored.result.algorithm.threshold;
    model->card.intendedUse = stored.result.algorithm.intendedUse;
    model->device = "pacs";
    const float p = float(stored.result.probability);
    AiOutcome outcome;
    outcome.ok = true;
    outcome.model = model;
    outcome.fromPacs = true;
    outcome.threshold = model->card.threshold;
    inference::Prediction& prediction = outcome.prediction;
    prediction.labels = model->card.labels;  // NORMAL, PNEUMONIA: the card's defaults, the report's classes
    prediction.probabilities = {1.0f - p, p};
    prediction.predictedIndex = p >= 0.5f ? 1 : 0;
    prediction.confidence = std::max(p, 1.0f - p);
    const results::Finding finding = stored.result.finding;  // the AI's; a sign-off is shown beside it
    outcome.indeterminate = finding == results::Finding::Indeterminate;
    outcome.label = outcome.indeterminate                  ? QStringLiteral("INDETERMINATE")
                    : finding == results::Finding::Present ? QStringLiteral("PNEUMONIA")
                                                           : QStringLiteral("NORMAL");
    prediction.label = outcome.label.toStdString();
    prediction.indeterminate = outcome.indeterminate;
    const QDateTime when =
        QDateTime::fromString(QString::fromStdString(stored.result.contentDateTime), QStringLiteral("yyyyMMddHHmmss"));
    outcome.storedDateTime =
        QLocale().toString(QDateTime(when.date(), when.time(), Qt::UTC).toLocalTime(), QLocale::ShortFormat);
    if (stored.verified) outcome.verifiedBy = QString::fromStdString(stored.reader.observerName);
    return outcome;
}

void ResultPublisher::waitForIdle()
{
    m_pool.waitForDone();
    m_readers.waitForDone();
}

}  // namespace pulmo::app
