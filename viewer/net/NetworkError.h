#pragma once
// The one error type of the networking layer. Like Orthanc's DicomAssociation::CheckCondition, every
// DCMTK OFCondition and every failure status from a peer becomes a NetworkError at the boundary, with
// the peer's AE title and address in what() so that the message stands alone in a log or a dialog.

#include <stdexcept>
#include <string>

namespace pulmo::net {

class NetworkError : public std::runtime_error {
public:
    enum class Kind {
        Unreachable,  ///< no TCP connection (refused, no route, unknown host)
        Timeout,      ///< the peer did not answer within the configured time
        Rejected,     ///< the peer rejected the association (reason in the message)
        NoContext,    ///< the peer accepted none of the services we asked for
        Aborted,      ///< the association was aborted or the connection dropped mid-operation
        Status,       ///< the peer answered with a failure status (status and comment verbatim)
        Cancelled,    ///< the operation was cancelled by us
        Tls,          ///< certificates, keys or the TLS handshake
        Local,        ///< our side: a folder we cannot write, a port we cannot open
    };

    /// `peer` names the node ("ORTHANC@127.0.0.1:4242"); `reason` says what happened in words.
    NetworkError(Kind kind, std::string peer, std::string reason)
        : std::runtime_error(peer.empty() ? reason : peer + ": " + reason),
          m_kind(kind),
          m_peer(std::move(peer)),
          m_reason(std::move(reason))
    {
    }

    Kind kind() const noexcept { return m_kind; }
    const std::string& peer() const noexcept { return m_peer; }
    const std::string& reason() const noexcept { return m_reason; }

private:
    Kind m_kind;
    std::string m_peer;
    std::string m_reason;
};

/// A short lower-case name of the kind ("timeout", "rejected"), for JSON and audit rows.
const char* toString(NetworkError::Kind kind);

}  // namespace pulmo::net
