#include "PacsSettings.h"

#include "net/StorageScp.h"

#include <QCoreApplication>
#include <QSettings>

#include <algorithm>

namespace pulmo::app {

PacsSettings PacsSettings::load()
{
    QSettings settings;
    PacsSettings pacs;
    pacs.local.aeTitle = settings.value(QStringLiteral("pacs/aeTitle"), QString::fromStdString(pacs.local.aeTitle))
                             .toString()
                             .toStdString();
    pacs.local.storagePort =
        quint16(settings.value(QStringLiteral("pacs/storagePort"), pacs.local.storagePort).toUInt());
    pacs.receiverEnabled = settings.value(QStringLiteral("pacs/receiverEnabled"), true).toBool();
    pacs.receiverTls.enabled = settings.value(QStringLiteral("pacs/receiverTls"), false).toBool();
    pacs.receiverTls.certificateFile =
        settings.value(QStringLiteral("pacs/receiverCertificate")).toString().toStdString();
    pacs.receiverTls.privateKeyFile =
        settings.value(QStringLiteral("pacs/receiverPrivateKey")).toString().toStdString();
    pacs.receiverTls.trustedCaFile = settings.value(QStringLiteral("pacs/receiverTrustedCa")).toString().toStdString();
    pacs.listenAddress = settings.value(QStringLiteral("pacs/listenAddress")).toString().trimmed().toStdString();
    pacs.acceptAnyCaller = settings.value(QStringLiteral("pacs/acceptAnyCaller"), false).toBool();
    pacs.auditRepository = settings.value(QStringLiteral("pacs/auditRepository")).toString().trimmed();
    pacs.minimumFreeDiskMb = std::clamp(
        settings.value(QStringLiteral("pacs/minimumFreeDiskMb"), pacs.minimumFreeDiskMb).toInt(), 0, 1 << 20);
    const int count = settings.beginReadArray(QStringLiteral("pacs/peers"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        net::PacsPeer peer;
        peer.description = settings.value(QStringLiteral("description")).toString().toStdString();
        peer.aeTitle = settings.value(QStringLiteral("aeTitle")).toString().toStdString();
        peer.host = settings.value(QStringLiteral("host")).toString().toStdString();
        peer.port = quint16(settings.value(QStringLiteral("port"), 104).toUInt());
        peer.preferredRetrieve = settings.value(QStringLiteral("retrieve")).toString() == QLatin1String("get")
                                     ? net::RetrieveMethod::Get
                                     : net::RetrieveMethod::Move;
        peer.receivesResults = settings.value(QStringLiteral("receivesResults"), false).toBool();
        peer.tls.enabled = settings.value(QStringLiteral("tls"), false).toBool();
        peer.tls.profile = settings.value(QStringLiteral("tlsProfile")).toString() == QLatin1String("aes")
                               ? net::TlsProfile::Aes
                               : net::TlsProfile::Bcp195;
        peer.tls.certificateFile = settings.value(QStringLiteral("certificate")).toString().toStdString();
        peer.tls.privateKeyFile = settings.value(QStringLiteral("privateKey")).toString().toStdString();
        peer.tls.trustedCaFile = settings.value(QStringLiteral("trustedCa")).toString().toStdString();
        pacs.peers.push_back(peer);
    }
    settings.endArray();
    return pacs;
}

void PacsSettings::save() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("pacs/aeTitle"), QString::fromStdString(local.aeTitle));
    settings.setValue(QStringLiteral("pacs/storagePort"), local.storagePort);
    settings.setValue(QStringLiteral("pacs/receiverEnabled"), receiverEnabled);
    settings.setValue(QStringLiteral("pacs/receiverTls"), receiverTls.enabled);
    settings.setValue(QStringLiteral("pacs/receiverCertificate"), QString::fromStdString(receiverTls.certificateFile));
    settings.setValue(QStringLiteral("pacs/receiverPrivateKey"), QString::fromStdString(receiverTls.privateKeyFile));
    settings.setValue(QStringLiteral("pacs/receiverTrustedCa"), QString::fromStdString(receiverTls.trustedCaFile));
    settings.setValue(QStringLiteral("pacs/listenAddress"), QString::fromStdString(listenAddress));
    settings.setValue(QStringLiteral("pacs/acceptAnyCaller"), acceptAnyCaller);
    settings.setValue(QStringLiteral("pacs/auditRepository"), auditRepository);
    settings.setValue(QStringLiteral("pacs/minimumFreeDiskMb"), minimumFreeDiskMb);
    settings.remove(QStringLiteral("pacs/peers"));
    settings.beginWriteArray(QStringLiteral("pacs/peers"), int(peers.size()));
    for (int i = 0; i < int(peers.size()); ++i) {
        const net::PacsPeer& peer = peers[size_t(i)];
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("description"), QString::fromStdString(peer.description));
        settings.setValue(QStringLiteral("aeTitle"), QString::fromStdString(peer.aeTitle));
        settings.setValue(QStringLiteral("host"), QString::fromStdString(peer.host));
        settings.setValue(QStringLiteral("port"), peer.port);
        settings.setValue(QStringLiteral("retrieve"), peer.preferredRetrieve == net::RetrieveMethod::Get
                                                          ? QStringLiteral("get")
                                                          : QStringLiteral("move"));
        settings.setValue(QStringLiteral("receivesResults"), peer.receivesResults);
        settings.setValue(QStringLiteral("tls"), peer.tls.enabled);
        settings.setValue(QStringLiteral("tlsProfile"),
                          peer.tls.profile == net::TlsProfile::Aes ? QStringLiteral("aes") : QStringLiteral("bcp195"));
        settings.setValue(QStringLiteral("certificate"), QString::fromStdString(peer.tls.certificateFile));
        settings.setValue(QStringLiteral("privateKey"), QString::fromStdString(peer.tls.privateKeyFile));
        settings.setValue(QStringLiteral("trustedCa"), QString::fromStdString(peer.tls.trustedCaFile));
    }
    settings.endArray();
}

