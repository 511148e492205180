#include "ResultDelivery.h"

#include "AuditLog.h"
#include "FeedbackDatabase.h"
#include "ResultOutbox.h"
#include "net/NetworkError.h"
#include "net/StoreScu.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

#include <algorithm>

#include <stdexcept>
#include <utility>

namespace pulmo::app {
namespace {

/// A UID as a folder or file name: digits and dots only (PS3.5 9.1), so that no value from a file
/// can climb out of the results folder.
bool isPlainUid(const QString& uid)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9][0-9.]{0,63}$"));
    return pattern.match(uid).hasMatch();
}

DeliveryItem reportOf(const feedback::OutboxItem& item, DeliveryItem::State state, const QString& reason)
{
    DeliveryItem report;
    report.id = item.id;
    report.peer = item.peer;
    report.studyInstanceUid = item.studyInstanceUid;
    report.sourceSopInstanceUid = item.sourceSopInstanceUid;
    report.sopInstanceUid = item.sopInstanceUid;
    report.kind = item.kind;
    report.state = state;
    report.reason = reason;
    report.attempts = item.attempts;
    report.nextAttemptUtc = item.nextAttemptUtc;
    return report;
}

/// "to ORTHANC@host:4242: 2 of 3 stored; 1.2.3 (sr) stored; 1.2.4 (sc) failed: 0xA700 ..."
QString batchDetail(const QString& peer, const std::vector<DeliveryItem>& items)
{
    int sent = 0;
    for (const DeliveryItem& item : items) sent += item.state == DeliveryItem::State::Sent ? 1 : 0;
    QString detail = QStringLiteral("to %1: %2 of %3 stored").arg(peer).arg(sent).arg(int(items.size()));
    for (const DeliveryItem& item : items) {
        detail += QStringLiteral("; %1 (%2) %3")
                      .arg(item.sopInstanceUid, item.kind, QString::fromLatin1(toString(item.state)));
        if (!item.reason.isEmpty()) detail += QStringLiteral(": ") + item.reason;
    }
    return detail;
}

}  // namespace

int DeliveryReport::sent() const
{
    int count = 0;
    for (const DeliveryItem& item : items) count += item.state == DeliveryItem::State::Sent ? 1 : 0;
    return count;
}

int DeliveryReport::failed() const
{
    int count = 0;
    for (const DeliveryItem& item : items)
        count += item.state == DeliveryItem::State::Failed || item.state == DeliveryItem::State::Abandoned ? 1 : 0;
    return count;
}

const char* toString(DeliveryItem::State state)
{
    switch (state) {
        case DeliveryItem::State::Sent:
            return "sent";
        case DeliveryItem::State::Failed:
            return "failed";
        case DeliveryItem::State::PeerUnknown:
            return "peer_unknown";
        case DeliveryItem::State::Abandoned:
            return "abandoned";
    }
    return "failed";
}

ResultDelivery::PeersByAddress ResultDelivery::byAddress(const std::vector<net::PacsPeer>& peers)
{
    PeersByAddress map;
    for (const net::PacsPeer& peer : peers) map.emplace(net::peerAddress(peer), peer);
    return map;
}

ResultDelivery::ResultDelivery(const QString& databasePath, const QString& resultsFolder, const QString& who)
    : m_database(std::make_unique<feedback::FeedbackDatabase>(databasePath.toStdString())),
      m_outbox(std::make_unique<feedback::ResultOutbox>(*m_database)),
      m_resultsFolder(resultsFolder),
      m_who(who)
{
}

ResultDelivery::~ResultDelivery() = default;

feedback::ResultOutbox& ResultDelivery::outbox()
{
    return *m_outbox;
}

int ResultDelivery::pendingCount() const
{
    return m_outbox->pendingCount();
}

std::optional<QDateTime> ResultDelivery::nextDue() const
{
    return m_outbox->nextAttemptUtc();
}

