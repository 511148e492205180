#pragma once
// What a study retrieve reports while it runs and when it ends: plain values that cross threads,
// and enough for the application's audit trail (who asked is the application's to add).

#include "net/NetworkError.h"
#include "net/PacsPeer.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace pulmo::net {

/// One instance written under its final name.
struct ReceivedInstance {
    std::string filePath;  ///< final path, sanitised (never built from a received value as-is)
    std::string studyInstanceUid;
    std::string seriesInstanceUid;
    std::string sopInstanceUid;
    std::string sopClassUid;
    std::string transferSyntaxUid;  ///< as received and stored
    uint64_t bytes = 0;
};

/// The peer's sub-operation counters from its latest C-MOVE/C-GET response, plus what we stored.
struct RetrieveProgress {
    std::string studyInstanceUid;
    int completed = 0;  ///< sub-operations the peer counts as done
    int remaining = 0;  ///< -1: the peer did not say
    int failed = 0;
    int warning = 0;
    int stored = 0;  ///< instances written by us so far in this retrieve
};

enum class RetrieveOutcome {
    Success,         ///< every expected instance is here
    PartialFailure,  ///< some instances failed or are missing (listed in failedSopInstanceUids)
    Cancelled,
    Failed,  ///< nothing useful happened; see error
};

const char* toString(RetrieveOutcome outcome);

/// The end of one retrieve: for the user, the log and the audit trail.
struct RetrieveResult {
    std::string peerAeTitle;
    std::string peerAddress;  ///< "AET@HOST:PORT"
    std::string callingAeTitle;
    std::string studyInstanceUid;
    RetrieveMethod method = RetrieveMethod::Move;
    RetrieveOutcome outcome = RetrieveOutcome::Failed;
    std::string error;  ///< empty on success; else one line (the peer's status and comment verbatim)
    NetworkError::Kind errorKind = NetworkError::Kind::Local;           ///< meaningful when error is not empty
    NetworkError::Problem errorProblem = NetworkError::Problem::Other;  ///< ... and what exactly, for the user
    std::vector<std::string> errorArguments;                            ///< the problem's parameters
    std::string errorPeer;                                              ///< the peer the error names (empty: our side)
    int expected = -1;                               ///< instances the peer listed for the study (-1: it would not say)
    int alreadyPresent = 0;                          ///< instances that were in the folder from an earlier retrieve
    int completed = 0;                               ///< sub-operations the peer reported completed, all attempts
    int failed = 0;                                  ///< ... failed (last attempt)
    int warning = 0;                                 ///< ... with warnings
    int stored = 0;                                  ///< instances written in this retrieve
    int attempts = 0;                                ///< retrieve operations sent (1 + retries)
    std::vector<std::string> failedSopInstanceUids;  ///< still missing at the end
    std::string folder;                              ///< where the study's files are
    std::chrono::system_clock::time_point started;
    std::chrono::system_clock::time_point finished;
    uint64_t bytes = 0;
};

}  // namespace pulmo::net
