#include "net/StorageProvider.h"

#include "net/DcmtkNetwork.h"
#include "net/NetworkLogging.h"
#include "net/TransferSyntaxes.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/dimse.h>

#include <algorithm>
#include <cstdio>
#include <exception>

#include <sys/statvfs.h>

namespace pulmo::net::detail {
namespace {

/// Error Comment (0000,0902) is LO: at most 64 characters, no backslash, no control characters.
std::string errorComment(const std::string& text)
{
    std::string comment = text.substr(0, 64);
    for (char& c : comment)
        if (c == '\\' || static_cast<unsigned char>(c) < 0x20) c = ' ';
    return trimmed(comment);
}

/// A C-STORE status the peer reads as "not stored". A warning (0x0001, 0xBxxx) or success would tell
/// it that we keep an instance that we threw away.
bool isFailureStatus(uint16_t status)
{
    return status != 0x0000 && status != 0x0001 && (status & 0xF000) != 0xB000 && status != 0xFF00 && status != 0xFF01;
}

/// How many refused SOP classes the association's log line names (the rest are counted).
constexpr size_t kRefusedClassesNamed = 4;

const char* sopClassName(const std::string& uid)
{
    return dcmFindNameOfUID(uid.c_str(), "unknown SOP class");
}

}  // namespace

std::optional<uint64_t> freeBytes(const std::string& folder)
{
    struct statvfs info {};
    if (::statvfs(folder.c_str(), &info) != 0) return std::nullopt;
    return uint64_t(info.f_bavail) * uint64_t(info.f_frsize);
}

IncomingInstance incomingInstance(DcmDataset& dataset, E_TransferSyntax syntax, const std::string& announced,
                                  const std::string& requestSopClass)
{
    IncomingInstance incoming;
    incoming.sopInstanceUid = announced;
    incoming.sopClassUid = stringValue(dataset, 0x0008, 0x0016);
    if (incoming.sopClassUid.empty()) incoming.sopClassUid = requestSopClass;
    incoming.studyInstanceUid = stringValue(dataset, 0x0020, 0x000D);
    incoming.modality = trimmed(stringValue(dataset, 0x0008, 0x0060));
    incoming.bodyPartExamined = trimmed(stringValue(dataset, 0x0018, 0x0015));
    incoming.bytes = dataset.getLength(syntax == EXS_Unknown ? EXS_LittleEndianExplicit : syntax);
    return incoming;
}

StorageProvider::StorageProvider(const StorageScpOptions& options, const InstanceWriter& writer, CallerFilter callers,
                                 StorageHooks hooks, const std::atomic<bool>& stopRequested)
    : m_options(options),
      m_writer(writer),
      m_callers(std::move(callers)),
      m_hooks(std::move(hooks)),
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
    m_listensOnIpv6 = m_options.listenAddress.find(':') != std::string::npos;
    OFList<OFString> syntaxes;
    for (const std::string& syntax : acceptedTransferSyntaxes()) syntaxes.push_back(syntax.c_str());
    // Only the classes configured get a context: DCMTK answers any other with "abstract syntax not
    // supported", which the peer reports as that class refused.
    const std::vector<std::string> classes =
        m_options.sopClasses.empty() ? acceptedStorageSopClasses() : m_options.sopClasses;
    const std::vector<std::string> chest = chestRadiographySopClasses(true);
    m_chestOnly = !m_options.sopClasses.empty();
    for (const std::string& sopClass : classes) {
        if (!m_acceptedClasses.insert(sopClass).second) continue;
        addPresentationContext(sopClass.c_str(), syntaxes);
        if (std::find(chest.begin(), chest.end(), sopClass) == chest.end()) m_chestOnly = false;
    }
    if (m_options.sopClasses.empty()) m_acceptedClasses.clear();  // no filter: nothing to log
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
    OFCondition condition = EC_IllegalCall;
    try {
        condition = receiveSTORERequest(request, presInfo.presentationContextID, received);
    } catch (const std::exception& error) {
        // DCMTK 3.6.7 throws std::out_of_range while reading a Directory Record Sequence with a
        // malformed record type (fuzz_deidentify found it): a crafted dataset must not end this
        // thread, and with it the receiver. The association is aborted; the partial dataset is
        // DCMTK's to leak.
        qCWarning(lcNet, "C-STORE from %s: the dataset could not be read (%s); association aborted",
                  peerLabel().c_str(), error.what());
        return DIMSE_RECEIVEFAILED;
    }
    std::unique_ptr<DcmDataset> dataset(received);
    if (condition.bad()) return condition;  // the peer went away mid-dataset: nothing is written

