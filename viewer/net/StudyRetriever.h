#pragma once
// Fetching a study from a peer by C-MOVE (to our StorageScp) or C-GET (on the same association),
// CTK's "Retrieve". One association per call carries the instance listing (C-FIND), the retrieve
// and the retries. Blocking: run it on a worker thread.
//
// What is already in the folder is not fetched again (the names are deterministic), and what failed
// is asked for again at IMAGE level, instance by instance, up to `retries` times; so calling
// retrieve() again after a failure completes a study rather than starting it over.

#include "net/Cancellation.h"
#include "net/PacsPeer.h"
#include "net/RetrieveResult.h"

#include <functional>
#include <string>

namespace pulmo::net {

class StorageScp;

struct RetrieveRequest {
    PacsPeer peer;
    std::string callingAeTitle = "PULMO";
    NetworkTimeouts timeouts;
    std::string studyInstanceUid;
    RetrieveMethod method = RetrieveMethod::Move;
    /// C-GET: the storage root (C-MOVE stores where the StorageScp stores).
    std::string storageFolder;
    /// C-MOVE destination; empty: the StorageScp's AE title.
    std::string moveDestinationAeTitle;
    int retries = 1;          ///< IMAGE-level retries of what is still missing after the first retrieve
    bool skipPresent = true;  ///< do not fetch instances whose file is already in the folder
    bool syncToDisk = true;   ///< C-GET: fsync each file before renaming it into place
};

class StudyRetriever {
public:
    /// Called on the retrieving thread after each pending response of the peer.
    using ProgressCallback = std::function<void(const RetrieveProgress&)>;
    /// Called as each instance is under its final name: on the retrieving thread (C-GET) or the
    /// StorageScp's thread (C-MOVE). Keep it short.
    using InstanceCallback = std::function<void(const ReceivedInstance&)>;

    /// `receiver` (not owned, may be null for C-GET) must be running for C-MOVE.
    explicit StudyRetriever(StorageScp* receiver = nullptr);

    /// Never throws: failures, with the peer's words, are in the result (outcome and error), which
    /// is what the application's audit trail records.
    RetrieveResult retrieve(const RetrieveRequest& request, const ProgressCallback& progress = {},
                            const InstanceCallback& instanceStored = {},
                            const Cancellation* cancellation = nullptr) const;

private:
    StorageScp* m_receiver;
};

}  // namespace pulmo::net
