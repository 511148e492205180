#pragma once
// Private to viewer/net: the DCMTK side of StorageScp, a DcmSCP that stores each C-STORE through
// InstanceWriter and answers C-ECHO. It offers only the configured SOP classes, rejects callers
// outside --accept-from, and asks its owner before writing (admit) and after (commit); what the
// owner refuses is answered with the owner's status and comment and not kept. Lives on the
// StorageScp's thread.

#include "net/InstanceWriter.h"
#include "net/ListenSocket.h"
#include "net/StorageScp.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmnet/scp.h>

#include <atomic>
#include <functional>
#include <optional>
#include <set>
#include <string>

namespace pulmo::net::detail {

/// What the provider calls back into its StorageScp (on the SCP's thread).
struct StorageHooks {
    StorageScp::AdmitCallback admit;    ///< may be empty: admit everything
    StorageScp::CommitCallback commit;  ///< may be empty: the file under its name is enough
    std::function<void(const ReceivedInstance&)> stored;
    std::function<void()> refused;
    StorageScp::RefusalCallback refusal;  ///< may be empty
};

/// The free bytes of the file system holding `folder` (for an unprivileged writer); nullopt when it
/// cannot be asked.
std::optional<uint64_t> freeBytes(const std::string& folder);

/// What the owner decides on about a received dataset: its UIDs, modality and body part, size.
/// `announced` is the C-STORE request's Affected SOP Instance UID, `requestSopClass` its Affected
/// SOP Class UID (used when the dataset names none). Reads nothing but the dataset (the fuzz target
/// fuzz_storage_dataset feeds it arbitrary ones).
IncomingInstance incomingInstance(DcmDataset& dataset, E_TransferSyntax syntax, const std::string& announced,
                                  const std::string& requestSopClass);

class StorageProvider : public DcmSCP {
public:
    /// `stopRequested` is read between associations, commands and connection time-outs. `callers`
    /// is the resolved --accept-from (empty: anyone).
    StorageProvider(const StorageScpOptions& options, const InstanceWriter& writer, CallerFilter callers,
                    StorageHooks hooks, const std::atomic<bool>& stopRequested);

protected:
    OFCondition handleIncomingCommand(T_DIMSE_Message* incomingMsg,
                                      const DcmPresentationContextInfo& presInfo) override;
    void notifyAssociationRequest(const T_ASC_Parameters& params, DcmSCPActionType& desiredAction) override;
    OFBool checkCalledAETitleAccepted(const OFString& calledAE) override;
    OFBool checkCallingAETitleAccepted(const OFString& callingAE) override;
    OFCondition negotiateAssociation() override;
    OFBool stopAfterConnectionTimeout() override;
    OFBool stopAfterCurrentAssociation() override;
    void notifyAssociationAcknowledge() override;
    void notifyAssociationTermination() override;

private:
    /// "AE at 1.2.3.4", for the log.
    std::string peerLabel() const;
    /// Answers a C-STORE with `status` and, when not empty, `comment` as Error Comment (0000,0902).
    OFCondition respond(const DcmPresentationContextInfo& presInfo, const T_DIMSE_C_StoreRQ& request, uint16_t status,
                        const std::string& comment);
    /// Counts and logs a refusal, then answers it.
    OFCondition refuse(const DcmPresentationContextInfo& presInfo, const T_DIMSE_C_StoreRQ& request,
                       StoreDecision decision, const char* stage);
    /// Calls admit or commit; an exception becomes 0xA700 with a comment.
    static StoreDecision decide(const std::function<StoreDecision()>& call, const char* stage);
    /// Logs, once for this association, every SOP class it proposed that is not accepted here.
    void logRefusedClasses();
    /// Tells the refusal listener (when there is one); never throws.
    void report(ScpRefusal::Kind kind, const std::string& reason, const std::string& sopInstanceUid = {});

    StorageScpOptions m_options;
    const InstanceWriter& m_writer;
    CallerFilter m_callers;
    StorageHooks m_hooks;
    const std::atomic<bool>& m_stopRequested;
    std::set<std::string> m_acceptedClasses;  // empty: every storage class (no filter)
    bool m_chestOnly = false;                 // m_acceptedClasses are chest radiography classes
    // The association being negotiated (DcmSCP owns it; valid until notifyAssociationTermination()).
    const T_ASC_Parameters* m_request = nullptr;
    std::string m_peerAddress;       // the caller's IP address, numeric
    bool m_listensOnIpv6 = false;    // DCMTK cannot tell an IPv6 caller's address
    bool m_acknowledged = false;     // this association was accepted
    bool m_rejectionLogged = false;  // ... or its rejection was logged with the reason
    // This association's arrivals, for the log.
    int m_storedHere = 0;
    int m_refusedHere = 0;
    std::set<int> m_reportedHere;  // the ScpRefusal kinds reported for this association
};

}  // namespace pulmo::net::detail
