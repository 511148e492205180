#pragma once
// Private to viewer/net: what the networking classes share on the DCMTK side. Includes DCMTK
// headers, so no public header may include this one.

#include "net/NetworkError.h"
#include "net/PacsPeer.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmnet/assoc.h>
#include <dcmtk/dcmnet/dcmtrans.h>
#include <dcmtk/dcmnet/dcmlayer.h>
#include <dcmtk/ofstd/ofcond.h>

#include <memory>
#include <string>
#include <vector>

class DcmItem;

namespace pulmo::net::detail {

/// Quiets DCMTK's logger (errors reach the caller as NetworkError) and prepares OpenSSL; once per process.
void initialiseDcmtkNetworking();

/// Turns a failed OFCondition into the NetworkError that says in words what happened. `doing`
/// names the step ("association request", "C-MOVE"); `timeoutSeconds` the limit that applied.
NetworkError toNetworkError(const OFCondition& condition, const std::string& peer, const std::string& doing,
                            int timeoutSeconds);

/// The reject reason of an A-ASSOCIATE-RJ in words.
std::string describeReject(const T_ASC_RejectParameters& reject, const std::string& callingAe,
                           const std::string& calledAe);

/// The parameters of NetworkError::Problem::AssociationRejected for `reject`: a reason word
/// ("no_reason", "application_context", "calling_ae_title", "called_ae_title", "protocol_version",
/// "congestion", "limit_exceeded", "unknown"), "transient" or "permanent", the calling and called AE.
std::vector<std::string> rejectArguments(const T_ASC_RejectParameters& reject, const std::string& callingAe,
                                         const std::string& calledAe);

/// A TLS transport layer for `role` from `settings`; throws NetworkError(Tls) naming the file at fault.
std::unique_ptr<DcmTransportLayer> makeTlsLayer(const TlsSettings& settings, T_ASC_NetworkRole role,
                                                const std::string& peer);

/// The DIMSE status in words, e.g. "0xA701 Refused: out of resources", with the Error Comment
/// (0000,0902) of `statusDetail` appended verbatim when the peer sent one.
std::string describeStatus(unsigned status, const char* service, DcmItem* statusDetail);
/// The parameters of NetworkError::Problem::FailureStatus: service, "0xA701", the Error Comment (may be empty).
std::vector<std::string> statusArguments(unsigned status, const char* service, DcmItem* statusDetail);

/// A string value of `item` (first value, trimmed), "" when absent.
std::string stringValue(DcmItem& item, unsigned group, unsigned element);

}  // namespace pulmo::net::detail
