#include "NetworkOptions.h"

#include "CliSupport.h"

namespace pulmo::cli {

NetworkOptions::NetworkOptions(QCommandLineParser& parser)
    : m_peer(QStringLiteral("peer"), QStringLiteral("The peer as AET@HOST:PORT."), QStringLiteral("AET@HOST:PORT")),
      m_callingAe(QStringLiteral("calling-ae"), QStringLiteral("Our AE title (default PULMO)."), QStringLiteral("AE"),
                  QStringLiteral("PULMO")),
      m_timeout(QStringLiteral("timeout"),
                QStringLiteral("Seconds to wait for a connection, an association and each answer (default 10; "
                               "60 between answers of a retrieve)."),
                QStringLiteral("S")),
      m_tls(QStringLiteral("tls"), QStringLiteral("Use DICOM TLS.")),
      m_tlsProfile(QStringLiteral("tls-profile"), QStringLiteral("bcp195 (default) or aes."), QStringLiteral("NAME"),
                   QStringLiteral("bcp195")),
      m_certificate(QStringLiteral("cert"), QStringLiteral("Our certificate (PEM), for client authentication."),
                    QStringLiteral("FILE")),
      m_key(QStringLiteral("key"), QStringLiteral("Our certificate's private key (PEM)."), QStringLiteral("FILE")),
      m_ca(QStringLiteral("ca"), QStringLiteral("CA certificate(s) to verify the peer against (PEM)."),
           QStringLiteral("FILE"))
{
    parser.addOptions({m_peer, m_callingAe, m_timeout, m_tls, m_tlsProfile, m_certificate, m_key, m_ca});
}

net::TlsSettings NetworkOptions::tls(const QCommandLineParser& parser) const
{
    net::TlsSettings settings;
    const bool anyTlsOption =
        parser.isSet(m_certificate) || parser.isSet(m_key) || parser.isSet(m_ca) || parser.isSet(m_tlsProfile);
    settings.enabled = parser.isSet(m_tls);
    if (!settings.enabled && anyTlsOption) throw UsageError("--cert, --key, --ca and --tls-profile need --tls");
    const QString profile = parser.value(m_tlsProfile);
    if (profile == QLatin1String("bcp195"))
        settings.profile = net::TlsProfile::Bcp195;
    else if (profile == QLatin1String("aes"))
        settings.profile = net::TlsProfile::Aes;
    else
        throw UsageError("--tls-profile takes bcp195 or aes");
    settings.certificateFile = parser.value(m_certificate).toStdString();
    settings.privateKeyFile = parser.value(m_key).toStdString();
    settings.trustedCaFile = parser.value(m_ca).toStdString();
    return settings;
}

net::PacsPeer NetworkOptions::peer(const QCommandLineParser& parser) const
{
    if (!parser.isSet(m_peer)) throw UsageError("--peer AET@HOST:PORT is required");
    net::PacsPeer peer;
    if (!net::parsePeerAddress(parser.value(m_peer).toStdString(), peer))
        throw UsageError("--peer takes AET@HOST:PORT (AE title of 1 to 16 characters, port 1 to 65535)");
    peer.tls = tls(parser);
    return peer;
}

std::vector<net::PacsPeer> NetworkOptions::peers(const QCommandLineParser& parser) const
{
    if (!parser.isSet(m_peer)) throw UsageError("--peer AET@HOST:PORT is required");
    const net::TlsSettings settings = tls(parser);
    std::vector<net::PacsPeer> peers;
    for (const QString& value : parser.values(m_peer)) {
        net::PacsPeer peer;
        if (!net::parsePeerAddress(value.toStdString(), peer))
            throw UsageError("--peer takes AET@HOST:PORT (AE title of 1 to 16 characters, port 1 to 65535)");
        peer.tls = settings;
        peers.push_back(peer);
    }
    return peers;
}

QString NetworkOptions::callingAeTitle(const QCommandLineParser& parser) const
{
    const QString title = parser.value(m_callingAe);
    if (title.isEmpty() || title.size() > 16 || title.contains(QLatin1Char('\\')))
        throw UsageError("--calling-ae takes an AE title of 1 to 16 characters");
    return title;
}

net::NetworkTimeouts NetworkOptions::timeouts(const QCommandLineParser& parser) const
{
    net::NetworkTimeouts timeouts;
    if (parser.isSet(m_timeout)) {
        bool ok = false;
        const int seconds = parser.value(m_timeout).toInt(&ok);
        if (!ok || seconds < 1 || seconds > 3600) throw UsageError("--timeout takes seconds from 1 to 3600");
        timeouts.connectSeconds = seconds;
        timeouts.acseSeconds = seconds;
        timeouts.dimseSeconds = seconds;
    }
    return timeouts;
}

}  // namespace pulmo::cli
