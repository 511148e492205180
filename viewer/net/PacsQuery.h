#pragma once
// Asking a peer: C-ECHO and Study Root C-FIND at STUDY, SERIES and IMAGE level (CTK's "Query").
// Each call opens one association, runs, releases it; blocking, so call it from a worker thread,
// never the UI thread. Errors are NetworkError with the peer named and the reason in words.

#include "net/Cancellation.h"
#include "net/PacsPeer.h"
#include "net/StudyQuery.h"

#include <string>
#include <vector>

namespace pulmo::net {

class PacsQuery {
public:
    PacsQuery(PacsPeer peer, std::string callingAeTitle, NetworkTimeouts timeouts = {});

    /// C-ECHO. Throws NetworkError (Unreachable, Timeout, Rejected with the reason, Tls, ...).
    void echo() const;

    /// Studies matching `query`. `cancellation` (may be null) sends C-CANCEL and throws
    /// NetworkError(Cancelled). A failure status from the peer throws NetworkError(Status) with the
    /// status and Error Comment verbatim.
    std::vector<StudyRecord> findStudies(const StudyQuery& query, const Cancellation* cancellation = nullptr) const;

    /// The series of one study.
    std::vector<SeriesRecord> findSeries(const std::string& studyInstanceUid,
                                         const Cancellation* cancellation = nullptr) const;

    /// The instances of one study (one IMAGE-level query per series, on one association).
    std::vector<InstanceRecord> findInstances(const std::string& studyInstanceUid,
                                              const Cancellation* cancellation = nullptr) const;

    const PacsPeer& peer() const { return m_peer; }

private:
    PacsPeer m_peer;
    std::string m_callingAe;
    NetworkTimeouts m_timeouts;
};

}  // namespace pulmo::net
