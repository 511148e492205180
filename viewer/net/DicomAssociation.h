#pragma once
// Private to viewer/net: one association with a peer, on DCMTK's DcmSCU. Like Orthanc's
// DicomAssociation it is the single place where DCMTK conditions become NetworkError (check()),
// with the peer's AE title and address in every message. Owned and used by one thread at a time.

#include "net/Cancellation.h"
#include "net/DcmtkNetwork.h"
#include "net/InstanceWriter.h"
#include "net/PacsPeer.h"
#include "net/RetrieveResult.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmnet/scu.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pulmo::net::detail {

class DicomAssociation : public DcmSCU {
public:
    DicomAssociation(const PacsPeer& peer, std::string callingAeTitle, const NetworkTimeouts& timeouts);
    /// Aborts an association still open. Never throws.
    ~DicomAssociation() override;

    // Services to propose, before open().
    void proposeVerification();
    void proposeStudyRootFind();
    void proposeStudyRootMove();
    /// C-GET and the storage contexts (SCP role) that its sub-operations need.
    void proposeStudyRootGet();
    /// One storage context (SCU role): `sopClass` with `transferSyntaxes`, our preference first.
    /// Returns the id DcmSCU gives it (1, 3, 5, ... in the order proposed), 0 when 128 are proposed.
    T_ASC_PresentationContextID proposeStorage(const std::string& sopClass,
                                               const std::vector<std::string>& transferSyntaxes);

    /// Connects and negotiates. Throws NetworkError: Unreachable, Timeout, Rejected (with the
    /// reason), NoContext, Tls.
    void open();
    /// Releases (or, failing that, aborts) the association. Never throws.
    void close() noexcept;
    /// Aborts the association. Never throws.
    void abort() noexcept;
    bool isOpen() const { return isConnected(); }

    /// C-ECHO; throws NetworkError.
    void echo();

    /// Study Root C-FIND with `keys`; `onMatch` gets each pending answer. Sends C-CANCEL when
    /// `cancellation` says so and then throws NetworkError(Cancelled). Throws NetworkError(Status)
    /// with the peer's status and comment verbatim when it answers with a failure.
    void find(DcmDataset& keys, const std::function<void(DcmDataset&)>& onMatch, const Cancellation* cancellation);

    /// The counters and status of one C-MOVE or C-GET.
    struct RetrieveStatus {
        unsigned finalStatus = 0;
        std::string statusText;  ///< describeStatus() of the final response when not Success
        NetworkError::Problem statusProblem = NetworkError::Problem::FailureStatus;  ///< when statusText is not empty
        std::vector<std::string> statusArguments;  ///< the problem's parameters (see NetworkError::Problem)
        bool cancelled = false;
        int completed = 0;
        int remaining = -1;
        int failed = 0;
        int warning = 0;
    };
    using ProgressHandler = std::function<void(const RetrieveStatus&)>;

    /// C-MOVE of `keys` to `destinationAe`. Progress after each pending response. On cancellation
    /// sends C-CANCEL and waits a short while for the final response (aborting if none comes).
    /// Throws NetworkError when the association fails; a failure status is returned, not thrown.
    RetrieveStatus move(DcmDataset& keys, const std::string& destinationAe, const ProgressHandler& progress,
                        const Cancellation* cancellation);

    /// C-GET of `keys`; each C-STORE sub-operation is written by `writer`, reported to `stored`.
    RetrieveStatus get(DcmDataset& keys, const InstanceWriter& writer,
                       const std::function<void(const ReceivedInstance&)>& stored, const ProgressHandler& progress,
                       const Cancellation* cancellation);

    /// The accepted context that carries what was proposed as `proposedId` (the peer may have
    /// accepted the same SOP class and transfer syntax on another id), with its transfer syntax;
    /// 0 when the peer refused it.
    T_ASC_PresentationContextID acceptedContext(T_ASC_PresentationContextID proposedId, std::string& transferSyntax);

    /// The C-STORE response: status, and describeStatus() of it.
    struct StoreResponse {
        unsigned status = 0;
        std::string statusText;
    };
    /// C-STORE of `dataset` (already in the context's transfer syntax) on context `contextId`.
    /// Throws NetworkError when the association fails; any status is returned, not thrown.
    StoreResponse store(T_ASC_PresentationContextID contextId, DcmDataset& dataset, const std::string& sopClassUid,
                        const std::string& sopInstanceUid);

    /// "AET@HOST:PORT"
    const std::string& peerLabel() const { return m_peerLabel; }

    /// Throws the NetworkError for `condition` when it is bad.
    void check(const OFCondition& condition, const std::string& doing, int timeoutSeconds) const;

protected:
    OFCondition handleFINDResponse(const T_ASC_PresentationContextID presID, QRResponse* response,
                                   OFBool& waitForNextResponse) override;
    OFCondition handleMOVEResponse(const T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                   OFBool& waitForNextResponse) override;
    OFCondition handleCGETResponse(const T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                   OFBool& continueCGETSession) override;
    OFCondition handleSTORERequest(const T_ASC_PresentationContextID presID, DcmDataset* incomingObject,
                                   OFBool& continueCGETSession, Uint16& cStoreReturnStatus) override;

private:
    /// DcmSCU keeps the A-ASSOCIATE-RJ parameters to itself; ask once more with the plain ASC API to learn why.
    std::string askRejectReason(std::vector<std::string>& arguments);
    /// pulmo.net: the contexts the peer accepted (debug) and that the association stands (info).
    void logAcceptedContexts();
    /// Records a retrieve response; sends C-CANCEL when asked. Returns false to stop waiting.
    bool onRetrieveResponse(T_ASC_PresentationContextID presID, RetrieveResponse& response, const char* service);
    void resetOperation(const Cancellation* cancellation);
    /// The end of a C-MOVE or C-GET: abandoned after an ignored C-CANCEL, or the condition checked.
    RetrieveStatus finishRetrieve(const OFCondition& condition, const char* operation);

    PacsPeer m_peer;
    std::string m_callingAe;
    NetworkTimeouts m_timeouts;
    std::string m_peerLabel;
    std::unique_ptr<DcmTransportLayer> m_tls;  // outlives the association that uses it

    // The operation in progress (one at a time).
    const Cancellation* m_cancellation = nullptr;
    bool m_cancelSent = false;
    bool m_gaveUpAfterCancel = false;
    std::chrono::steady_clock::time_point m_cancelSentAt;
    T_ASC_PresentationContextID m_operationContext = 0;
    RetrieveStatus m_status;
    ProgressHandler m_progress;
    std::function<void(DcmDataset&)> m_onMatch;
    std::string m_findFailure;
    std::vector<std::string> m_findFailureArguments;
    int m_proposedContexts = 0;      // how many proposeStorage() (and the other propose*()) added
    Uint16 m_storeMessageId = 0;     // DcmSCU keeps its own counter private
    int m_findMatches = 0;           // pending C-FIND responses, for the log
    unsigned m_findFinalStatus = 0;  // the final C-FIND response's status
    const InstanceWriter* m_writer = nullptr;
    std::function<void(const ReceivedInstance&)> m_stored;
    std::string m_storeFailure;
    NetworkError::Problem m_storeFailureProblem = NetworkError::Problem::Other;
    std::vector<std::string> m_storeFailureArguments;
};

}  // namespace pulmo::net::detail
