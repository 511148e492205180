#pragma once
// Private to viewer/net: the DCMTK side of StorageScp, a DcmSCP that stores each C-STORE through
// InstanceWriter and answers C-ECHO. Lives on the StorageScp's thread.

#include "net/InstanceWriter.h"
#include "net/StorageScp.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmnet/scp.h>

#include <atomic>
#include <functional>
#include <string>

namespace pulmo::net::detail {

class StorageProvider : public DcmSCP {
public:
    /// `stopRequested` is read between associations, commands and connection time-outs.
    StorageProvider(const StorageScpOptions& options, const InstanceWriter& writer,
                    std::function<void(const ReceivedInstance&)> stored, std::function<void()> refused,
                    const std::atomic<bool>& stopRequested);

protected:
    OFCondition handleIncomingCommand(T_DIMSE_Message* incomingMsg,
                                      const DcmPresentationContextInfo& presInfo) override;
    OFBool checkCalledAETitleAccepted(const OFString& calledAE) override;
    OFBool stopAfterConnectionTimeout() override;
    OFBool stopAfterCurrentAssociation() override;
    void notifyAssociationAcknowledge() override;
    void notifyAssociationTermination() override;

private:
    /// "AE at 1.2.3.4", for the log.
    std::string peerLabel() const;

    StorageScpOptions m_options;
    const InstanceWriter& m_writer;
    std::function<void(const ReceivedInstance&)> m_stored;
    std::function<void()> m_refused;
    const std::atomic<bool>& m_stopRequested;
    // This association's arrivals, for the log.
    int m_storedHere = 0;
    int m_refusedHere = 0;
};

}  // namespace pulmo::net::detail
