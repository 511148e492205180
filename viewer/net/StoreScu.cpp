#include "net/StoreScu.h"

#include "net/DicomAssociation.h"
#include "net/NetworkLogging.h"

#include <dcmtk/dcmdata/dccodec.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmnet/dimse.h>

#include <algorithm>
#include <map>
#include <utility>

namespace pulmo::net {
namespace {

/// What the first pass learnt of one file.
struct FileHeader {
    std::string sopClassUid;
    std::string sopInstanceUid;
    std::string studyInstanceUid;
    E_TransferSyntax transferSyntax = EXS_Unknown;
};

std::string uidName(const std::string& uid)
{
    const char* name = dcmFindNameOfUID(uid.c_str(), nullptr);
    return name ? std::string(name) + " (" + uid + ")" : uid;
}

/// Loads `path`; the reason in `reason` when it is no DICOM file Pulmo can read.
std::unique_ptr<DcmFileFormat> loadFile(const std::string& path, std::string& reason)
{
    auto file = std::make_unique<DcmFileFormat>();
    // Large values stay in the file until they are written to the network (DCMTK reads them on demand).
    OFCondition loaded = EC_IllegalCall;
    try {
        loaded = file->loadFile(path.c_str(), EXS_Unknown, EGL_noChange, 4096, ERM_autoDetect);
    } catch (const std::exception& error) {  // DCMTK 3.6.7 can throw on a damaged file
        reason = path + ": not a readable DICOM file (" + error.what() + ")";
        return nullptr;
    }
    if (loaded.bad()) {
        reason = path + ": not a readable DICOM file (" + loaded.text() + ")";
        return nullptr;
    }
    return file;
}

bool readHeader(const std::string& path, FileHeader& header, std::string& reason)
{
    const std::unique_ptr<DcmFileFormat> file = loadFile(path, reason);
    if (!file) return false;
    DcmDataset& dataset = *file->getDataset();
    header.sopClassUid = detail::stringValue(dataset, DCM_SOPClassUID.getGroup(), DCM_SOPClassUID.getElement());
    header.sopInstanceUid =
        detail::stringValue(dataset, DCM_SOPInstanceUID.getGroup(), DCM_SOPInstanceUID.getElement());
    header.studyInstanceUid =
        detail::stringValue(dataset, DCM_StudyInstanceUID.getGroup(), DCM_StudyInstanceUID.getElement());
    header.transferSyntax = dataset.getOriginalXfer();
    if (header.transferSyntax == EXS_Unknown) header.transferSyntax = EXS_LittleEndianExplicit;
    if (header.sopClassUid.empty() || header.sopInstanceUid.empty()) {
        reason = path + ": no SOP Class UID or SOP Instance UID";
        return false;
    }
    return true;
}

/// The file's own transfer syntax first, then the uncompressed ones it can be converted to.
std::vector<std::string> proposedSyntaxes(E_TransferSyntax fileSyntax)
{
    std::vector<std::string> syntaxes{DcmXfer(fileSyntax).getXferID()};
    for (const E_TransferSyntax fallback : {EXS_LittleEndianExplicit, EXS_LittleEndianImplicit}) {
        if (fallback == fileSyntax) continue;
        // Between uncompressed syntaxes DCMTK converts by itself; from a compressed one only when
        // its decoder is registered in this process.
        if (DcmXfer(fileSyntax).isEncapsulated() && !DcmCodecList::canChangeCoding(fileSyntax, fallback)) continue;
        syntaxes.emplace_back(DcmXfer(fallback).getXferID());
    }
    return syntaxes;
}

/// Stored, with a warning: every status DCMTK's DIMSE layer calls a warning (0xBxxx, 0x0001, ...).
bool isWarning(unsigned status)
{
    return DICOM_WARNING_STATUS(status);
}

}  // namespace

std::optional<StoreIdentity> readStoreIdentity(const std::string& path, std::string& reason)
{
    FileHeader header;
    if (!readHeader(path, header, reason)) return std::nullopt;
    return StoreIdentity{header.sopClassUid, header.sopInstanceUid, header.studyInstanceUid};
}

const char* toString(StoreOutcome::State state)
{
    switch (state) {
        case StoreOutcome::State::Stored:
            return "stored";
        case StoreOutcome::State::Warning:
            return "warning";
        case StoreOutcome::State::Failed:
            return "failed";
        case StoreOutcome::State::NotSent:
            return "not_sent";
    }
    return "not_sent";
}

std::vector<StoreOutcome> storeFiles(const PacsPeer& peer, const std::string& callingAeTitle,
                                     const NetworkTimeouts& timeouts, const std::vector<std::string>& files,
                                     const Cancellation* cancellation)
{
    std::vector<StoreOutcome> outcomes(files.size());
    std::vector<FileHeader> headers(files.size());
    std::vector<bool> readable(files.size(), false);
    for (size_t i = 0; i < files.size(); ++i) {
        outcomes[i].filePath = files[i];
        std::string reason;
        readable[i] = readHeader(files[i], headers[i], reason);
        if (readable[i]) {
            outcomes[i].sopClassUid = headers[i].sopClassUid;
            outcomes[i].sopInstanceUid = headers[i].sopInstanceUid;
        } else {
            outcomes[i].reason = reason;
            qCInfo(lcNet, "C-STORE to %s: %s, not sent", peerAddress(peer).c_str(), reason.c_str());
        }
    }
    if (std::none_of(readable.begin(), readable.end(), [](bool ok) { return ok; })) return outcomes;

    detail::DicomAssociation association(peer, callingAeTitle, timeouts);
    // One context per (SOP class, transfer syntax) found among the files.
    std::map<std::pair<std::string, E_TransferSyntax>, T_ASC_PresentationContextID> proposed;
    for (size_t i = 0; i < files.size(); ++i) {
        if (!readable[i]) continue;
        const auto key = std::make_pair(headers[i].sopClassUid, headers[i].transferSyntax);
        if (proposed.count(key)) continue;
        const T_ASC_PresentationContextID id = association.proposeStorage(key.first, proposedSyntaxes(key.second));
        proposed[key] = id;
        if (id != 0)
            qCDebug(lcNet, "C-STORE to %s: proposing context %d for %s in %s", association.peerLabel().c_str(), int(id),
                    uidName(key.first).c_str(), DcmXfer(key.second).getXferName());
    }
    try {
        association.open();
    } catch (const NetworkError& error) {
        // Every context refused: the files are not sent, for the reason each would have been.
        if (error.kind() != NetworkError::Kind::NoContext) throw;
        for (size_t i = 0; i < files.size(); ++i)
            if (readable[i])
                outcomes[i].reason = "the peer does not accept SOP class " + uidName(headers[i].sopClassUid);
        return outcomes;
    }

    for (size_t i = 0; i < files.size(); ++i) {
        if (!readable[i]) continue;
        StoreOutcome& outcome = outcomes[i];
        if (cancellation && cancellation->isCancelled()) {
            outcome.reason = "cancelled before it was sent";
            continue;
        }
        const T_ASC_PresentationContextID proposedId =
            proposed[std::make_pair(headers[i].sopClassUid, headers[i].transferSyntax)];
        std::string acceptedSyntax;
        const T_ASC_PresentationContextID contextId =
            proposedId == 0 ? 0 : association.acceptedContext(proposedId, acceptedSyntax);
        if (contextId == 0) {
            outcome.reason = proposedId == 0 ? "too many SOP classes and transfer syntaxes for one association"
                                             : "the peer does not accept SOP class " + uidName(headers[i].sopClassUid);
            qCInfo(lcNet, "C-STORE to %s: %s not sent: %s", association.peerLabel().c_str(), files[i].c_str(),
                   outcome.reason.c_str());
            continue;
        }
        std::string reason;
        const std::unique_ptr<DcmFileFormat> file = loadFile(files[i], reason);
        if (!file) {  // it changed since the first look
            outcome.reason = reason;
            continue;
        }
        DcmDataset& dataset = *file->getDataset();
        // DCMTK pads an odd-length value (illegal, but read) still in the file only as it loads it,
        // after the lengths of the items around it were computed: the peer would get an item one byte
        // shorter than it is and abort the association (DCMTK's own storescp does). Loaded now, every
        // length is the padded one; it costs one file's values in memory, as the send reads them anyway.
        dataset.loadAllDataIntoMemory();
        const E_TransferSyntax networkSyntax = DcmXfer(acceptedSyntax.c_str()).getXfer();
        if (dataset.chooseRepresentation(networkSyntax, nullptr).bad() || !dataset.canWriteXfer(networkSyntax)) {
            outcome.reason = files[i] + ": cannot be converted to " + DcmXfer(networkSyntax).getXferName();
            continue;
        }
        qCDebug(lcNet, "C-STORE request to %s: %s, %s, context %d, %s", association.peerLabel().c_str(),
                outcome.sopInstanceUid.c_str(), uidName(outcome.sopClassUid).c_str(), int(contextId),
                DcmXfer(networkSyntax).getXferName());
        const detail::DicomAssociation::StoreResponse response =
            association.store(contextId, dataset, outcome.sopClassUid, outcome.sopInstanceUid);
        outcome.status = response.status;
        if (response.status == STATUS_Success) {
            outcome.state = StoreOutcome::State::Stored;
            outcome.reason.clear();
            qCDebug(lcNet, "C-STORE response from %s: %s stored (0x0000)", association.peerLabel().c_str(),
                    outcome.sopInstanceUid.c_str());
        } else if (isWarning(response.status)) {
            outcome.state = StoreOutcome::State::Warning;
            outcome.reason = response.statusText;
            qCWarning(lcNet, "C-STORE response from %s: %s stored with a warning: %s", association.peerLabel().c_str(),
                      outcome.sopInstanceUid.c_str(), response.statusText.c_str());
        } else {
            outcome.state = StoreOutcome::State::Failed;
            outcome.reason = response.statusText;
            qCInfo(lcNet, "C-STORE response from %s: %s not stored: %s", association.peerLabel().c_str(),
                   outcome.sopInstanceUid.c_str(), response.statusText.c_str());
        }
    }
    association.close();
    const auto stored =
        std::count_if(outcomes.begin(), outcomes.end(), [](const StoreOutcome& o) { return o.stored(); });
    qCInfo(lcNet, "C-STORE to %s: %d of %d file(s) stored on one association", peerAddress(peer).c_str(), int(stored),
           int(outcomes.size()));
    return outcomes;
}

}  // namespace pulmo::net
