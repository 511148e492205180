#pragma once
// Sends the audit chain to an audit record repository (IHE ATNA, issue 21 item 3): every row as one
// RFC 5424 syslog message (AtnaMessage.h), over UDP (RFC 5426), TCP or TLS (RFC 5425, octet-counted
// frames). The feedback database is the queue: audit_delivery keeps, per repository, the last row
// sent, so that rows written while the repository is away (or before this process started) go out
// later, in order. The sending runs on a thread of its own with its own database connection: no
// writer and no reader ever waits for the network.

#include "AtnaMessage.h"

#include <QString>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace pulmo::feedback {

/// Where audit messages go: udp://HOST:PORT, tcp://HOST:PORT or tls://HOST:PORT.
struct AuditRepository {
    enum class Transport { Udp, Tcp, Tls };
    Transport transport = Transport::Udp;
    QString host;
    quint16 port = 514;
    QString url;  ///< as configured: the key of its delivery cursor
    /// TLS: our certificate and key (PEM; optional, for a repository that asks for one) and the CA
    /// certificates the repository's certificate is checked against (required).
    QString certificateFile;
    QString privateKeyFile;
    QString trustedCaFile;
};

/// Parses `url`; nothing and the reason in `error` (English) when it is not one of the three forms.
std::optional<AuditRepository> parseAuditRepository(const QString& url, QString* error);

class AuditForwarder {
public:
    /// Nothing is sent before start() or flush(). Never throws.
    AuditForwarder(std::string databasePath, AuditRepository repository, AuditSource source);
    /// Stops the thread (a send in progress ends at its time-out, at most a few seconds), then, when
    /// it was started, tries once more for at most 2 s to send what was written meanwhile.
    ~AuditForwarder();
    AuditForwarder(const AuditForwarder&) = delete;
    AuditForwarder& operator=(const AuditForwarder&) = delete;

    /// Sends what is pending, then waits for notify() (or 5 s) and sends again; on a failure it
    /// waits 1 s, 2 s … up to 30 s before the next try. Any thread.
    void start();
    /// New rows were written: send them soon. Any thread; never blocks.
    void notify();
    /// Sends every pending row on the caller's thread for at most `timeoutMs` (pulmo-cli at exit),
    /// trying twice; true when none is left. Not while started.
    bool flush(int timeoutMs);

    /// Rows written and not yet sent to this repository (counted when the thread last looked).
    qint64 pending() const;
    /// The last failure in English ("tcp://10.0.0.5:6514: connection refused"), empty after a success.
    QString lastError() const;
    const AuditRepository& repository() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace pulmo::feedback
