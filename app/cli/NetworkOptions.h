#pragma once
// The options echo, find and retrieve share: the peer, who we are, TLS and the timeout.

#include "net/PacsPeer.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>

#include <vector>

namespace pulmo::cli {

class NetworkOptions {
public:
    /// Adds --peer, --calling-ae, --timeout and the TLS options to `parser`.
    explicit NetworkOptions(QCommandLineParser& parser);

    /// The peer from --peer and the TLS options; throws UsageError when they are missing or malformed.
    net::PacsPeer peer(const QCommandLineParser& parser) const;
    /// Every --peer given (send takes several), each with the TLS options; throws UsageError.
    std::vector<net::PacsPeer> peers(const QCommandLineParser& parser) const;
    QString callingAeTitle(const QCommandLineParser& parser) const;
    net::NetworkTimeouts timeouts(const QCommandLineParser& parser) const;
    net::TlsSettings tls(const QCommandLineParser& parser) const;

private:
    QCommandLineOption m_peer;
    QCommandLineOption m_callingAe;
    QCommandLineOption m_timeout;
    QCommandLineOption m_tls;
    QCommandLineOption m_tlsProfile;
    QCommandLineOption m_certificate;
    QCommandLineOption m_key;
    QCommandLineOption m_ca;
};

}  // namespace pulmo::cli
