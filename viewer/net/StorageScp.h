#pragma once
// The embedded Storage SCP: receives C-STORE (the sub-operations of our C-MOVEs, or anything a
// router sends) on one configured port and writes each instance under a sanitised name, atomically.
// GUI-free and Qt-free apart from hashing, so that a headless AI node can receive with it too.
// Runs its own thread; associations are served one after another, each taking many stores.

#include "net/PacsPeer.h"
#include "net/RetrieveResult.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pulmo::net {

/// A caller allowed to associate (pulmo-node's --accept-from AET[@HOST]).
struct AllowedCaller {
    std::string aeTitle;  ///< the calling AE title, compared exactly (trailing spaces aside)
    std::string host;     ///< its IPv4/IPv6 address or a host name resolved at start(); empty: any host
};

/// What the receiver's owner answers about one C-STORE (issue 17): success, or a refusal status
/// with a comment the peer is told (Error Comment) and the log records.
struct StoreDecision {
    uint16_t status = 0x0000;  ///< 0x0000 success; 0xA700 Out of Resources; 0xA900 / 0xC000 refused
    std::string comment;       ///< English, one line, at most 64 characters (Error Comment is LO)
    bool accepted() const { return status == 0x0000; }
};

/// An association or a C-STORE the SCP refused on its own (not the owner's admit or commit): who
/// called, and why in English.
struct ScpRefusal {
    enum class Kind {
        CallerNotAccepted,   ///< calling AE title (or its host) not among the accepted callers
        WrongCalledAeTitle,  ///< the caller called another AE title than ours
        DiskNearlyFull,      ///< below the free-space watermark: Out of Resources
        NotStored,           ///< the file could not be written (disk full, I/O error): Out of Resources
    };
    Kind kind = Kind::CallerNotAccepted;
    std::string callingAeTitle;
    std::string callingHost;
    std::string calledAeTitle;
    std::string sopInstanceUid;  ///< for a refused C-STORE
    std::string reason;
};

/// One C-STORE as received, before it is written: what the owner decides on.
struct IncomingInstance {
    std::string callingAeTitle;
    std::string callingHost;  ///< the peer's IP address
    std::string sopClassUid;
    std::string sopInstanceUid;
    std::string studyInstanceUid;
    std::string modality;          ///< (0008,0060), as received (trimmed)
    std::string bodyPartExamined;  ///< (0018,0015), as received (trimmed)
    uint64_t bytes = 0;            ///< the dataset's length as received, roughly
};

struct StorageScpOptions {
    std::string aeTitle = "PULMO";  ///< our AE title; associations calling another one are refused
    uint16_t port = 11112;          ///< the one port it listens on
    /// The local address to listen on (IPv4 or IPv6 literal); empty: all interfaces.
    std::string listenAddress;
    /// Callers allowed to associate; empty: anyone when acceptAnyCaller, nobody otherwise. Any other
    /// caller's association is rejected (calling AE title not recognised), logged and reported to
    /// the refusal listener.
    std::vector<AllowedCaller> acceptFrom;
    /// With an empty acceptFrom: true accepts any caller (pulmo-node without --accept-from), false
    /// accepts none (a workstation with no PACS configured).
    bool acceptAnyCaller = true;
    /// An acceptFrom host that does not resolve: false makes start() fail (the node's configuration
    /// is wrong), true leaves that caller out and logs it (one bad peer in a workstation's list).
    bool skipUnresolvedCallers = false;
    /// Free space the storage folder's file system keeps: a C-STORE that would leave less is refused
    /// with Out of Resources (0xA700) before a byte is written. 0: no watermark (a full disk still
    /// fails the write, and the partial file is removed).
    uint64_t minimumFreeBytes = 0;
    /// The storage SOP classes accepted; empty: every storage class DCMTK knows (the workstation's
    /// receiver). A presentation context of another class is rejected (abstract syntax not
    /// supported), which the peer reports as a refusal of that class.
    std::vector<std::string> sopClasses;
    std::string storageFolder;  ///< root of <study key>/<instance key>.dcm
    bool requireCalledAeTitle = true;
    bool syncToDisk = true;  ///< fsync each file before its rename (see InstanceWriter)
    NetworkTimeouts timeouts;
    TlsSettings tls;  ///< enabled: TLS only, with this certificate and key; the CA checks client certificates
};

/// The SOP classes of chest radiography a node accepts: CR, DX For Presentation, DX For
/// Processing (Digital X-Ray), and Secondary Capture when `withSecondaryCapture`.
std::vector<std::string> chestRadiographySopClasses(bool withSecondaryCapture);

/// Whether `text` is an address StorageScpOptions::listenAddress takes (an IPv4 or IPv6 literal).
bool isListenAddress(const std::string& text);

class StorageScp {
public:
    /// Called on the SCP's thread after an instance is under its final name. Keep it short (hand the
    /// value to another thread): the peer waits for our C-STORE response meanwhile.
    using InstanceCallback = std::function<void(const ReceivedInstance&)>;
    /// Called on the SCP's thread when a dataset has been received in memory, before anything is
    /// written: a refusal is answered at once and nothing is stored (filters, back-pressure).
    using AdmitCallback = std::function<StoreDecision(const IncomingInstance&)>;
    /// Called on the SCP's thread after the instance is under its final name (fsync'ed) and before
    /// the response: the owner makes it durable (a job) and says whether "stored" may be answered.
    /// A refusal (or an exception: 0xA700) removes the file again. Listeners hear only instances
    /// whose commit succeeded.
    using CommitCallback = std::function<StoreDecision(const IncomingInstance&, const ReceivedInstance&)>;
    /// Called on the SCP's thread for each refusal of its own (ScpRefusal): keep it short.
    using RefusalCallback = std::function<void(const ScpRefusal&)>;

    explicit StorageScp(StorageScpOptions options);
    /// Stops and joins. Never throws.
    ~StorageScp();
    StorageScp(const StorageScp&) = delete;
    StorageScp& operator=(const StorageScp&) = delete;

    /// Opens the port and starts serving. Throws NetworkError(Local) when the port cannot be opened
    /// or the folder cannot be created, NetworkError(Tls) for bad TLS files. Not while running.
    void start();
    /// Stops accepting and joins the thread. An association in progress is aborted at its next
    /// command, so an idle peer holding one open delays this by up to the DIMSE timeout. Any
    /// thread but the SCP's own (not from a listener). Never throws.
    void stop() noexcept;
    bool isRunning() const;

    /// Adds a receiver of every instance stored from now on; returns its id for removeListener().
    /// Any thread.
    int addListener(InstanceCallback callback);
    /// Any thread; after it returns the callback is not called any more.
    void removeListener(int id);

    /// The owner's decisions (issue 17); set before start(). Without them every instance of an
    /// accepted class is stored.
    void setAdmit(AdmitCallback admit);
    void setCommit(CommitCallback commit);
    /// Set before start().
    void setRefusalListener(RefusalCallback listener);

    const StorageScpOptions& options() const;
    /// Instances written and refused since start().
    uint64_t storedCount() const;
    uint64_t refusedCount() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace pulmo::net
