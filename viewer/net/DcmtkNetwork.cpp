#include "net/DcmtkNetwork.h"

#include "dicom/DcmtkLogging.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmnet/cond.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/dcmtls/tlslayer.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace pulmo::net::detail {

void initialiseDcmtkNetworking()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // DCMTK logs every association; errors reach callers as NetworkError, and the CLI promises one
        // line per error: quiet unless the program set DCMTK's log up from pulmo.net (app/common/Logging.h).
        dicom::ensureDcmtkLogQuiet();
        DcmTLSTransportLayer::initializeOpenSSL();
    });
}

namespace {

bool textContains(const OFCondition& condition, const char* what)
{
    return std::string(condition.text()).find(what) != std::string::npos;
}

}  // namespace

NetworkError toNetworkError(const OFCondition& condition, const std::string& peer, const std::string& doing,
                            int timeoutSeconds)
{
    using Kind = NetworkError::Kind;
    using Problem = NetworkError::Problem;
    const std::string detail = condition.text();
    const std::string limit = std::to_string(timeoutSeconds) + " s";
    if (condition == DUL_READTIMEOUT || condition == DIMSE_NODATAAVAILABLE || textContains(condition, "timed out") ||
        textContains(condition, "Timeout") || textContains(condition, "timeout"))
        return NetworkError(Kind::Timeout, peer, "no answer within " + limit + " (" + doing + ")", Problem::Timeout,
                            {std::to_string(timeoutSeconds), doing});
    if (condition == NET_EC_NoAcceptablePresentationContexts)
        return NetworkError(
            Kind::NoContext, peer,
            "the peer accepted none of the services asked for (" + doing + "): it does not offer them to this AE title",
            Problem::NoPresentationContext, {doing});
    // An answer that is no DICOM PDU at all: the first byte of "HTTP/1.1 400 Bad Request" read as a PDU
    // type (0x48) is DCMTK's "Unrecognized PDU type: 48".
    if (condition.module() == OFM_dcmnet &&
        (condition.code() == DULC_UNRECOGNIZEDPDUTYPE || condition.code() == DULC_ILLEGALPDU ||
         condition.code() == DULC_ILLEGALPDULENGTH))
        return NetworkError(
            Kind::Aborted, peer,
            "the peer answered, but not in DICOM (" + doing + "; DCMTK: " + detail + "): is this a web server's port?",
            Problem::NotDicomPeer, {doing, detail});
    if (condition.module() == OFM_dcmtls)
        return NetworkError(Kind::Tls, peer, "TLS failed (" + doing + "): " + detail, Problem::TlsHandshake, {detail});
    // Connection failures arrive as DUL_REQUESTASSOCIATIONFAILED or a TCP initialisation error,
    // with the operating system's words in the text.
    if (textContains(condition, "refused"))
        return NetworkError(Kind::Unreachable, peer, "connection refused: nothing listens on that host and port",
                            Problem::ConnectionRefused);
    if (textContains(condition, "unreachable") || textContains(condition, "No route"))
        return NetworkError(Kind::Unreachable, peer, "host unreachable", Problem::HostUnreachable);
    if (textContains(condition, "unknown host") || textContains(condition, "Name or service") ||
        textContains(condition, "lookup") || textContains(condition, "not known"))
        return NetworkError(Kind::Unreachable, peer, "host name not found", Problem::HostNotFound);
    if (condition == DUL_REQUESTASSOCIATIONFAILED || textContains(condition, "TCP Initialization")) {
        if (textContains(condition, "TLS") || textContains(condition, "SSL") || textContains(condition, "certificate"))
            return NetworkError(Kind::Tls, peer, "TLS handshake failed: " + detail, Problem::TlsHandshake, {detail});
        return NetworkError(Kind::Unreachable, peer, "cannot connect (" + doing + "): " + detail,
                            Problem::CannotConnect, {detail});
    }
    if (condition == DUL_PEERABORTEDASSOCIATION || condition == DUL_NETWORKCLOSED ||
        condition == DUL_PEERREQUESTEDRELEASE || condition == DIMSE_READPDVFAILED || condition == DIMSE_SENDFAILED ||
        condition == DIMSE_RECEIVEFAILED)
        return NetworkError(Kind::Aborted, peer, "the connection was lost or aborted by the peer (" + doing + ")",
                            Problem::PeerAborted, {doing});
    return NetworkError(Kind::Aborted, peer, doing + " failed: " + detail, Problem::OperationFailed, {doing, detail});
}

