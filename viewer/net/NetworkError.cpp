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

}  // namespace pulmo::net
