#pragma once
// The one error type of the networking layer. Like Orthanc's DicomAssociation::CheckCondition, every
// DCMTK OFCondition and every failure status from a peer becomes a NetworkError at the boundary, with
// the peer's AE title and address in what() so that the message stands alone in a log or a dialog.

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

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

    /// What exactly went wrong, for the application to word in the user's language (the Kind
    /// above is the coarse class that JSON and audit rows report). The parameters each problem
    /// carries (arguments()) are listed beside it.
    enum class Problem {
        ConnectionRefused,    ///< - (the peer names host and port)
        HostUnreachable,      ///< -
        HostNotFound,         ///< -
        CannotConnect,        ///< DCMTK's reason (English, for logs)
        Timeout,              ///< seconds, what we waited for ("connect", "C-FIND", ...)
        AssociationRejected,  ///< reason (a word of rejectReasonWord()), "transient"/"permanent", calling AE, called AE
        NoPresentationContext,  ///< service ("C-FIND", "C-MOVE", "C-GET", or what we were doing)
        PeerAborted,            ///< what we were doing
        FailureStatus,          ///< service, status code ("0xA701"), the peer's error comment (verbatim, may be empty)
        NothingReceived,        ///< - (a retrieve: the peer sent nothing for the study)
        InstancesMissing,       ///< instances missing, instances expected
        Cancelled,              ///< -
        TlsHandshake,           ///< OpenSSL's reason (English, for logs)
        TlsCertificateUnreadable,    ///< file
        TlsPrivateKeyUnreadable,     ///< file
        TlsCaCertificateUnreadable,  ///< file
        TlsKeyMismatch,              ///< -
        TlsNoCaCertificate,          ///< -
        TlsServerNeedsCertificate,   ///< -
        TlsCertificateWithoutKey,    ///< -
        CannotListen,                ///< port
        ReceiverNotRunning,          ///< - (C-MOVE needs the Storage SCP)
        NoStorageFolder,             ///< -
        StorageFolderUnwritable,     ///< folder
        CannotStoreInstance,         ///< file, the system's reason (English, for logs)
        InvalidUid,                  ///< which attribute, the value
        NoDatasetReceived,           ///< - (an instance arrived without its data set)
        ReceivedWithoutUids,         ///< - (a received data set lacks its SOP Class or SOP Instance UID)
        ReceiverAlreadyRunning,      ///< - (the Storage SCP was started twice)
        OperationFailed,             ///< what we were doing ("C-FIND", ...), DCMTK's reason (English, for logs)
        TlsSetupFailed,              ///< DCMTK's reason (English, for logs): TLS profile or cipher suites
        NotDicomPeer,  ///< what we were doing, DCMTK's reason (English, for logs): the peer answered, but not in
                       ///< DICOM's upper-layer protocol (a web server's port answers "HTTP/1.1 400")
        Other,         ///< the English reason; rare internal failures only
    };
    static constexpr Problem kLastProblem = Problem::Other;

    /// `peer` names the node ("ORTHANC@127.0.0.1:4242"); `reason` says what happened in English.
    NetworkError(Kind kind, std::string peer, std::string reason, Problem problem = Problem::Other,
                 std::vector<std::string> arguments = {})
        : std::runtime_error(peer.empty() ? reason : peer + ": " + reason),
          m_kind(kind),
          m_problem(problem),
          m_peer(std::move(peer)),
          m_reason(std::move(reason)),
          m_arguments(std::move(arguments))
    {
        if (m_problem == Problem::Other && m_arguments.empty()) m_arguments.push_back(m_reason);
    }

    Kind kind() const noexcept { return m_kind; }
    Problem problem() const noexcept { return m_problem; }
    const std::string& peer() const noexcept { return m_peer; }
    const std::string& reason() const noexcept { return m_reason; }
    const std::vector<std::string>& arguments() const noexcept { return m_arguments; }

private:
    Kind m_kind;
    Problem m_problem;
    std::string m_peer;
    std::string m_reason;
    std::vector<std::string> m_arguments;
};

/// A short lower-case name of the kind ("timeout", "rejected"), for JSON and audit rows.
const char* toString(NetworkError::Kind kind);
/// A stable lower-case name of the problem ("connection_refused").
const char* toString(NetworkError::Problem problem);

}  // namespace pulmo::net