std::string describeReject(const T_ASC_RejectParameters& reject, const std::string& callingAe,
                           const std::string& calledAe)
{
    std::string reason;
    switch (reject.reason) {
        case ASC_REASON_SU_NOREASON:
            reason = "no reason given";
            break;
        case ASC_REASON_SU_APPCONTEXTNAMENOTSUPPORTED:
            reason = "application context not supported";
            break;
        case ASC_REASON_SU_CALLINGAETITLENOTRECOGNIZED:
            reason = "calling AE title '" + callingAe + "' not recognised (register this workstation at the peer)";
            break;
        case ASC_REASON_SU_CALLEDAETITLENOTRECOGNIZED:
            reason = "called AE title '" + calledAe + "' not recognised (check the peer's AE title)";
            break;
        case ASC_REASON_SP_ACSE_PROTOCOLVERSIONNOTSUPPORTED:
            reason = "protocol version not supported";
            break;
        case ASC_REASON_SP_PRES_TEMPORARYCONGESTION:
            reason = "temporary congestion";
            break;
        case ASC_REASON_SP_PRES_LOCALLIMITEXCEEDED:
            reason = "the peer's limit of associations is exceeded";
            break;
        default:
            reason = "reason code " + std::to_string(int(reject.reason));
            break;
    }
    const char* result = reject.result == ASC_RESULT_REJECTEDTRANSIENT ? "transient" : "permanent";
    return "association rejected (" + std::string(result) + "): " + reason;
}

std::vector<std::string> rejectArguments(const T_ASC_RejectParameters& reject, const std::string& callingAe,
                                         const std::string& calledAe)
{
    const char* word = "unknown";
    switch (reject.reason) {
        case ASC_REASON_SU_NOREASON:
            word = "no_reason";
            break;
        case ASC_REASON_SU_APPCONTEXTNAMENOTSUPPORTED:
            word = "application_context";
            break;
        case ASC_REASON_SU_CALLINGAETITLENOTRECOGNIZED:
            word = "calling_ae_title";
            break;
        case ASC_REASON_SU_CALLEDAETITLENOTRECOGNIZED:
            word = "called_ae_title";
            break;
        case ASC_REASON_SP_ACSE_PROTOCOLVERSIONNOTSUPPORTED:
            word = "protocol_version";
            break;
        case ASC_REASON_SP_PRES_TEMPORARYCONGESTION:
            word = "congestion";
            break;
        case ASC_REASON_SP_PRES_LOCALLIMITEXCEEDED:
            word = "limit_exceeded";
            break;
        default:
            break;
    }
    return {word, reject.result == ASC_RESULT_REJECTEDTRANSIENT ? "transient" : "permanent", callingAe, calledAe};
}

