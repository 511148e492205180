#pragma once
// The audit row of a study retrieve, the same from the window and the CLI: who asked is the
// caller's; what happened (peer, method, counts, outcome, the peer's words) is said here.

#include "net/RetrieveResult.h"

#include <QString>

namespace pulmo::app {

/// "from ORTHANC@host:4242 by C-MOVE: 40 of 40 instances here (40 stored now, 0 already present),
/// 0 failed", followed by the error when there is one.
QString retrieveAuditDetail(const net::RetrieveResult& result);

}  // namespace pulmo::app
