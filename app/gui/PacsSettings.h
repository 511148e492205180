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
    std::vector<net::PacsPeer> peers;

    static PacsSettings load();
    void save() const;
};

/// Why a peer or the local node cannot be used as entered, or empty: AE titles of 1 to 16
/// characters without backslash or control characters, a host, ports 1 to 65535.
QString validateAeTitle(const QString& aeTitle);
QString validatePeer(const net::PacsPeer& peer);

}  // namespace pulmo::app