std::unique_ptr<DcmTransportLayer> makeTlsLayer(const TlsSettings& settings, T_ASC_NetworkRole role,
                                                const std::string& peer)
{
    using Kind = NetworkError::Kind;
    using Problem = NetworkError::Problem;
    initialiseDcmtkNetworking();
    auto layer = std::make_unique<DcmTLSTransportLayer>(role, nullptr, OFFalse);
    const DcmTLSSecurityProfile profile = settings.profile == TlsProfile::Aes ? TSP_Profile_AES : TSP_Profile_BCP195;
    OFCondition condition = layer->setTLSProfile(profile);
    if (condition.good()) condition = layer->activateCipherSuites();
    if (condition.bad())
        throw NetworkError(Kind::Tls, peer, std::string("TLS profile: ") + condition.text(), Problem::TlsSetupFailed,
                           {condition.text()});
    const bool server = role == NET_ACCEPTOR;
    if (server && (settings.certificateFile.empty() || settings.privateKeyFile.empty()))
        throw NetworkError(Kind::Tls, peer, "a TLS server needs a certificate and a private key",
                           Problem::TlsServerNeedsCertificate);
    if (!settings.privateKeyFile.empty() || !settings.certificateFile.empty()) {
        if (settings.privateKeyFile.empty() || settings.certificateFile.empty())
            throw NetworkError(Kind::Tls, peer, "give both a certificate and its private key, or neither",
                               Problem::TlsCertificateWithoutKey);
        if (layer->setPrivateKeyFile(settings.privateKeyFile.c_str(), DCF_Filetype_PEM).bad())
            throw NetworkError(Kind::Tls, peer, settings.privateKeyFile + ": cannot read the private key (PEM)",
                               Problem::TlsPrivateKeyUnreadable, {settings.privateKeyFile});
        if (layer->setCertificateFile(settings.certificateFile.c_str(), DCF_Filetype_PEM).bad())
            throw NetworkError(Kind::Tls, peer, settings.certificateFile + ": cannot read the certificate (PEM)",
                               Problem::TlsCertificateUnreadable, {settings.certificateFile});
        if (!layer->checkPrivateKeyMatchesCertificate())
            throw NetworkError(Kind::Tls, peer, "the private key does not match the certificate",
                               Problem::TlsKeyMismatch);
    }
    if (settings.trustedCaFile.empty()) {
        // Encryption to a peer we cannot verify protects nothing: a client refuses to go on.
        if (!server)
            throw NetworkError(Kind::Tls, peer, "no CA certificate given: cannot verify the peer",
                               Problem::TlsNoCaCertificate);
        layer->setCertificateVerification(DCV_ignoreCertificate);
    } else {
        if (layer->addTrustedCertificateFile(settings.trustedCaFile.c_str(), DCF_Filetype_PEM).bad())
            throw NetworkError(Kind::Tls, peer, settings.trustedCaFile + ": cannot read the CA certificate (PEM)",
                               Problem::TlsCaCertificateUnreadable, {settings.trustedCaFile});
        layer->setCertificateVerification(server ? DCV_checkCertificate : DCV_requireCertificate);
    }
    return layer;
}

std::string describeStatus(unsigned status, const char* service, DcmItem* statusDetail)
{
    char code[8];
    std::snprintf(code, sizeof code, "%04X", status & 0xffffu);
    std::string words;
    if (std::string(service) == "C-FIND")
        words = DU_cfindStatusString(Uint16(status));
    else if (std::string(service) == "C-MOVE")
        words = DU_cmoveStatusString(Uint16(status));
    else if (std::string(service) == "C-GET")
        words = DU_cgetStatusString(Uint16(status));
    else if (std::string(service) == "C-STORE")
        words = DU_cstoreStatusString(Uint16(status));
    else
        words = DU_cechoStatusString(Uint16(status));
    std::string text = std::string(service) + " status 0x" + code + " (" + words + ")";
    if (statusDetail) {
        const std::string comment = stringValue(*statusDetail, 0x0000, 0x0902);
        if (!comment.empty()) text += ": " + comment;
    }
    return text;
}

std::vector<std::string> statusArguments(unsigned status, const char* service, DcmItem* statusDetail)
{
    char code[8];
    std::snprintf(code, sizeof code, "%04X", status & 0xffffu);
    return {service, std::string("0x") + code,
            statusDetail ? stringValue(*statusDetail, 0x0000, 0x0902) : std::string()};
}

std::string stringValue(DcmItem& item, unsigned group, unsigned element)
{
    OFString value;
    if (item.findAndGetOFStringArray(DcmTagKey(Uint16(group), Uint16(element)), value).bad()) return {};
    std::string text = value.c_str();
    while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
    size_t start = 0;
    while (start < text.size() && text[start] == ' ') ++start;
    return text.substr(start);
}

}  // namespace pulmo::net::detail
