#include "PacsController.h"

#include "ErrorText.h"
#include "GuiLogging.h"
#include "FeedbackSession.h"
#include "PacsAudit.h"
#include "net/Cancellation.h"
#include "net/NetworkError.h"
#include "net/StorageScp.h"
#include "net/StudyRetriever.h"

#include <QDir>
#include <algorithm>
#include <QMetaObject>

namespace pulmo::app {

PacsController::PacsController(PacsSettings settings, QString storageFolder, FeedbackSession* audit, QObject* parent)
    : QObject(parent), m_settings(std::move(settings)), m_storageFolder(std::move(storageFolder)), m_audit(audit)
{
    m_pool.setMaxThreadCount(1);
    restartReceiver();
}

PacsController::~PacsController()
{
    for (const auto& cancellation : std::as_const(m_jobs)) cancellation->cancel();
    m_pool.waitForDone();
    stopReceiver();
}

void PacsController::post(std::function<void()> call)
{
    // From the retrieving or the receiving thread to this object's (the UI) thread. Both are
    // joined before this object dies (the destructor), so `this` is valid when this is called.
    QMetaObject::invokeMethod(this, std::move(call), Qt::QueuedConnection);
}

namespace {

/// Who may send to the receiver: each configured peer's AE title from its host.
std::vector<net::AllowedCaller> allowedCallers(const PacsSettings& settings)
{
    std::vector<net::AllowedCaller> callers;
    for (const net::PacsPeer& peer : settings.peers) callers.push_back({peer.aeTitle, peer.host});
    return callers;
}

bool sameCallers(const PacsSettings& a, const PacsSettings& b)
{
    const std::vector<net::AllowedCaller> x = allowedCallers(a);
    const std::vector<net::AllowedCaller> y = allowedCallers(b);
    return std::equal(x.begin(), x.end(), y.begin(), y.end(),
                      [](const auto& l, const auto& r) { return l.aeTitle == r.aeTitle && l.host == r.host; });
}

}  // namespace

void PacsController::setSettings(const PacsSettings& settings)
{
    const auto& tls = settings.receiverTls;
    const auto& was = m_settings.receiverTls;
    const bool receiverChanged = settings.local.aeTitle != m_settings.local.aeTitle ||
                                 settings.listenAddress != m_settings.listenAddress ||
                                 settings.acceptAnyCaller != m_settings.acceptAnyCaller ||
                                 settings.minimumFreeDiskMb != m_settings.minimumFreeDiskMb ||
                                 (!settings.acceptAnyCaller && !sameCallers(settings, m_settings)) ||
                                 settings.local.storagePort != m_settings.local.storagePort ||
                                 settings.receiverEnabled != m_settings.receiverEnabled || tls.enabled != was.enabled ||
                                 tls.certificateFile != was.certificateFile ||
                                 tls.privateKeyFile != was.privateKeyFile || tls.trustedCaFile != was.trustedCaFile;
    m_settings = settings;
    if (!receiverChanged) return;
    if (m_jobs.isEmpty())
        restartReceiver();
    else
        m_receiverRestartPending = true;  // a running C-MOVE holds the receiver: after it
}

bool PacsController::isReceiving() const
{
    return m_receiver && m_receiver->isRunning();
}

void PacsController::stopReceiver()
{
    if (!m_receiver) return;
    if (m_receiverListener >= 0) m_receiver->removeListener(m_receiverListener);
    m_receiverListener = -1;
    m_receiver->stop();
    m_receiver.reset();
}

void PacsController::restartReceiver()
{
    stopReceiver();
    if (!m_settings.receiverEnabled) {
        m_receiverStatus = tr("Not receiving (switched off in the preferences): C-GET works, C-MOVE does not");
        m_receiverProblem = "switched off in the preferences";
        Q_EMIT receiverStatusChanged(m_receiverStatus);
        return;
    }
    net::StorageScpOptions options;
    options.aeTitle = m_settings.local.aeTitle;
    options.port = m_settings.local.storagePort;
    options.storageFolder = QDir(m_storageFolder).absolutePath().toStdString();
    options.tls = m_settings.receiverTls;
    options.listenAddress = m_settings.listenAddress;
    // Only the hospital's own PACS may push images here, unless a lab says otherwise.
    options.acceptAnyCaller = m_settings.acceptAnyCaller;
    if (!m_settings.acceptAnyCaller) options.acceptFrom = allowedCallers(m_settings);
    options.skipUnresolvedCallers = true;  // one peer's unknown host name does not stop receiving
    options.minimumFreeBytes = uint64_t(std::max(0, m_settings.minimumFreeDiskMb)) << 20;
    try {
        auto receiver = std::make_unique<net::StorageScp>(options);
        receiver->setRefusalListener(
            [this](const net::ScpRefusal& refusal) { post([this, refusal] { onRefusal(refusal); }); });
        receiver->start();
        m_receiverListener = receiver->addListener([this](const net::ReceivedInstance& instance) {
            const QString path = QString::fromStdString(instance.filePath);
            const QString study = QString::fromStdString(instance.studyInstanceUid);
            post([this, path, study] { Q_EMIT instanceReceived(path, study); });
        });
        m_receiver = std::move(receiver);
        m_receiverProblem.clear();
        m_receiverStatus =
            (options.tls.enabled ? tr("Receiving over TLS as %1 on port %2") : tr("Receiving as %1 on port %2"))
                .arg(QString::fromStdString(options.aeTitle))
                .arg(options.port);
        if (!options.listenAddress.empty())
            m_receiverStatus += tr(" (address %1)").arg(QString::fromStdString(options.listenAddress));
        if (options.acceptAnyCaller)
            m_receiverStatus += tr(", from any caller");
        else if (options.acceptFrom.empty())
            m_receiverStatus += tr(", from no one: no PACS is configured");
    } catch (const std::exception& error) {
        m_receiverStatus = tr("Not receiving: %1").arg(ErrorText::of(error));
        m_receiverProblem = error.what();
        qCInfo(lcGui, "the receiver did not start: %s", error.what());
    }
    Q_EMIT receiverStatusChanged(m_receiverStatus);
}

int PacsController::retrieve(const net::PacsPeer& peer, const QString& studyInstanceUid, net::RetrieveMethod method)
{
    const int job = m_nextJob++;
    if (m_jobs.isEmpty()) Q_EMIT batchStarted();
    auto cancellation = std::make_shared<net::Cancellation>();
    m_jobs.insert(job, cancellation);
    net::RetrieveRequest request;
    request.peer = peer;
    request.callingAeTitle = m_settings.local.aeTitle;
    request.studyInstanceUid = studyInstanceUid.toStdString();
    request.method = method;
    request.storageFolder = QDir(m_storageFolder).absolutePath().toStdString();
    request.moveDestinationAeTitle = m_settings.local.aeTitle;
    // C-MOVE needs our receiver; without it the peer would have nowhere to send.
    net::StorageScp* receiver = method == net::RetrieveMethod::Move ? m_receiver.get() : nullptr;
    const bool receiverMissing = method == net::RetrieveMethod::Move && !isReceiving();
    const std::string receiverProblem = m_receiverProblem;
    qCDebug(lcGui, "retrieve job %d queued: study %s from %s by %s", job, qUtf8Printable(studyInstanceUid),
            net::peerAddress(peer).c_str(), method == net::RetrieveMethod::Move ? "C-MOVE" : "C-GET");
    m_pool.start([this, job, request, cancellation, receiver, receiverMissing, receiverProblem] {
        post([this, job, study = QString::fromStdString(request.studyInstanceUid)] {
            Q_EMIT retrieveStarted(job, study);
        });
        net::RetrieveResult result;
        if (receiverMissing) {
            result.peerAeTitle = request.peer.aeTitle;
            result.peerAddress = net::peerAddress(request.peer);
            result.callingAeTitle = request.callingAeTitle;
            result.studyInstanceUid = request.studyInstanceUid;
            result.method = request.method;
            result.outcome = net::RetrieveOutcome::Failed;
            result.errorKind = net::NetworkError::Kind::Local;
            result.errorProblem = net::NetworkError::Problem::ReceiverNotRunning;
            // English, as every result.error: the audit trail copies it; the user reads errorProblem's wording.
            result.error = "C-MOVE needs this workstation's Storage SCP, which is not running (" +
                           (receiverProblem.empty() ? std::string("not started") : receiverProblem) +
                           "); retrieve by C-GET instead";
        } else {
            const auto progress = [this, job](const net::RetrieveProgress& update) {
                post([this, job, update] { Q_EMIT retrieveProgress(job, update); });
            };
            // C-MOVE's instances arrive through the receiver's listener; C-GET's through this one.
            const auto stored = [this, method = request.method](const net::ReceivedInstance& instance) {
                if (method != net::RetrieveMethod::Get) return;
                const QString path = QString::fromStdString(instance.filePath);
                const QString study = QString::fromStdString(instance.studyInstanceUid);
                post([this, path, study] { Q_EMIT instanceReceived(path, study); });
            };
            result = net::StudyRetriever(receiver).retrieve(request, progress, stored, cancellation.get());
        }
        post([this, job, result] {
            m_jobs.remove(job);
            qCInfo(lcGui, "retrieve job %d finished: %s", job, net::toString(result.outcome));
            if (m_audit)
                m_audit->audit(QStringLiteral("pacs.retrieve"), QString::fromStdString(result.studyInstanceUid),
                               QString::fromLatin1(net::toString(result.outcome)), retrieveAuditDetail(result));
            Q_EMIT retrieveFinished(job, result);
            if (m_jobs.isEmpty() && m_receiverRestartPending) {
                m_receiverRestartPending = false;
                restartReceiver();
            }
        });
    });
    return job;
}

void PacsController::onRefusal(const net::ScpRefusal& refusal)
{
    const QString caller = QStringLiteral("%1@%2").arg(QString::fromStdString(refusal.callingAeTitle),
                                                       QString::fromStdString(refusal.callingHost));
    QString text;
    switch (refusal.kind) {
        case net::ScpRefusal::Kind::CallerNotAccepted:
            text = tr("Refused images from %1: not a PACS configured in the preferences").arg(caller);
            break;
        case net::ScpRefusal::Kind::WrongCalledAeTitle:
            text = tr("Refused images from %1: it called the AE title %2, not this workstation's")
                       .arg(caller, QString::fromStdString(refusal.calledAeTitle));
            break;
        case net::ScpRefusal::Kind::DiskNearlyFull:
            text = tr("Refused an image from %1: the disk is nearly full").arg(caller);
            break;
        case net::ScpRefusal::Kind::NotStored:
            text = tr("Refused an image from %1: it could not be written to the disk").arg(caller);
            break;
    }
    // The audit trail (English, as every audit row): who called, which image, why.
    audit(QStringLiteral("pacs.store-refused"),
          refusal.sopInstanceUid.empty() ? caller : QString::fromStdString(refusal.sopInstanceUid),
          QStringLiteral("refused"),
          QStringLiteral("from %1 (called %2): %3")
              .arg(caller, QString::fromStdString(refusal.calledAeTitle), QString::fromStdString(refusal.reason)));
    Q_EMIT receiverRefused(text);
}

void PacsController::audit(const QString& action, const QString& subject, const QString& outcome, const QString& detail)
{
    if (m_audit) m_audit->audit(action, subject, outcome, detail);
}

void PacsController::cancel(int job)
{
    if (const auto cancellation = m_jobs.value(job)) {
        qCDebug(lcGui, "retrieve job %d cancelled by the reader", job);
        cancellation->cancel();
    }
}

}  // namespace pulmo::app