    const std::string announced = request.AffectedSOPInstanceUID;
    if (!dataset || stringValue(*dataset, 0x0008, 0x0018) != announced) {
        qCDebug(lcNet, "C-STORE from %s: announced %s", peerLabel().c_str(), announced.c_str());
        return refuse(presInfo, request, {STATUS_STORE_Error_DataSetDoesNotMatchSOPClass, {}},
                      "the dataset is not the instance announced");
    }

    const E_TransferSyntax syntax = DcmXfer(presInfo.acceptedTransferSyntax.c_str()).getXfer();
    IncomingInstance incoming = incomingInstance(*dataset, syntax, announced, request.AffectedSOPClassUID);
    incoming.callingAeTitle = trimmed(getPeerAETitle().c_str());
    incoming.callingHost = m_peerAddress;

    if (m_hooks.admit) {
        const StoreDecision admitted = decide([&] { return m_hooks.admit(incoming); }, "admission");
        if (!admitted.accepted()) return refuse(presInfo, request, admitted, "not admitted");
    }

    if (m_options.minimumFreeBytes > 0) {
        // The dataset's own length plus what DCMTK adds (meta header, padding): a little margin.
        const uint64_t needed = m_options.minimumFreeBytes + incoming.bytes + 64 * 1024;
        const std::optional<uint64_t> free = freeBytes(m_writer.root());
        if (free && *free < needed) {
            qCWarning(lcNet, "C-STORE from %s refused: %llu MiB free in %s, the watermark is %llu MiB",
                      peerLabel().c_str(), static_cast<unsigned long long>(*free >> 20), m_writer.root().c_str(),
                      static_cast<unsigned long long>(m_options.minimumFreeBytes >> 20));
            report(ScpRefusal::Kind::DiskNearlyFull,
                   "the disk is nearly full: " + std::to_string(*free >> 20) + " MiB free, the watermark is " +
                       std::to_string(m_options.minimumFreeBytes >> 20) + " MiB",
                   announced);
            return refuse(presInfo, request, {STATUS_STORE_Refused_OutOfResources, "disk nearly full"}, "not stored");
        }
    }

    ReceivedInstance instance;
    try {
        instance = m_writer.write(std::move(dataset), syntax);
    } catch (const NetworkError& error) {
        // The reason names the storage path (study and SOP UIDs): at debug only.
        qCDebug(lcNet, "C-STORE from %s refused: %s", peerLabel().c_str(), error.what());
        qCWarning(lcNet, "C-STORE from %s: the instance could not be stored", peerLabel().c_str());
        report(ScpRefusal::Kind::NotStored, "the instance could not be written (disk full or an I/O error)", announced);
        return refuse(presInfo, request, {STATUS_STORE_Refused_OutOfResources, "cannot store the instance"},
                      "not stored");
    }

    if (m_hooks.commit) {
        const StoreDecision committed = decide([&] { return m_hooks.commit(incoming, instance); }, "commit");
        if (!committed.accepted()) {
            // Not durable for the owner, so not ours to keep: a retry by the peer starts afresh.
            if (std::remove(instance.filePath.c_str()) != 0)
                qCWarning(lcNet, "C-STORE from %s: an instance not committed could not be removed",
                          peerLabel().c_str());
            qCDebug(lcNet, "C-STORE from %s: removed %s", peerLabel().c_str(), instance.filePath.c_str());
            return refuse(presInfo, request, committed, "not committed");
        }
    }

    ++m_storedHere;
    qCDebug(lcNet, "C-STORE from %s: %s, %s, %llu bytes, stored", peerLabel().c_str(), announced.c_str(),
            presInfo.acceptedTransferSyntax.c_str(), static_cast<unsigned long long>(instance.bytes));
    m_hooks.stored(instance);
    return respond(presInfo, request, STATUS_Success, {});
}