QString ResultDelivery::keepCopy(const QString& filePath, const QString& studyUid, const QString& sopUid) const
{
    const QDir studyFolder(QDir(m_resultsFolder).filePath(studyUid));
    const QString target = studyFolder.filePath(sopUid + QStringLiteral(".dcm"));
    if (QFileInfo(filePath).canonicalFilePath() == QFileInfo(target).canonicalFilePath() && QFileInfo::exists(target))
        return target;  // queued from the results folder itself
    if (!QDir().mkpath(studyFolder.path()))
        throw std::runtime_error(studyFolder.path().toStdString() + ": cannot create the results folder");
    QFile source(filePath);
    if (!source.open(QIODevice::ReadOnly))
        throw std::runtime_error(filePath.toStdString() + ": cannot read: " + source.errorString().toStdString());
    // Written beside the target and renamed when complete: the outbox never sees half a file.
    QSaveFile copy(target);
    if (!copy.open(QIODevice::WriteOnly))
        throw std::runtime_error(target.toStdString() + ": cannot write: " + copy.errorString().toStdString());
    constexpr qint64 kChunk = 1 << 20;
    while (!source.atEnd()) {
        const QByteArray chunk = source.read(kChunk);
        if (chunk.isEmpty() && source.error() != QFileDevice::NoError)
            throw std::runtime_error(filePath.toStdString() + ": cannot read: " + source.errorString().toStdString());
        if (copy.write(chunk) != chunk.size())
            throw std::runtime_error(target.toStdString() + ": cannot write: " + copy.errorString().toStdString());
    }
    if (!copy.commit())
        throw std::runtime_error(target.toStdString() + ": cannot write: " + copy.errorString().toStdString());
    return target;
}

std::vector<long long> ResultDelivery::queue(const std::vector<ResultFile>& files,
                                             const std::vector<net::PacsPeer>& peers)
{
    std::vector<long long> ids;
    feedback::AuditLog audit(*m_database);
    for (const ResultFile& file : files) {
        std::string reason;
        const std::optional<net::StoreIdentity> identity = net::readStoreIdentity(file.filePath.toStdString(), reason);
        if (!identity) throw std::runtime_error(reason);
        const QString sopUid =
            file.sopInstanceUid.isEmpty() ? QString::fromStdString(identity->sopInstanceUid) : file.sopInstanceUid;
        const QString studyUid = file.studyInstanceUid.isEmpty() ? QString::fromStdString(identity->studyInstanceUid)
                                                                 : file.studyInstanceUid;
        if (sopUid.toStdString() != identity->sopInstanceUid)
            throw std::runtime_error(file.filePath.toStdString() + ": its SOP Instance UID is " +
                                     identity->sopInstanceUid + ", not " + sopUid.toStdString());
        if (!isPlainUid(sopUid) || !isPlainUid(studyUid))
            throw std::runtime_error(file.filePath.toStdString() +
                                     ": no usable Study or SOP Instance UID (digits and dots)");
        const QString kept = keepCopy(file.filePath, studyUid, sopUid);
        QStringList addresses;
        for (const net::PacsPeer& peer : peers) {
            feedback::OutboxItem item;
            item.peer = QString::fromStdString(net::peerAddress(peer));
            item.studyInstanceUid = studyUid;
            item.sourceSopInstanceUid = file.sourceSopInstanceUid;
            item.sopInstanceUid = sopUid;
            item.filePath = kept;
            item.kind = file.kind;
            ids.push_back(m_outbox->enqueue(item));
            addresses << item.peer;
        }
        audit.append(m_who, QStringLiteral("result.queued"), sopUid, QStringLiteral("ok"),
                     QStringLiteral("%1 about %2 in study %3, for %4")
                         .arg(file.kind, file.sourceSopInstanceUid, studyUid, addresses.join(QStringLiteral(", "))));
    }
    return ids;
}

