#include "net/StudyRetriever.h"

#include "net/DicomAssociation.h"
#include "net/NetworkLogging.h"
#include "net/QueryKeys.h"
#include "net/StorageScp.h"
#include "net/StoragePaths.h"

#include <atomic>
#include <filesystem>
#include <mutex>

namespace pulmo::net {
namespace {

using detail::DicomAssociation;

/// Counts (and forwards) what arrives for one study while a retrieve runs; any thread.
class ArrivalCounter {
public:
    ArrivalCounter(std::string studyInstanceUid, const StudyRetriever::InstanceCallback& forward)
        : m_study(std::move(studyInstanceUid)), m_forward(forward)
    {
    }

    void operator()(const ReceivedInstance& instance)
    {
        if (instance.studyInstanceUid != m_study) return;
        m_stored.fetch_add(1);
        m_bytes.fetch_add(instance.bytes);
        if (m_forward) m_forward(instance);
    }

    int stored() const { return m_stored.load(); }
    uint64_t bytes() const { return m_bytes.load(); }

private:
    std::string m_study;
    const StudyRetriever::InstanceCallback& m_forward;
    std::atomic<int> m_stored{0};
    std::atomic<uint64_t> m_bytes{0};
};

/// Keeps a StorageScp listener registered for the lifetime of a retrieve.
class ListenerGuard {
public:
    ListenerGuard(StorageScp* scp, StorageScp::InstanceCallback callback) : m_scp(scp)
    {
        if (m_scp) m_id = m_scp->addListener(std::move(callback));
    }
    ~ListenerGuard()
    {
        if (m_scp) m_scp->removeListener(m_id);
    }
    ListenerGuard(const ListenerGuard&) = delete;
    ListenerGuard& operator=(const ListenerGuard&) = delete;

private:
    StorageScp* m_scp;
    int m_id = 0;
};

std::vector<InstanceRecord> missingInstances(const std::vector<InstanceRecord>& expected, const std::string& root)
{
    std::vector<InstanceRecord> missing;
    for (const InstanceRecord& instance : expected) {
        std::error_code error;
        if (!std::filesystem::exists(instancePath(root, instance.studyInstanceUid, instance.sopInstanceUid), error))
            missing.push_back(instance);
    }
    return missing;
}

}  // namespace

StudyRetriever::StudyRetriever(StorageScp* receiver) : m_receiver(receiver) {}

RetrieveResult StudyRetriever::retrieve(const RetrieveRequest& request, const ProgressCallback& progress,
                                        const InstanceCallback& instanceStored, const Cancellation* cancellation) const
{
    using Kind = NetworkError::Kind;
    RetrieveResult result;
    result.peerAeTitle = request.peer.aeTitle;
    result.peerAddress = peerAddress(request.peer);
    result.callingAeTitle = request.callingAeTitle;
    result.studyInstanceUid = request.studyInstanceUid;
    result.method = request.method;
    result.started = std::chrono::system_clock::now();

    ArrivalCounter arrivals(request.studyInstanceUid, instanceStored);
    std::vector<InstanceRecord> expected;
    bool listed = false;
    std::string root;
    const auto missingNow = [&] { return listed ? missingInstances(expected, root) : std::vector<InstanceRecord>{}; };

    try {
        detail::requireQueryableUid(request.studyInstanceUid, "Study Instance UID");
        const bool move = request.method == RetrieveMethod::Move;
        if (move && (!m_receiver || !m_receiver->isRunning()))
            throw NetworkError(Kind::Local, {}, "C-MOVE needs the Storage SCP running to receive the study",
                               NetworkError::Problem::ReceiverNotRunning);
        root = move ? m_receiver->options().storageFolder : request.storageFolder;
        if (root.empty())
            throw NetworkError(Kind::Local, {}, "no storage folder given", NetworkError::Problem::NoStorageFolder);
        std::unique_ptr<detail::InstanceWriter> writer;
        if (!move) writer = std::make_unique<detail::InstanceWriter>(root, request.syncToDisk);
        result.folder = studyFolder(root, request.studyInstanceUid);
        const std::string destination = !request.moveDestinationAeTitle.empty() ? request.moveDestinationAeTitle
                                        : move                                  ? m_receiver->options().aeTitle
                                                                                : std::string();
        ListenerGuard listener(move ? m_receiver : nullptr, [&arrivals](const ReceivedInstance& i) { arrivals(i); });

        DicomAssociation association(request.peer, request.callingAeTitle, request.timeouts);
        association.proposeStudyRootFind();
        if (move)
            association.proposeStudyRootMove();
        else
            association.proposeStudyRootGet();
        association.open();

        // What the study holds, so that what is missing afterwards is known by name. A peer that
        // will not list instances still gets a study-level retrieve, judged by its counters.
        try {
            expected = detail::findInstances(association, request.studyInstanceUid, cancellation);
            listed = !expected.empty();
        } catch (const NetworkError& error) {
            if (error.kind() != Kind::Status) throw;
        }
        result.expected = listed ? int(expected.size()) : -1;
        std::vector<InstanceRecord> missing =
            listed ? (request.skipPresent ? missingNow() : expected) : std::vector<InstanceRecord>{};
        result.alreadyPresent = listed ? int(expected.size() - missing.size()) : 0;

        int completedBefore = 0;
        DicomAssociation::RetrieveStatus status;
        const auto report = [&](const DicomAssociation::RetrieveStatus& current) {
            if (!progress) return;
            RetrieveProgress value;
            value.studyInstanceUid = request.studyInstanceUid;
            value.completed = completedBefore + current.completed;
            value.remaining = current.remaining;
            value.failed = current.failed;
            value.warning = current.warning;
            value.stored = arrivals.stored();
            progress(value);
        };
        const auto retrieveOne = [&](DcmDataset& keys) {
            return move ? association.move(keys, destination, report, cancellation)
                        : association.get(
                              keys, *writer, [&arrivals](const ReceivedInstance& i) { arrivals(i); }, report,
                              cancellation);
        };

        bool cancelled = false;
        std::string lastStatus;
        NetworkError::Problem lastProblem = NetworkError::Problem::FailureStatus;
        std::vector<std::string> lastArguments;
        const auto keepStatus = [&](const DicomAssociation::RetrieveStatus& each) {
            lastStatus = each.statusText;
            lastProblem = each.statusProblem;
            lastArguments = each.statusArguments;
        };
        if (!listed || !missing.empty()) {
            // First attempt: the whole study in one operation, unless part of it is here already.
            ++result.attempts;
            if (!listed || result.alreadyPresent == 0) {
                auto keys = detail::studyRetrieveKeys(request.studyInstanceUid);
                status = retrieveOne(*keys);
                completedBefore += status.completed;
                result.failed = status.failed;
                result.warning = status.warning;
                cancelled = status.cancelled;
                keepStatus(status);
            } else {
                result.failed = 0;
                for (const InstanceRecord& instance : missing) {
                    if (cancellation && cancellation->isCancelled()) {
                        cancelled = true;
                        break;
                    }
                    auto keys = detail::instanceRetrieveKeys(instance);
                    status = retrieveOne(*keys);
                    completedBefore += status.completed;
                    result.failed += status.failed;
                    result.warning += status.warning;
                    if (!status.statusText.empty()) keepStatus(status);
                    if (status.cancelled) {
                        cancelled = true;
                        break;
                    }
                }
            }
            missing = missingNow();
            // Then what failed, instance by instance, on the same association.
            for (int retry = 0;
                 retry < request.retries && listed && !missing.empty() && !cancelled && association.isOpen(); ++retry) {
                ++result.attempts;
                int failedNow = 0;
                for (const InstanceRecord& instance : missing) {
                    if (cancellation && cancellation->isCancelled()) {
                        cancelled = true;
                        break;
                    }
                    auto keys = detail::instanceRetrieveKeys(instance);
                    status = retrieveOne(*keys);
                    completedBefore += status.completed;
                    failedNow += status.failed;
                    if (!status.statusText.empty()) keepStatus(status);
                    if (status.cancelled) {
                        cancelled = true;
                        break;
                    }
                }
                result.failed = failedNow;
                missing = missingNow();
            }
        }
        association.close();

        result.completed = completedBefore;
        result.stored = arrivals.stored();
        result.bytes = arrivals.bytes();
        for (const InstanceRecord& instance : missing) result.failedSopInstanceUids.push_back(instance.sopInstanceUid);
        if (cancelled) {
            result.outcome = RetrieveOutcome::Cancelled;
            result.errorKind = Kind::Cancelled;
            result.error = result.peerAddress + ": retrieve cancelled";
            result.errorProblem = NetworkError::Problem::Cancelled;
            result.errorPeer = result.peerAddress;
        } else if (listed) {
            result.outcome = missing.empty() ? RetrieveOutcome::Success : RetrieveOutcome::PartialFailure;
        } else if (result.completed == 0 && result.stored == 0) {
            result.outcome = RetrieveOutcome::Failed;
        } else {
            result.outcome = result.failed == 0 ? RetrieveOutcome::Success : RetrieveOutcome::PartialFailure;
        }
        if (result.outcome == RetrieveOutcome::PartialFailure || result.outcome == RetrieveOutcome::Failed) {
            result.errorKind = Kind::Status;
            result.errorPeer = result.peerAddress;
            if (!lastStatus.empty()) {
                result.error = result.peerAddress + ": " + lastStatus;
                result.errorProblem = lastProblem;
                result.errorArguments = lastArguments;
            } else if (!listed && result.completed == 0) {
                result.error =
                    result.peerAddress + ": the peer sent nothing for this study (unknown Study Instance UID?)";
                result.errorProblem = NetworkError::Problem::NothingReceived;
            } else {
                result.error =
                    result.peerAddress + ": " + std::to_string(missing.size()) + " instance(s) did not arrive";
                result.errorProblem = NetworkError::Problem::InstancesMissing;
                result.errorArguments = {std::to_string(missing.size()),
                                         std::to_string(listed ? expected.size() : missing.size())};
            }
        }
    } catch (const NetworkError& error) {
        result.error = error.what();
        result.errorKind = error.kind();
        result.errorProblem = error.problem();
        result.errorArguments = error.arguments();
        result.errorPeer = error.peer();
        result.stored = arrivals.stored();
        result.bytes = arrivals.bytes();
        std::vector<InstanceRecord> missing;
        try {
            missing = missingNow();
        } catch (...) {
        }
        for (const InstanceRecord& instance : missing) result.failedSopInstanceUids.push_back(instance.sopInstanceUid);
        if (error.kind() == Kind::Cancelled)
            result.outcome = RetrieveOutcome::Cancelled;
        else if (result.stored > 0 || (listed && missing.size() < expected.size()))
            result.outcome = RetrieveOutcome::PartialFailure;
        else
            result.outcome = RetrieveOutcome::Failed;
        if (listed && result.outcome != RetrieveOutcome::Cancelled)
            result.error += "; " + std::to_string(expected.size() - missing.size()) + " of " +
                            std::to_string(expected.size()) + " instances are here, retrieve again for the rest";
    } catch (const std::exception& error) {
        result.error = error.what();
        result.errorKind = Kind::Local;
        result.errorProblem = NetworkError::Problem::Other;
        result.errorArguments = {error.what()};
        result.outcome = RetrieveOutcome::Failed;
    }
    result.finished = std::chrono::system_clock::now();
    const double seconds = std::chrono::duration<double>(result.finished - result.started).count();
    qCDebug(lcNet, "retrieve of study %s into %s", result.studyInstanceUid.c_str(), result.folder.c_str());
    qCInfo(lcNet,
           "retrieve from %s by %s: %s; %d expected, %d already here, %d completed, %d stored (%llu bytes), %d failed, "
           "%d attempt(s), %s s",
           result.peerAddress.c_str(), request.method == RetrieveMethod::Move ? "C-MOVE" : "C-GET",
           toString(result.outcome), result.expected, result.alreadyPresent, result.completed, result.stored,
           static_cast<unsigned long long>(result.bytes), result.failed, result.attempts,
           qUtf8Printable(QString::number(seconds, 'f', 2)));
    return result;
}

}  // namespace pulmo::net
