#include "net/DicomAssociation.h"

#include "dicom/DicomText.h"

#include "net/NetworkLogging.h"
#include "net/TransferSyntaxes.h"

#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmnet/diutil.h>

namespace pulmo::net::detail {
namespace {

/// How long a peer may go on sending after our C-CANCEL before we abort the association.
constexpr std::chrono::seconds kCancelGrace{3};
/// The largest PDU DCMTK takes; large PDUs halve the per-PDU overhead of multi-megabyte images.
constexpr Uint32 kMaxPdu = ASC_MAXIMUMPDUSIZE;

OFList<OFString> syntaxList(const std::vector<std::string>& syntaxes)
{
    OFList<OFString> list;
    for (const auto& syntax : syntaxes) list.push_back(syntax.c_str());
    return list;
}

OFList<OFString> uncompressedSyntaxes()
{
    return syntaxList({UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax});
}

/// A UID with DCMTK's name for it, for the log: "Verification SOP Class (1.2.840.10008.1.1)".
std::string uidWithName(const OFString& uid)
{
    const char* name = dcmFindNameOfUID(uid.c_str(), nullptr);
    return name ? std::string(name) + " (" + uid.c_str() + ")" : std::string(uid.c_str());
}

/// The query's level, not its keys: those hold patient names, which stay out of the log.
std::string queryLevel(DcmDataset& keys)
{
    OFString level;
    keys.findAndGetOFString(DCM_QueryRetrieveLevel, level);
    return level.empty() ? std::string("?") : std::string(level.c_str());
}

const char* tlsProfileName(TlsProfile profile)
{
    return profile == TlsProfile::Bcp195 ? "BCP 195" : "AES";
}

}  // namespace

DicomAssociation::DicomAssociation(const PacsPeer& peer, std::string callingAeTitle, const NetworkTimeouts& timeouts)
    : m_peer(peer), m_callingAe(std::move(callingAeTitle)), m_timeouts(timeouts), m_peerLabel(peerAddress(peer))
{
    initialiseDcmtkNetworking();
    setAETitle(m_callingAe.c_str());
    setPeerAETitle(m_peer.aeTitle.c_str());
    setPeerHostName(m_peer.host.c_str());
    setPeerPort(m_peer.port);
    setMaxReceivePDULength(kMaxPdu);
    // Non-blocking DIMSE with a timeout: a peer that stops answering becomes a Timeout, never a hang.
    setDIMSEBlockingMode(DIMSE_NONBLOCKING);
    setDIMSETimeout(Uint32(std::max(1, m_timeouts.dimseSeconds)));
    setACSETimeout(Uint32(std::max(1, m_timeouts.acseSeconds)));
    // DCMTK keeps the connect timeout in a global (dcmConnectionTimeout): every association sets its own.
    setConnectionTimeout(Sint32(std::max(1, m_timeouts.connectSeconds)));
    setProgressNotificationMode(OFFalse);
}

DicomAssociation::~DicomAssociation()
{
    abort();
}

void DicomAssociation::proposeVerification()
{
    addPresentationContext(UID_VerificationSOPClass, uncompressedSyntaxes());
    ++m_proposedContexts;
}

void DicomAssociation::proposeStudyRootFind()
{
    addPresentationContext(UID_FINDStudyRootQueryRetrieveInformationModel, uncompressedSyntaxes());
    ++m_proposedContexts;
}

void DicomAssociation::proposeStudyRootMove()
{
    addPresentationContext(UID_MOVEStudyRootQueryRetrieveInformationModel, uncompressedSyntaxes());
    ++m_proposedContexts;
}

void DicomAssociation::proposeStudyRootGet()
{
    addPresentationContext(UID_GETStudyRootQueryRetrieveInformationModel, uncompressedSyntaxes());
    ++m_proposedContexts;
    // 128 contexts in all; the find, get and verification contexts come first.
    for (const ProposedContext& context : getStorageContexts(124)) {
        addPresentationContext(context.sopClass.c_str(), syntaxList(context.transferSyntaxes), ASC_SC_ROLE_SCP);
        ++m_proposedContexts;
    }
}

T_ASC_PresentationContextID DicomAssociation::proposeStorage(const std::string& sopClass,
                                                             const std::vector<std::string>& transferSyntaxes)
{
    if (m_proposedContexts >= 128) return 0;
    if (addPresentationContext(sopClass.c_str(), syntaxList(transferSyntaxes)).bad()) return 0;
    ++m_proposedContexts;
    return T_ASC_PresentationContextID(2 * m_proposedContexts - 1);
}

T_ASC_PresentationContextID DicomAssociation::acceptedContext(T_ASC_PresentationContextID proposedId,
                                                              std::string& transferSyntax)
{
    transferSyntax.clear();
    OFString abstractSyntax, acceptedSyntax;
    // DcmSCU lists refused contexts too: only findPresentationContextID() looks at the result.
    findPresentationContext(proposedId, abstractSyntax, acceptedSyntax);
    if (abstractSyntax.empty() || acceptedSyntax.empty()) return 0;
    const T_ASC_PresentationContextID id = findPresentationContextID(abstractSyntax, acceptedSyntax);
    if (id != 0) transferSyntax = acceptedSyntax.c_str();
    return id;
}

DicomAssociation::StoreResponse DicomAssociation::store(T_ASC_PresentationContextID contextId, DcmDataset& dataset,
                                                        const std::string& sopClassUid,
                                                        const std::string& sopInstanceUid)
{
    T_DIMSE_Message request{};
    request.CommandField = DIMSE_C_STORE_RQ;
    T_DIMSE_C_StoreRQ& store = request.msg.CStoreRQ;
    store.MessageID = ++m_storeMessageId;
    OFStandard::strlcpy(store.AffectedSOPClassUID, sopClassUid.c_str(), sizeof store.AffectedSOPClassUID);
    OFStandard::strlcpy(store.AffectedSOPInstanceUID, sopInstanceUid.c_str(), sizeof store.AffectedSOPInstanceUID);
    store.DataSetType = DIMSE_DATASET_PRESENT;
    store.Priority = DIMSE_PRIORITY_MEDIUM;
    check(sendDIMSEMessage(contextId, &request, &dataset), "C-STORE", m_timeouts.dimseSeconds);

    T_DIMSE_Message response{};
    DcmDataset* statusDetail = nullptr;
    T_ASC_PresentationContextID responseContext = contextId;
    const OFCondition received = receiveDIMSECommand(&responseContext, &response, &statusDetail);
    const std::unique_ptr<DcmDataset> detail(statusDetail);  // handed over to us
    check(received, "C-STORE", m_timeouts.dimseSeconds);
    if (response.CommandField != DIMSE_C_STORE_RSP)
        throw NetworkError(NetworkError::Kind::Aborted, m_peerLabel,
                           "the peer answered a C-STORE with another message (command field " +
                               std::to_string(unsigned(response.CommandField)) + ")",
                           NetworkError::Problem::OperationFailed, {"C-STORE", "unexpected response"});
    StoreResponse answer;
    answer.status = response.msg.CStoreRSP.DimseStatus;
    if (answer.status != STATUS_Success) answer.statusText = describeStatus(answer.status, "C-STORE", detail.get());
    return answer;
}

void DicomAssociation::check(const OFCondition& condition, const std::string& doing, int timeoutSeconds) const
{
    if (condition.good()) return;
    NetworkError error = toNetworkError(condition, m_peerLabel, doing, timeoutSeconds);
    // Info, not warning: the caller reports the error; this says when and what DCMTK said.
    qCInfo(lcNet, "%s failed: %s (DCMTK: %s)", doing.c_str(), error.what(), condition.text());
    throw error;
}

void DicomAssociation::open()
{
    setConnectionTimeout(Sint32(std::max(1, m_timeouts.connectSeconds)));
    check(initNetwork(), "network set-up", 0);
    if (m_peer.tls.enabled) {
        m_tls = makeTlsLayer(m_peer.tls, NET_REQUESTOR, m_peerLabel);
        check(useSecureConnection(m_tls.get()), "TLS set-up", 0);
    }
    qCDebug(lcNet, "requesting an association: %s -> %s at %s:%d%s%s, connect timeout %d s, ACSE %d s, DIMSE %d s",
            m_callingAe.c_str(), m_peer.aeTitle.c_str(), m_peer.host.c_str(), m_peer.port,
            m_peer.tls.enabled ? ", TLS " : "", m_peer.tls.enabled ? tlsProfileName(m_peer.tls.profile) : "",
            m_timeouts.connectSeconds, m_timeouts.acseSeconds, m_timeouts.dimseSeconds);
    const OFCondition negotiated = negotiateAssociation();
    if (negotiated == DUL_ASSOCIATIONREJECTED) {
        std::vector<std::string> arguments{"unknown", "permanent", m_callingAe, m_peer.aeTitle};
        const std::string reason = askRejectReason(arguments);
        qCInfo(lcNet, "association rejected by %s (calling AE %s): %s", m_peerLabel.c_str(), m_callingAe.c_str(),
               reason.c_str());
        throw NetworkError(NetworkError::Kind::Rejected, m_peerLabel, reason,
                           NetworkError::Problem::AssociationRejected, std::move(arguments));
    }
    if (negotiated.bad()) {
        // A read timeout here is the ACSE timer (the peer took the connection but never answered);
        // anything else timing out is the TCP connect.
        const bool acse =
            negotiated == DUL_READTIMEOUT || std::string(negotiated.text()).find("read timeout") != std::string::npos;
        check(negotiated, acse ? "association request" : "connect",
              acse ? m_timeouts.acseSeconds : m_timeouts.connectSeconds);
    }
    logAcceptedContexts();
}

void DicomAssociation::logAcceptedContexts()
{
    if (!lcNet().isInfoEnabled() && !lcNet().isDebugEnabled()) return;
    int accepted = 0;
    // DcmSCU numbers the proposed contexts 1, 3, 5, ... (at most 128 of them).
    for (int id = 1; id < 256; id += 2) {
        OFString abstractSyntax, transferSyntax;
        findPresentationContext(T_ASC_PresentationContextID(id), abstractSyntax, transferSyntax);
        if (abstractSyntax.empty() || transferSyntax.empty() ||
            findPresentationContextID(abstractSyntax, transferSyntax) == 0)
            continue;
        ++accepted;
        qCDebug(lcNet, "accepted context %d: %s, %s", id, uidWithName(abstractSyntax).c_str(),
                uidWithName(transferSyntax).c_str());
    }
    qCInfo(lcNet, "association accepted by %s (calling AE %s%s): %d presentation context(s), our max PDU %u",
           m_peerLabel.c_str(), m_callingAe.c_str(), m_tls ? ", TLS" : "", accepted,
           unsigned(getMaxReceivePDULength()));
}

std::string DicomAssociation::askRejectReason(std::vector<std::string>& arguments)
{
    T_ASC_Network* network = nullptr;
    T_ASC_Parameters* parameters = nullptr;
    T_ASC_Association* association = nullptr;
    std::string reason = "association rejected";
    OFCondition condition = ASC_initializeNetwork(NET_REQUESTOR, 0, std::max(1, m_timeouts.acseSeconds), &network);
    if (condition.good()) condition = ASC_createAssociationParameters(&parameters, ASC_DEFAULTMAXPDU);
    if (condition.good()) {
        ASC_setAPTitles(parameters, m_callingAe.c_str(), m_peer.aeTitle.c_str(), nullptr);
        const std::string address = m_peer.host + ":" + std::to_string(m_peer.port);
        ASC_setPresentationAddresses(parameters, OFStandard::getHostName().c_str(), address.c_str());
        const char* syntaxes[] = {UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax};
        condition = ASC_addPresentationContext(parameters, 1, UID_VerificationSOPClass, syntaxes, 2);
    }
    if (condition.good() && m_tls) {
        condition = ASC_setTransportLayer(network, m_tls.get(), 0);
        if (condition.good()) condition = ASC_setTransportLayerType(parameters, OFTrue);
    }
    if (condition.good()) {
        condition = ASC_requestAssociation(network, parameters, &association);
        if (condition == DUL_ASSOCIATIONREJECTED) {
            T_ASC_RejectParameters reject{};
            ASC_getRejectParameters(parameters, &reject);
            reason = describeReject(reject, m_callingAe, m_peer.aeTitle);
            arguments = rejectArguments(reject, m_callingAe, m_peer.aeTitle);
        } else if (condition.good()) {
            ASC_abortAssociation(association);
        }
    }
    // As DcmSCU::freeNetwork does: the parameters first, then the association that may point to them.
    if (parameters) {
        ASC_destroyAssociationParameters(&parameters);
        if (association) association->params = nullptr;
    }
    if (association) ASC_destroyAssociation(&association);
    if (network) ASC_dropNetwork(&network);
    return reason;
}

void DicomAssociation::close() noexcept
{
    if (!isConnected()) return;
    if (releaseAssociation().bad() && isConnected()) {
        abortAssociation();
        qCDebug(lcNet, "association with %s aborted: the release failed", m_peerLabel.c_str());
        return;
    }
    qCDebug(lcNet, "association with %s released", m_peerLabel.c_str());
}

void DicomAssociation::abort() noexcept
{
    if (!isConnected()) return;
    abortAssociation();
    qCDebug(lcNet, "association with %s aborted", m_peerLabel.c_str());
}

void DicomAssociation::echo()
{
    qCDebug(lcNet, "C-ECHO request to %s", m_peerLabel.c_str());
    check(sendECHORequest(0), "C-ECHO", m_timeouts.dimseSeconds);
    qCInfo(lcNet, "C-ECHO response from %s: status 0x0000 (Success)", m_peerLabel.c_str());
}

void DicomAssociation::resetOperation(const Cancellation* cancellation)
{
    m_cancellation = cancellation;
    m_cancelSent = false;
    m_gaveUpAfterCancel = false;
    m_status = RetrieveStatus{};
    m_progress = nullptr;
    m_onMatch = nullptr;
    m_findFailure.clear();
    m_findFailureArguments.clear();
    m_findMatches = 0;
    m_findFinalStatus = 0;
    m_writer = nullptr;
    m_stored = nullptr;
    m_storeFailure.clear();
}

void DicomAssociation::find(DcmDataset& keys, const std::function<void(DcmDataset&)>& onMatch,
                            const Cancellation* cancellation)
{
    resetOperation(cancellation);
    m_onMatch = onMatch;
    m_operationContext = findPresentationContextID(UID_FINDStudyRootQueryRetrieveInformationModel, "");
    if (m_operationContext == 0)
        throw NetworkError(NetworkError::Kind::NoContext, m_peerLabel, "the peer does not offer Study Root C-FIND",
                           NetworkError::Problem::NoPresentationContext, {"C-FIND"});
    qCDebug(lcNet, "C-FIND request to %s: level %s, context %d", m_peerLabel.c_str(), queryLevel(keys).c_str(),
            int(m_operationContext));
    const OFCondition condition = sendFINDRequest(m_operationContext, &keys, nullptr);
    if (condition.good())
        qCInfo(lcNet, "C-FIND response from %s: status 0x%04x%s%s, %d match(es)%s", m_peerLabel.c_str(),
               m_findFinalStatus, m_findFailure.empty() ? "" : ": ", m_findFailure.c_str(), m_findMatches,
               m_cancelSent ? ", cancelled" : "");
    if (m_gaveUpAfterCancel) abort();
    if (m_cancelSent)
        throw NetworkError(NetworkError::Kind::Cancelled, m_peerLabel, "query cancelled",
                           NetworkError::Problem::Cancelled);
    check(condition, "C-FIND", m_timeouts.dimseSeconds);
    if (!m_findFailure.empty())
        throw NetworkError(NetworkError::Kind::Status, m_peerLabel, m_findFailure, NetworkError::Problem::FailureStatus,
                           m_findFailureArguments);
}

OFCondition DicomAssociation::handleFINDResponse(const T_ASC_PresentationContextID presID, QRResponse* response,
                                                 OFBool& waitForNextResponse)
{
    waitForNextResponse = OFFalse;
    if (!response) return DIMSE_NULLKEY;
    const bool pending = DICOM_PENDING_STATUS(response->m_status);
    if (pending) ++m_findMatches;
    if (!pending) m_findFinalStatus = response->m_status;
    if (pending && response->m_dataset && !m_cancelSent && m_onMatch) {
        // Answers may come in any character set: UTF-8 from here on (Pulmo's decoder: ISO 2022 and the
        // Japanese sets DCMTK's own conversion lacks included).
        dicom::detail::convertToUtf8(*response->m_dataset);
        m_onMatch(*response->m_dataset);
    } else if (!pending && response->m_status != STATUS_Success &&
               response->m_status != STATUS_FIND_Cancel_MatchingTerminatedDueToCancelRequest) {
        m_findFailure = describeStatus(response->m_status, "C-FIND", response->m_statusDetail);
        m_findFailureArguments = statusArguments(response->m_status, "C-FIND", response->m_statusDetail);
    }
    if (pending && m_cancellation && m_cancellation->isCancelled()) {
        if (!m_cancelSent) {
            sendCANCELRequest(presID);
            m_cancelSent = true;
            m_cancelSentAt = std::chrono::steady_clock::now();
        } else if (std::chrono::steady_clock::now() - m_cancelSentAt > kCancelGrace) {
            m_gaveUpAfterCancel = true;
            return EC_Normal;
        }
    }
    waitForNextResponse = pending ? OFTrue : OFFalse;
    return EC_Normal;
}

bool DicomAssociation::onRetrieveResponse(T_ASC_PresentationContextID presID, RetrieveResponse& response,
                                          const char* service)
{
    const bool pending = DICOM_PENDING_STATUS(response.m_status);
    const int counted = response.m_numberOfCompletedSubops + response.m_numberOfFailedSubops +
                        response.m_numberOfWarningSubops + response.m_numberOfRemainingSubops;
    // Final responses may leave the counters out (PS3.4 C.4.2.1.6); keep the last pending ones then.
    if (pending || counted > 0) {
        m_status.completed = response.m_numberOfCompletedSubops;
        m_status.failed = response.m_numberOfFailedSubops;
        m_status.warning = response.m_numberOfWarningSubops;
        m_status.remaining = pending ? int(response.m_numberOfRemainingSubops) : 0;
    } else {
        m_status.remaining = 0;
    }
    if (!pending) {
        m_status.finalStatus = response.m_status;
        if (response.m_status == STATUS_MOVE_Cancel_SubOperationsTerminatedDueToCancelIndication)
            m_status.cancelled = true;
        if (response.m_status != STATUS_Success) {
            m_status.statusText = describeStatus(response.m_status, service, response.m_statusDetail);
            m_status.statusArguments = statusArguments(response.m_status, service, response.m_statusDetail);
        }
    }
    if (pending)
        qCDebug(lcNet, "%s pending from %s: %d completed, %d remaining, %d failed, %d warning", service,
                m_peerLabel.c_str(), m_status.completed, m_status.remaining, m_status.failed, m_status.warning);
    else
        qCInfo(lcNet, "%s response from %s: status 0x%04x%s%s, %d completed, %d failed, %d warning", service,
               m_peerLabel.c_str(), unsigned(response.m_status), m_status.statusText.empty() ? "" : ": ",
               m_status.statusText.c_str(), m_status.completed, m_status.failed, m_status.warning);
    if (m_progress) m_progress(m_status);
    if (pending && m_cancellation && m_cancellation->isCancelled()) {
        if (!m_cancelSent) {
            sendCANCELRequest(presID);
            m_cancelSent = true;
            m_cancelSentAt = std::chrono::steady_clock::now();
        } else if (std::chrono::steady_clock::now() - m_cancelSentAt > kCancelGrace) {
            // The peer goes on as if it had not heard: stop listening, the caller aborts.
            m_gaveUpAfterCancel = true;
            return false;
        }
    }
    return pending;
}

DicomAssociation::RetrieveStatus DicomAssociation::move(DcmDataset& keys, const std::string& destinationAe,
                                                        const ProgressHandler& progress,
                                                        const Cancellation* cancellation)
{
    resetOperation(cancellation);
    m_progress = progress;
    m_operationContext = findPresentationContextID(UID_MOVEStudyRootQueryRetrieveInformationModel, "");
    if (m_operationContext == 0)
        throw NetworkError(NetworkError::Kind::NoContext, m_peerLabel, "the peer does not offer Study Root C-MOVE",
                           NetworkError::Problem::NoPresentationContext, {"C-MOVE"});
    qCDebug(lcNet, "C-MOVE request to %s: level %s, destination %s", m_peerLabel.c_str(), queryLevel(keys).c_str(),
            destinationAe.c_str());
    return finishRetrieve(sendMOVERequest(m_operationContext, destinationAe.c_str(), &keys, nullptr), "C-MOVE");
}

DicomAssociation::RetrieveStatus DicomAssociation::finishRetrieve(const OFCondition& condition, const char* operation)
{
    if (m_gaveUpAfterCancel) {  // the peer ignored C-CANCEL: the association is abandoned
        abort();
        m_status.cancelled = true;
        return m_status;
    }
    check(condition, operation, m_timeouts.dimseSeconds);
    if (m_cancelSent) m_status.cancelled = true;
    return m_status;
}

OFCondition DicomAssociation::handleMOVEResponse(const T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                                 OFBool& waitForNextResponse)
{
    waitForNextResponse = OFFalse;
    if (!response) return DIMSE_NULLKEY;
    waitForNextResponse = onRetrieveResponse(presID, *response, "C-MOVE") ? OFTrue : OFFalse;
    return EC_Normal;
}

DicomAssociation::RetrieveStatus DicomAssociation::get(DcmDataset& keys, const InstanceWriter& writer,
                                                       const std::function<void(const ReceivedInstance&)>& stored,
                                                       const ProgressHandler& progress,
                                                       const Cancellation* cancellation)
{
    resetOperation(cancellation);
    m_progress = progress;
    m_writer = &writer;
    m_stored = stored;
    m_operationContext = findPresentationContextID(UID_GETStudyRootQueryRetrieveInformationModel, "");
    if (m_operationContext == 0)
        throw NetworkError(NetworkError::Kind::NoContext, m_peerLabel, "the peer does not offer Study Root C-GET",
                           NetworkError::Problem::NoPresentationContext, {"C-GET"});
    qCDebug(lcNet, "C-GET request to %s: level %s", m_peerLabel.c_str(), queryLevel(keys).c_str());
    const OFCondition condition = sendCGETRequest(m_operationContext, &keys, nullptr);
    m_writer = nullptr;
    finishRetrieve(condition, "C-GET");
    if (!m_gaveUpAfterCancel && m_status.statusText.empty() && !m_storeFailure.empty()) {
        m_status.statusText = m_storeFailure;
        m_status.statusProblem = m_storeFailureProblem;
        m_status.statusArguments = m_storeFailureArguments;
    }
    return m_status;
}

OFCondition DicomAssociation::handleCGETResponse(const T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                                 OFBool& continueCGETSession)
{
    continueCGETSession = OFFalse;
    if (!response) return DIMSE_NULLKEY;
    continueCGETSession = onRetrieveResponse(presID, *response, "C-GET") ? OFTrue : OFFalse;
    return EC_Normal;
}

OFCondition DicomAssociation::handleSTORERequest(const T_ASC_PresentationContextID presID, DcmDataset* incomingObject,
                                                 OFBool& continueCGETSession, Uint16& cStoreReturnStatus)
{
    std::unique_ptr<DcmDataset> dataset(incomingObject);  // DcmSCU hands the dataset over to us
    continueCGETSession = OFTrue;
    if (m_cancellation && m_cancellation->isCancelled()) {
        // Peers that send no pending C-GET responses only hear the cancel from here.
        if (!m_cancelSent) {
            sendCANCELRequest(m_operationContext);
            m_cancelSent = true;
            m_cancelSentAt = std::chrono::steady_clock::now();
        } else if (std::chrono::steady_clock::now() - m_cancelSentAt > kCancelGrace) {
            m_gaveUpAfterCancel = true;
            continueCGETSession = OFFalse;
        }
    }
    if (!dataset || !m_writer) {
        cStoreReturnStatus = STATUS_STORE_Error_CannotUnderstand;
        return EC_Normal;
    }
    OFString abstractSyntax, transferSyntax;
    findPresentationContext(presID, abstractSyntax, transferSyntax);
    try {
        const ReceivedInstance instance =
            m_writer->write(std::move(dataset), DcmXfer(transferSyntax.c_str()).getXfer());
        cStoreReturnStatus = STATUS_Success;
        qCDebug(lcNet, "C-STORE sub-operation from %s: %s, %s, %llu bytes, stored", m_peerLabel.c_str(),
                instance.sopInstanceUid.c_str(), uidWithName(transferSyntax).c_str(),
                static_cast<unsigned long long>(instance.bytes));
        if (m_stored) m_stored(instance);
    } catch (const NetworkError& error) {
        qCInfo(lcNet, "C-STORE sub-operation from %s refused (0x%04x): %s", m_peerLabel.c_str(),
               unsigned(STATUS_STORE_Refused_OutOfResources), error.what());
        m_storeFailure = error.reason();
        m_storeFailureProblem = error.problem();
        m_storeFailureArguments = error.arguments();
        cStoreReturnStatus = STATUS_STORE_Refused_OutOfResources;
    }
    return EC_Normal;
}

}  // namespace pulmo::net::detail