StoreDecision StorageProvider::decide(const std::function<StoreDecision()>& call, const char* stage)
{
    StoreDecision decision;
    try {
        decision = call();
    } catch (const std::exception& error) {
        qCWarning(lcNet, "Storage SCP: the %s failed: %s", stage, error.what());
        return {STATUS_STORE_Refused_OutOfResources, std::string(stage) + " failed"};
    } catch (...) {
        qCWarning(lcNet, "Storage SCP: the %s failed", stage);
        return {STATUS_STORE_Refused_OutOfResources, std::string(stage) + " failed"};
    }
    if (!decision.accepted() && !isFailureStatus(decision.status)) {
        qCWarning(lcNet, "Storage SCP: the %s refused with 0x%04x, not a failure status; answering 0xA700", stage,
                  unsigned(decision.status));
        decision.status = STATUS_STORE_Refused_OutOfResources;
    }
    return decision;
}

OFCondition StorageProvider::refuse(const DcmPresentationContextInfo& presInfo, const T_DIMSE_C_StoreRQ& request,
                                    StoreDecision decision, const char* stage)
{
    ++m_refusedHere;
    const std::string comment = errorComment(decision.comment);
    qCInfo(lcNet, "C-STORE from %s refused (0x%04x), %s%s%s", peerLabel().c_str(), unsigned(decision.status), stage,
           comment.empty() ? "" : ": ", comment.c_str());
    m_hooks.refused();
    return respond(presInfo, request, decision.status, comment);
}

OFCondition StorageProvider::respond(const DcmPresentationContextInfo& presInfo, const T_DIMSE_C_StoreRQ& request,
                                     uint16_t status, const std::string& comment)
{
    if (comment.empty()) return sendSTOREResponse(presInfo.presentationContextID, request, status);
    DcmDataset detail;
    detail.putAndInsertString(DCM_ErrorComment, comment.c_str());
    return sendSTOREResponse(presInfo.presentationContextID, request.MessageID, request.AffectedSOPClassUID,
                             request.AffectedSOPInstanceUID, status, &detail);
}

void StorageProvider::notifyAssociationRequest(const T_ASC_Parameters& params, DcmSCPActionType& desiredAction)
{
    DcmSCP::notifyAssociationRequest(params, desiredAction);
    m_request = &params;
    m_peerAddress = getPeerIP().c_str();
    // DCMTK 3.6.7 reads the caller's address into an IPv4 structure: an IPv6 caller's is read
    // from the connection itself.
    if (m_listensOnIpv6)
        if (const std::optional<std::string> peer = connectedPeerAddress(getConfig().getPort())) m_peerAddress = *peer;
}

OFBool StorageProvider::checkCalledAETitleAccepted(const OFString& calledAE)
{
    if (!m_options.requireCalledAeTitle) return OFTrue;
    const std::string called = trimmed(calledAE.c_str());
    if (called == m_options.aeTitle) return OFTrue;
    m_rejectionLogged = true;
    qCInfo(lcNet, "Storage SCP %s: association from %s rejected: it called AE title '%s'", m_options.aeTitle.c_str(),
           peerLabel().c_str(), called.c_str());
    report(ScpRefusal::Kind::WrongCalledAeTitle, "it called the AE title '" + called + "'");
    return OFFalse;
}

OFBool StorageProvider::checkCallingAETitleAccepted(const OFString& callingAE)
{
    // The host is checked here too, not in checkCallingHostAccepted(): the peer hears one reason
    // ("calling AE title not recognised") whichever half of AET@HOST did not match.
    if (m_callers.accepts(callingAE.c_str(), m_peerAddress)) return OFTrue;
    m_rejectionLogged = true;
    qCInfo(lcNet, "Storage SCP %s: association from %s rejected: not an accepted caller", m_options.aeTitle.c_str(),
           peerLabel().c_str());
    report(ScpRefusal::Kind::CallerNotAccepted, "not an accepted caller (calling AE title and host)");
    return OFFalse;
}

OFCondition StorageProvider::negotiateAssociation()
{
    const OFCondition result = DcmSCP::negotiateAssociation();
    logRefusedClasses();
    return result;
}

