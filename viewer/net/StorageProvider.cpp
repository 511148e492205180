#include "net/StorageProvider.h"

#include "net/DcmtkNetwork.h"
#include "net/NetworkLogging.h"
#include "net/TransferSyntaxes.h"

#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/dimse.h>

namespace pulmo::net::detail {

StorageProvider::StorageProvider(const StorageScpOptions& options, const InstanceWriter& writer,
                                 std::function<void(const ReceivedInstance&)> stored, std::function<void()> refused,
                                 const std::atomic<bool>& stopRequested)
    : m_options(options),
      m_writer(writer),
      m_stored(std::move(stored)),
      m_refused(std::move(refused)),
      m_stopRequested(stopRequested)
{
    setAETitle(m_options.aeTitle.c_str());
    setPort(m_options.port);
    setMaxReceivePDULength(ASC_MAXIMUMPDUSIZE);
    // Wake up every second without a connection to see whether stop() was called.
    setConnectionBlockingMode(DUL_NOBLOCK);
    setConnectionTimeout(1);
    setDIMSEBlockingMode(DIMSE_NONBLOCKING);
    setDIMSETimeout(Uint32(std::max(1, m_options.timeouts.dimseSeconds)));
    setACSETimeout(Uint32(std::max(1, m_options.timeouts.acseSeconds)));
    setHostLookupEnabled(OFFalse);  // a reverse DNS look-up per association buys nothing here
    setProgressNotificationMode(OFFalse);
    setEnableVerification();
    OFList<OFString> syntaxes;
    for (const std::string& syntax : acceptedTransferSyntaxes()) syntaxes.push_back(syntax.c_str());
    for (const std::string& sopClass : acceptedStorageSopClasses()) addPresentationContext(sopClass.c_str(), syntaxes);
}

OFCondition StorageProvider::handleIncomingCommand(T_DIMSE_Message* incomingMsg,
                                                   const DcmPresentationContextInfo& presInfo)
{
    // Ending the association here (a bad condition makes DcmSCP abort it) is how stop() interrupts a transfer.
    if (m_stopRequested.load()) return DUL_PEERABORTEDASSOCIATION;
    if (incomingMsg->CommandField != DIMSE_C_STORE_RQ) return DcmSCP::handleIncomingCommand(incomingMsg, presInfo);

    T_DIMSE_C_StoreRQ& request = incomingMsg->msg.CStoreRQ;
    DcmDataset* received = nullptr;
    // In memory first: nothing reaches the disk until the whole dataset is here.
    const OFCondition condition = receiveSTORERequest(request, presInfo.presentationContextID, received);
    std::unique_ptr<DcmDataset> dataset(received);
    if (condition.bad()) return condition;  // the peer went away mid-dataset: nothing is written

    Uint16 status = STATUS_Success;
    const std::string announced = request.AffectedSOPInstanceUID;
    if (stringValue(*dataset, 0x0008, 0x0018) != announced) {
        status = STATUS_STORE_Error_DataSetDoesNotMatchSOPClass;
        ++m_refusedHere;
        qCInfo(lcNet, "C-STORE from %s refused (0x%04x): the dataset is not the instance announced",
               peerLabel().c_str(), unsigned(status));
        qCDebug(lcNet, "C-STORE from %s: announced %s", peerLabel().c_str(), announced.c_str());
        m_refused();
    } else {
        try {
            const ReceivedInstance instance =
                m_writer.write(std::move(dataset), DcmXfer(presInfo.acceptedTransferSyntax.c_str()).getXfer());
            ++m_storedHere;
            qCDebug(lcNet, "C-STORE from %s: %s, %s, %llu bytes, stored", peerLabel().c_str(), announced.c_str(),
                    presInfo.acceptedTransferSyntax.c_str(), static_cast<unsigned long long>(instance.bytes));
            m_stored(instance);
        } catch (const NetworkError& error) {
            status = STATUS_STORE_Refused_OutOfResources;
            ++m_refusedHere;
            // A warning: the peer hears the status, nobody here does (the counter aside). The reason
            // names the storage path (study and SOP UIDs): at debug only.
            qCWarning(lcNet, "C-STORE from %s refused (0x%04x): the instance could not be stored", peerLabel().c_str(),
                      unsigned(status));
            qCDebug(lcNet, "C-STORE from %s refused: %s", peerLabel().c_str(), error.what());
            m_refused();
        }
    }
    return sendSTOREResponse(presInfo.presentationContextID, request, status);
}

OFBool StorageProvider::checkCalledAETitleAccepted(const OFString& calledAE)
{
    if (!m_options.requireCalledAeTitle) return OFTrue;
    std::string called = calledAE.c_str();
    while (!called.empty() && called.back() == ' ') called.pop_back();
    if (called == m_options.aeTitle) return OFTrue;
    qCInfo(lcNet, "Storage SCP %s: association from %s rejected: it called AE title '%s'", m_options.aeTitle.c_str(),
           peerLabel().c_str(), called.c_str());
    return OFFalse;
}

std::string StorageProvider::peerLabel() const
{
    return std::string(getPeerAETitle().c_str()) + " at " + getPeerIP().c_str();
}

void StorageProvider::notifyAssociationAcknowledge()
{
    DcmSCP::notifyAssociationAcknowledge();
    m_storedHere = 0;
    m_refusedHere = 0;
    qCInfo(lcNet, "Storage SCP %s (port %d): association from %s accepted", m_options.aeTitle.c_str(),
           int(m_options.port), peerLabel().c_str());
}

void StorageProvider::notifyAssociationTermination()
{
    DcmSCP::notifyAssociationTermination();
    qCInfo(lcNet, "Storage SCP %s: association from %s ended: %d instance(s) stored, %d refused",
           m_options.aeTitle.c_str(), peerLabel().c_str(), m_storedHere, m_refusedHere);
}

OFBool StorageProvider::stopAfterConnectionTimeout()
{
    return m_stopRequested.load() ? OFTrue : OFFalse;
}

OFBool StorageProvider::stopAfterCurrentAssociation()
{
    return m_stopRequested.load() ? OFTrue : OFFalse;
}

}  // namespace pulmo::net::detail
