#include "net/StorageProvider.h"

#include "net/DcmtkNetwork.h"
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
        m_refused();
    } else {
        try {
            const ReceivedInstance instance =
                m_writer.write(std::move(dataset), DcmXfer(presInfo.acceptedTransferSyntax.c_str()).getXfer());
            m_stored(instance);
        } catch (const NetworkError&) {
            status = STATUS_STORE_Refused_OutOfResources;
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
    return called == m_options.aeTitle ? OFTrue : OFFalse;
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
