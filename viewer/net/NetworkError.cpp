#include "net/NetworkError.h"

namespace pulmo::net {

const char* toString(NetworkError::Kind kind)
{
    switch (kind) {
        case NetworkError::Kind::Unreachable:
            return "unreachable";
        case NetworkError::Kind::Timeout:
            return "timeout";
        case NetworkError::Kind::Rejected:
            return "rejected";
        case NetworkError::Kind::NoContext:
            return "no_presentation_context";
        case NetworkError::Kind::Aborted:
            return "aborted";
        case NetworkError::Kind::Status:
            return "status";
        case NetworkError::Kind::Cancelled:
            return "cancelled";
        case NetworkError::Kind::Tls:
            return "tls";
        case NetworkError::Kind::Local:
            return "local";
    }
    return "unknown";
}

const char* toString(NetworkError::Problem problem)
{
    switch (problem) {
        case NetworkError::Problem::ConnectionRefused:
            return "connection_refused";
        case NetworkError::Problem::HostUnreachable:
            return "host_unreachable";
        case NetworkError::Problem::HostNotFound:
            return "host_not_found";
        case NetworkError::Problem::CannotConnect:
            return "cannot_connect";
        case NetworkError::Problem::Timeout:
            return "timeout";
        case NetworkError::Problem::AssociationRejected:
            return "association_rejected";
        case NetworkError::Problem::NoPresentationContext:
            return "no_presentation_context";
        case NetworkError::Problem::PeerAborted:
            return "peer_aborted";
        case NetworkError::Problem::FailureStatus:
            return "failure_status";
        case NetworkError::Problem::NothingReceived:
            return "nothing_received";
        case NetworkError::Problem::InstancesMissing:
            return "instances_missing";
        case NetworkError::Problem::Cancelled:
            return "cancelled";
        case NetworkError::Problem::TlsHandshake:
            return "tls_handshake";
        case NetworkError::Problem::TlsCertificateUnreadable:
            return "tls_certificate_unreadable";
        case NetworkError::Problem::TlsPrivateKeyUnreadable:
            return "tls_private_key_unreadable";
        case NetworkError::Problem::TlsCaCertificateUnreadable:
            return "tls_ca_certificate_unreadable";
        case NetworkError::Problem::TlsKeyMismatch:
            return "tls_key_mismatch";
        case NetworkError::Problem::TlsNoCaCertificate:
            return "tls_no_ca_certificate";
        case NetworkError::Problem::TlsServerNeedsCertificate:
            return "tls_server_needs_certificate";
        case NetworkError::Problem::TlsCertificateWithoutKey:
            return "tls_certificate_without_key";
        case NetworkError::Problem::CannotListen:
            return "cannot_listen";
        case NetworkError::Problem::ReceiverNotRunning:
            return "receiver_not_running";
        case NetworkError::Problem::NoStorageFolder:
            return "no_storage_folder";
        case NetworkError::Problem::StorageFolderUnwritable:
            return "storage_folder_unwritable";
        case NetworkError::Problem::CannotStoreInstance:
            return "cannot_store_instance";
        case NetworkError::Problem::InvalidUid:
            return "invalid_uid";
        case NetworkError::Problem::NoDatasetReceived:
            return "no_dataset_received";
        case NetworkError::Problem::ReceivedWithoutUids:
            return "received_without_uids";
        case NetworkError::Problem::ReceiverAlreadyRunning:
            return "receiver_already_running";
        case NetworkError::Problem::OperationFailed:
            return "operation_failed";
        case NetworkError::Problem::TlsSetupFailed:
            return "tls_setup_failed";
        case NetworkError::Problem::NotDicomPeer:
            return "not_dicom_peer";
        case NetworkError::Problem::Other:
            return "other";
    }
    return "other";
}

}  // namespace pulmo::net