DeliveryReport ResultDelivery::deliverDue(const PeersByAddress& peers, const std::string& callingAeTitle,
                                          const net::NetworkTimeouts& timeouts, const QDateTime& nowUtc,
                                          const net::Cancellation* cancellation)
{
    DeliveryReport report;
    // Groups in the order their first item became due: all objects of a study to a peer at once.
    std::vector<std::pair<std::pair<QString, QString>, std::vector<feedback::OutboxItem>>> groups;
    for (feedback::OutboxItem& item : m_outbox->due(nowUtc)) {
        const auto key = std::make_pair(item.peer, item.studyInstanceUid);
        auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
        if (group == groups.end()) group = groups.insert(groups.end(), {key, {}});
        group->second.push_back(std::move(item));
    }
    feedback::AuditLog audit(*m_database);
    for (auto& [key, items] : groups) {
        if (cancellation && cancellation->isCancelled()) break;
        const auto configured = peers.find(key.first.toStdString());
        if (configured == peers.end()) {
            for (const feedback::OutboxItem& item : items)
                report.items.push_back(reportOf(item, DeliveryItem::State::PeerUnknown,
                                                QStringLiteral("the peer %1 is not configured").arg(item.peer)));
            continue;
        }
        std::vector<DeliveryItem> batch;
        std::vector<feedback::OutboxItem> sending;
        for (const feedback::OutboxItem& item : items) {
            if (QFileInfo::exists(item.filePath)) {
                sending.push_back(item);
                continue;
            }
            const QString reason = item.filePath + QStringLiteral(": the file is gone");
            m_outbox->markAbandoned(item.id, reason);
            batch.push_back(reportOf(item, DeliveryItem::State::Abandoned, reason));
        }
        std::vector<std::string> paths;
        for (const feedback::OutboxItem& item : sending) paths.push_back(item.filePath.toStdString());
        QString networkFailure;
        std::vector<net::StoreOutcome> outcomes;
        if (!paths.empty()) {
            try {
                outcomes = net::storeFiles(configured->second, callingAeTitle, timeouts, paths, cancellation);
            } catch (const net::NetworkError& error) {
                networkFailure = QString::fromStdString(error.what());
            }
        }
        const bool cancelled = cancellation && cancellation->isCancelled();
        for (size_t i = 0; i < sending.size(); ++i) {
            const feedback::OutboxItem& item = sending[i];
            const net::StoreOutcome* outcome = networkFailure.isEmpty() ? &outcomes[i] : nullptr;
            if (outcome && outcome->stored()) {
                m_outbox->markSent(item.id, nowUtc);
                DeliveryItem sent = reportOf(item, DeliveryItem::State::Sent, QString::fromStdString(outcome->reason));
                sent.status = outcome->status;
                batch.push_back(sent);
                continue;
            }
            if (outcome && cancelled && outcome->state == net::StoreOutcome::State::NotSent)
                continue;  // not tried: stays pending as it was
            const QString reason = outcome ? QString::fromStdString(outcome->reason) : networkFailure;
            m_outbox->markFailed(item.id, reason, nowUtc);
            const std::optional<feedback::OutboxItem> after = m_outbox->item(item.id);
            DeliveryItem failed = reportOf(after ? *after : item, DeliveryItem::State::Failed, reason);
            if (outcome) failed.status = outcome->status;
            batch.push_back(failed);
        }
        if (batch.empty()) continue;
        int sentCount = 0;
        for (const DeliveryItem& item : batch) sentCount += item.state == DeliveryItem::State::Sent ? 1 : 0;
        const QString outcomeWord = sentCount == int(batch.size()) ? QStringLiteral("ok")
                                    : sentCount == 0               ? QStringLiteral("failed")
                                                                   : QStringLiteral("partial");
        QString detail = batchDetail(key.first, batch);
        if (!networkFailure.isEmpty()) detail += QStringLiteral("; ") + networkFailure;
        audit.append(m_who, QStringLiteral("pacs.store"), key.second, outcomeWord, detail);
        report.items.insert(report.items.end(), batch.begin(), batch.end());
    }
    return report;
}

}  // namespace pulmo::app