void StorageProvider::logRefusedClasses()
{
    if (m_acceptedClasses.empty() || !m_request) return;
    auto* params = const_cast<T_ASC_Parameters*>(m_request);
    std::set<std::string> refused;
    const int count = ASC_countPresentationContexts(params);
    for (int i = 0; i < count; ++i) {
        T_ASC_PresentationContext context;
        if (ASC_getPresentationContext(params, i, &context).bad()) continue;
        const std::string sopClass = context.abstractSyntax;
        if (sopClass == UID_VerificationSOPClass || m_acceptedClasses.count(sopClass)) continue;
        refused.insert(sopClass);
    }
    if (refused.empty()) return;
    // One line per association: storescu, say, proposes a hundred classes at a time.
    std::string named;
    size_t shown = 0;
    for (const std::string& sopClass : refused) {
        if (shown == kRefusedClassesNamed) break;
        named += (shown++ ? ", " : "") + sopClass + " [" + sopClassName(sopClass) + "]";
    }
    if (refused.size() > shown) named += " and " + std::to_string(refused.size() - shown) + " more";
    qCInfo(lcNet, "Storage SCP %s: association from %s: refused SOP class%s %s (%s)", m_options.aeTitle.c_str(),
           peerLabel().c_str(), refused.size() == 1 ? "" : "es", named.c_str(),
           m_chestOnly ? "not chest radiography" : "not accepted here");
    std::string all;
    for (const std::string& sopClass : refused) all += (all.empty() ? "" : " ") + sopClass;
    qCDebug(lcNet, "Storage SCP %s: refused SOP classes: %s", m_options.aeTitle.c_str(), all.c_str());
}

void StorageProvider::report(ScpRefusal::Kind kind, const std::string& reason, const std::string& sopInstanceUid)
{
    if (!m_hooks.refusal) return;
    // Once per kind and association: a study of 500 images refused for a full disk is one report
    // (the log's end-of-association line counts them all), not 500 rows on that same full disk.
    if (!m_reportedHere.insert(int(kind)).second) return;
    ScpRefusal refusal;
    refusal.kind = kind;
    refusal.callingAeTitle = trimmed(getPeerAETitle().c_str());
    refusal.callingHost = m_peerAddress;
    if (m_request) refusal.calledAeTitle = trimmed(m_request->DULparams.calledAPTitle);
    refusal.sopInstanceUid = sopInstanceUid;
    refusal.reason = reason;
    try {
        m_hooks.refusal(refusal);
    } catch (const std::exception& error) {
        qCWarning(lcNet, "Storage SCP: the refusal listener failed: %s", error.what());
    } catch (...) {
        qCWarning(lcNet, "Storage SCP: the refusal listener failed");
    }
}

std::string StorageProvider::peerLabel() const
{
    return trimmed(getPeerAETitle().c_str()) + " at " + m_peerAddress;
}

void StorageProvider::notifyAssociationAcknowledge()
{
    DcmSCP::notifyAssociationAcknowledge();
    m_acknowledged = true;
    m_storedHere = 0;
    m_refusedHere = 0;
    qCInfo(lcNet, "Storage SCP %s (port %d): association from %s accepted", m_options.aeTitle.c_str(),
           int(m_options.port), peerLabel().c_str());
}

void StorageProvider::notifyAssociationTermination()
{
    DcmSCP::notifyAssociationTermination();
    if (m_acknowledged)
        qCInfo(lcNet, "Storage SCP %s: association from %s ended: %d instance(s) stored, %d refused",
               m_options.aeTitle.c_str(), peerLabel().c_str(), m_storedHere, m_refusedHere);
    else if (!m_rejectionLogged && m_request &&
             ASC_countAcceptedPresentationContexts(const_cast<T_ASC_Parameters*>(m_request)) == 0)
        qCInfo(lcNet, "Storage SCP %s: association from %s rejected: none of the SOP classes it proposed is accepted",
               m_options.aeTitle.c_str(), peerLabel().c_str());
    m_request = nullptr;
    m_acknowledged = false;
    m_rejectionLogged = false;
    m_reportedHere.clear();
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
