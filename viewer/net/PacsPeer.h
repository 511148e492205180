#pragma once
// Who Pulmo talks to on the network and who Pulmo is there: plain values, no DCMTK. The settings
// dialog edits these; the CLI builds them from its options; the networking classes only read them.

#include <cstdint>
#include <string>

namespace pulmo::net {

/// DICOM TLS security profiles (PS3.15 B.9, B.10) that the peer and Pulmo both speak.
enum class TlsProfile {
    Bcp195,  ///< BCP 195 (TLS 1.2+, the current recommendation)
    Aes,     ///< the older AES profile (TLS 1.0+ with AES ciphers), for older PACS
};

/// TLS on an association. Paths are PEM files read when an association starts.
struct TlsSettings {
    bool enabled = false;
    TlsProfile profile = TlsProfile::Bcp195;
    std::string certificateFile;  ///< our certificate; empty: no client authentication
    std::string privateKeyFile;   ///< its unencrypted private key
    std::string
        trustedCaFile;  ///< CA (or self-signed peer) certificates to verify the peer against; empty: none trusted
};

/// How a study comes from the peer to this workstation.
enum class RetrieveMethod {
    Move,  ///< C-MOVE: the peer connects back to our Storage SCP (needs our port open and us registered there)
    Get,   ///< C-GET: the peer sends on the same association (no open port needed)
};

/// A PACS or other DICOM node as the user configured it.
struct PacsPeer {
    std::string description;  ///< the user's name for it, for menus and messages
    std::string aeTitle;      ///< called AE title, 1..16 characters
    std::string host;         ///< host name or IP address
    uint16_t port = 104;
    TlsSettings tls;
    RetrieveMethod preferredRetrieve = RetrieveMethod::Move;
    bool receivesResults = false;  ///< the AI results objects (SR, SC) are C-STOREd here (issue 16)
};

/// This workstation on the network.
struct LocalNode {
    std::string aeTitle = "PULMO";  ///< calling AE title, and the C-MOVE destination
    uint16_t storagePort = 11112;   ///< where the embedded Storage SCP listens for C-MOVE sub-operations
};

/// How long to wait before calling a peer unreachable or silent, in seconds.
struct NetworkTimeouts {
    int connectSeconds = 10;  ///< TCP connect
    int acseSeconds = 10;     ///< association request until accept/reject (and release)
    int dimseSeconds = 60;    ///< between two messages on an open association
};

/// Parses "AET@HOST:PORT" (the CLI's --peer). Returns false and leaves `peer` unchanged when malformed.
bool parsePeerAddress(const std::string& text, PacsPeer& peer);

/// "AET@HOST:PORT", for messages.
std::string peerAddress(const PacsPeer& peer);

}  // namespace pulmo::net