QString validateAeTitle(const QString& aeTitle)
{
    const QString trimmed = aeTitle.trimmed();
    if (trimmed.isEmpty()) return QCoreApplication::translate("PacsSettings", "an AE title is needed");
    if (trimmed.size() > 16)
        return QCoreApplication::translate("PacsSettings", "the AE title \"%1\" is longer than 16 characters")
            .arg(trimmed);
    for (const QChar c : trimmed)
        if (c == QLatin1Char('\\') || c.unicode() < 0x20 || c.unicode() > 0x7e)
            return QCoreApplication::translate(
                       "PacsSettings", "the AE title \"%1\" may hold only printable ASCII characters other than \\")
                .arg(trimmed);
    return {};
}

QString validatePeer(const net::PacsPeer& peer)
{
    const QString name =
        peer.description.empty() ? QString::fromStdString(peer.aeTitle) : QString::fromStdString(peer.description);
    if (const QString problem = validateAeTitle(QString::fromStdString(peer.aeTitle)); !problem.isEmpty())
        return QCoreApplication::translate("PacsSettings", "%1: %2").arg(name, problem);
    if (QString::fromStdString(peer.host).trimmed().isEmpty())
        return QCoreApplication::translate("PacsSettings", "%1: a host name or address is needed").arg(name);
    if (peer.port == 0)
        return QCoreApplication::translate("PacsSettings", "%1: the port must be between 1 and 65535").arg(name);
    if (peer.tls.enabled && peer.tls.trustedCaFile.empty())
        return QCoreApplication::translate(
                   "PacsSettings", "%1: TLS needs the CA (or the peer's own) certificate to check the peer against")
            .arg(name);
    return {};
}

QString validateListenAddress(const QString& address)
{
    const QString trimmed = address.trimmed();
    if (trimmed.isEmpty()) return {};
    if (!net::isListenAddress(trimmed.toStdString()))
        return QCoreApplication::translate("PacsSettings", "the listen address \"%1\" is not an IPv4 or IPv6 address")
            .arg(trimmed);
    return {};
}

}  // namespace pulmo::app
