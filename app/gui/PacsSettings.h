#pragma once
// The PACS part of the preferences: the peers the user configured, this workstation's own AE title
// and storage port. Stored in QSettings (`pacs/...`); plain values of the networking layer.

#include "net/PacsPeer.h"

#include <QString>

#include <vector>

namespace pulmo::app {

struct PacsSettings {
    net::LocalNode local;
    /// Start the Storage SCP with the application (C-MOVE needs it; C-GET does not).
    bool receiverEnabled = true;
    /// The Storage SCP over DICOM TLS only (its certificate and key; the CA checks the peers'
    /// certificates), for PACS that send C-MOVE transfers over TLS.
    net::TlsSettings receiverTls;
    /// The local address the Storage SCP listens on (an IPv4 or IPv6 literal); empty: every interface.
    std::string listenAddress;
    /// Store what any caller sends (a lab): otherwise only the configured peers may send (calling AE
    /// title and host), and anyone else's association is refused, logged and audited.
    bool acceptAnyCaller = false;
    /// Below this much free space on the storage folder's disk, C-STOREs are refused with Out of
    /// Resources (MiB; 0: no watermark).
    int minimumFreeDiskMb = 1024;
    /// The hospital's audit record repository (IHE ATNA): udp://, tcp:// or tls://HOST:PORT, TLS with
    /// the receiver's certificate, key and CA; empty: the audit trail stays in the database only.
    QString auditRepository;
    std::vector<net::PacsPeer> peers;

    static PacsSettings load();
    void save() const;
};

/// Why a peer or the local node cannot be used as entered, or empty: AE titles of 1 to 16
/// characters without backslash or control characters, a host, ports 1 to 65535.
QString validateAeTitle(const QString& aeTitle);
QString validatePeer(const net::PacsPeer& peer);
/// Why the receiver's listen address cannot be used, or empty: an IPv4 or IPv6 address (or empty).
QString validateListenAddress(const QString& address);

}  // namespace pulmo::app
