#include "AiNode.h"

#include "AuditForwarder.h"

#include "AmqpWorkQueue.h"
#include "AuditLog.h"
#include "DeidentifyRun.h"
#include "FeedbackDatabase.h"
#include "FeedbackStore.h"
#include "ModelInput.h"
#include "ModelLoading.h"
#include "ModelMonitoring.h"
#include "MonitoringRecord.h"
#include "MonitoringStore.h"
#include "NodeLogging.h"
#include "ResultObjects.h"
#include "WorkQueue.h"
#include "deid/Deidentifier.h"
#include "deid/Reidentifier.h"
#include "dicom/DicomFile.h"
#include "net/NetworkError.h"
#include "net/StoragePaths.h"
#include "net/StorageScp.h"
#include "net/StoreScu.h"

#include <QDateTime>
#include <QSysInfo>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

namespace pulmo::node {

namespace {

/// How often the node recomputes model monitoring's metrics.
constexpr int64_t kMonitoringIntervalMs = 10 * 60 * 1000;
constexpr const char* kMonitoringKinds[] = {"input_drift", "metadata_drift", "prediction_drift", "agreement_drift",
                                            "golden_set"};

int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int64_t steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string upper(std::string text)
{
    for (char& c : text)
        if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    return text;
}

bool contains(const std::vector<std::string>& list, const std::string& value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

/// The node's audit rows, from any thread (one connection, under a mutex).
class NodeAudit {
public:
    NodeAudit(const std::string& path, QString who) : m_database(path), m_log(m_database), m_who(std::move(who)) {}

    /// Sends the rows to an audit record repository too (--audit-repository), from a thread of its own.
    void forwardTo(std::unique_ptr<feedback::AuditForwarder> forwarder)
    {
        m_forwarder = std::move(forwarder);
        m_forwarder->start();
    }

    /// Throws DatabaseError when the row cannot be written.
    void record(const char* action, const std::string& subject, const char* outcome, const QString& detail = {})
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_log.append(m_who, QString::fromLatin1(action), QString::fromStdString(subject), QString::fromLatin1(outcome),
                     detail);
        if (m_forwarder) m_forwarder->notify();
    }
    /// record(), and a failure logged instead of thrown (the action has happened already).
    void recordOrLog(const char* action, const std::string& subject, const char* outcome, const QString& detail = {})
    {
        try {
            record(action, subject, outcome, detail);
        } catch (const std::exception& error) {
            qCCritical(app::lcNode, "audit row %s for %s could not be written: %s", action, subject.c_str(),
                       error.what());
        }
    }

    /// What model monitoring needs of one analysis (issue 20), in the same database; a failure is
    /// logged (monitoring never holds up a result).
    void recordObservation(const feedback::MonitoringObservation& observation)
    {
        try {
            std::lock_guard<std::mutex> lock(m_mutex);
            feedback::MonitoringStore(m_database).record(observation);
        } catch (const std::exception& error) {
            qCWarning(app::lcNode, "monitoring record for %s could not be written: %s",
                      observation.sopInstanceUid.toUtf8().constData(), error.what());
        }
    }

private:
    std::mutex m_mutex;
    feedback::FeedbackDatabase m_database;
    feedback::AuditLog m_log;
    QString m_who;
    std::unique_ptr<feedback::AuditForwarder> m_forwarder;
};

}  // namespace

class AiNode::Impl {
public:
    explicit Impl(NodeConfig config) : config(std::move(config)), metrics(NodeMetrics::forNode()) {}

    std::string queuePath() const { return config.queueUrl.substr(std::string("sqlite:").size()); }
    /// The SQLite file of the outbox: the queue's own, or the node's file beside a broker.
    std::string outboxPath() const { return config.usesBroker() ? config.outboxPath : queuePath(); }

    /// A connection to the jobs for one thread. With a broker: `withOutbox` gives it the local
    /// file (workers record their results there; refresh() counts the outbox); the receiver's
    /// publisher has none. `modelKey`: the model that runs, which delivered jobs are keyed by.
    std::unique_ptr<WorkQueue> openJobs(bool withOutbox, const std::string& modelKey = {}) const
    {
        if (!config.usesBroker()) return std::make_unique<SqliteWorkQueue>(queuePath(), policy());
        BrokerOptions options;
        options.url = config.queueUrl;
        options.queue = config.brokerQueue;
        // The batch in hand only: a node that crashes returns no more than the images it analyses
        // (the delivery limit then counts the crash against them alone), and hoards nothing.
        options.prefetch = batchSize;
        options.jobsFolder = jobsFolder();
        options.caFile = config.brokerCa;
        options.certFile = config.brokerCert;
        options.keyFile = config.brokerKey;
        options.timeoutSeconds = std::min(config.timeoutSeconds, 10);
        options.modelSha256 = modelKey;
        return std::make_unique<AmqpWorkQueue>(
            options, policy(), withOutbox ? std::make_unique<SqliteWorkQueue>(outboxPath(), policy()) : nullptr);
    }
    RetryPolicy policy() const
    {
        RetryPolicy policy;
        policy.maxAttempts = config.maxAttempts;
        policy.sendGiveUpMs = int64_t(config.retryHours) * 3600 * 1000;
        return policy;
    }
    net::NetworkTimeouts timeouts() const
    {
        return {config.timeoutSeconds, config.timeoutSeconds, std::max(config.timeoutSeconds, 60)};
    }
    std::string incomingFolder() const { return config.storeFolder + "/incoming"; }
    std::string resultsFolder() const { return config.storeFolder + "/results"; }

    /// Sets the monitoring metrics from the audit database: the open alarms per kind, whether the
    /// reference is complete, and each daily figure of the last day with its threshold. A failure
    /// is logged; the metrics keep their last values.
    void updateMonitoring()
    {
        try {
            feedback::FeedbackDatabase database(config.auditDatabase);
            const feedback::ModelMonitoring figures =
                feedback::monitorModel(database, QString::fromStdString(modelSha256));
            std::map<std::string, double> open;
            for (const char* kind : kMonitoringKinds) open[kind] = 0;
            for (const monitoring::Alarm& alarm : figures.alarms)
                if (alarm.open && alarm.level == "alarm") open[alarm.kind] += 1;
            for (const auto& [kind, count] : open)
                metrics->set("pulmo_node_monitoring_alarms_open", count, {{"kind", kind}});
            metrics->set("pulmo_node_monitoring_reference_complete", figures.result.reference.complete ? 1.0 : 0.0);
            for (const monitoring::Series& series : figures.result.series) {
                if (series.values.empty()) continue;
                // NaN when the last day's window was too small: no figure, not yesterday's.
                const MetricLabels labels = {
                    {"kind", series.kind}, {"metric", series.metric}, {"window", series.window}};
                metrics->set("pulmo_node_monitoring_value", series.values.back(), labels);
                metrics->set("pulmo_node_monitoring_threshold", series.threshold, labels);
            }
            metrics->set("pulmo_node_monitoring_updated_timestamp_seconds", double(nowMs()) / 1000.0);
        } catch (const std::exception& error) {
            qCWarning(app::lcNode, "model monitoring: %s", error.what());
        }
    }

    /// Why new images are refused now; empty when they are welcome.
    /// `forJobs` false: what an answer of the --deidentify-for server needs (the disk, not the queue).
    std::string pressure(bool forJobs = true) const
    {
        if (stopping.load()) return "the node is stopping";
        if (forJobs && config.usesBroker() && !brokerUp.load()) {
            std::lock_guard<std::mutex> lock(brokerMutex);
            return "the broker is unreachable: " + brokerProblem;
        }
        const QStorageInfo storage(QString::fromStdString(config.storeFolder));  // statvfs, now
        const int64_t freeMb = storage.bytesAvailable() / (1024 * 1024);
        if (storage.isValid() && freeMb < config.minFreeDiskMb)
            return "free disk " + std::to_string(freeMb) + " MB below " + std::to_string(config.minFreeDiskMb) + " MB";
        const long long depth = queueDepth.load();
        if (forJobs && depth >= config.maxQueue)
            return "queue full: " + std::to_string(depth) + " jobs (limit " + std::to_string(config.maxQueue) + ")";
        return {};
    }

    net::StoreDecision admit(const net::IncomingInstance& incoming)
    {
        beat(scpBeat);
        const auto refuse = [&](uint16_t status, const std::string& reason, const char* metric) {
            metrics->increment("pulmo_node_refused_total", {{"reason", metric}});
            qCInfo(app::lcNode, "C-STORE of %s from %s refused (0x%04x): %s", incoming.sopInstanceUid.c_str(),
                   incoming.callingAeTitle.c_str(), unsigned(status), reason.c_str());
            audit->recordOrLog("dicom.received", incoming.sopInstanceUid, "refused",
                               QString::fromStdString(incoming.callingAeTitle + ": " + reason));
            return net::StoreDecision{status, reason.substr(0, 64)};
        };
        // The UIDs name files and folders of the node's own: refuse what is not a UID.
        if (!net::isValidUid(incoming.sopInstanceUid) || !net::isValidUid(incoming.studyInstanceUid))
            return refuse(0xC000, "the SOP or Study Instance UID is not a valid UID", "invalid");
        if (config.deidentifyFor) {
            // The outside server's answers about a copy this node forwarded, whatever they are.
            std::optional<ForwardedStudy> forwarded;
            try {
                forwarded = forwardedStudy(incoming.studyInstanceUid);
            } catch (const std::exception& error) {
                return refuse(0xA700, std::string("out of resources: ") + error.what(), "out_of_resources");
            }
            if (forwarded) {
                // The copy itself coming back is no answer: its UIDs are the node's replacements,
                // and put back it would carry the original image's SOP Instance UID.
                std::optional<std::string> echo;
                try {
                    std::lock_guard<std::mutex> lock(gatewayMutex);
                    echo = gateway->originalUid(incoming.sopInstanceUid);
                } catch (const std::exception& error) {
                    return refuse(0xA700, std::string("out of resources: ") + error.what(), "out_of_resources");
                }
                if (echo) return refuse(0xC000, "the de-identified copy itself, not an answer about it", "filtered");
                const std::string why = pressure(false);
                if (!why.empty()) return refuse(0xA700, "out of resources: " + why, "out_of_resources");
                return {};
            }
            // What the outside server sends is an answer or nothing: an object of its own study is
            // not analysed here (its SR would carry the pseudonyms into the PACS), nor sent out again.
            if (upper(incoming.callingAeTitle) == upper(config.deidentifyFor->aeTitle))
                return refuse(0xC000, "from the de-identification server, but not about a study this node forwarded",
                              "filtered");
            // The SCP accepts answers' classes too: other objects of them are not for the model.
            const std::vector<std::string> images = net::chestRadiographySopClasses(config.acceptSecondaryCapture);
            if (!contains(images, incoming.sopClassUid))
                return refuse(0xC000, "not a chest radiograph, nor an answer about a study this node forwarded",
                              "filtered");
        }
        const std::string modality = upper(incoming.modality);
        const std::string bodyPart = upper(incoming.bodyPartExamined);
        if (!config.modalities.empty() && !contains(config.modalities, modality))
            return refuse(0xC000, "not a chest radiograph: Modality " + (modality.empty() ? "missing" : modality),
                          "filtered");
        if (!config.bodyParts.empty() && !contains(config.bodyParts, bodyPart))
            return refuse(0xC000, "not a chest radiograph: Body Part " + (bodyPart.empty() ? "missing" : bodyPart),
                          "filtered");
        const std::string why = pressure();
        if (!why.empty()) return refuse(0xA700, "out of resources: " + why, "out_of_resources");
        return {};
    }

    net::StoreDecision commit(const net::IncomingInstance& incoming, const net::ReceivedInstance& received)
    {
        if (config.deidentifyFor) {
            std::optional<ForwardedStudy> forwarded;
            try {
                forwarded = forwardedStudy(received.studyInstanceUid);
            } catch (const std::exception& error) {
                return {0xA700, "out of resources: the map of forwarded studies cannot be read"};
            }
            if (forwarded) return commitAnswer(incoming, received, *forwarded);
            // An answer this node put back and sent, routed to it again: nothing more to do (not
            // analysed, not forwarded again).
            try {
                std::lock_guard<std::mutex> lock(gatewayMutex);
                if (gateway->jobFor(received.sopInstanceUid, answerKey())) {
                    QFile::remove(QString::fromStdString(received.filePath));
                    qCInfo(app::lcNode, "%s is an answer put back by this node: nothing to do",
                           received.sopInstanceUid.c_str());
                    return {};
                }
            } catch (const std::exception&) {
                return {0xA700, "out of resources: the queue cannot be read"};
            }
        }
        // The receiver stores every copy of an instance under one name. The job gets a copy of its
        // own (moved, within the store): a copy received again, or one whose commit fails (which the
        // receiver then deletes), never touches the file an earlier job still reads.
        const QString own =
            QString::fromStdString(jobsFolder()) + QStringLiteral("/%1-%2.dcm").arg(nowMs()).arg(receipts.fetch_add(1));
        if (!QFile::rename(QString::fromStdString(received.filePath), own))
            return {0xA700, "out of resources: the instance could not be moved into the job folder"};
        syncFolder(jobsFolder());
        Job job;
        job.sopInstanceUid = received.sopInstanceUid;
        job.studyInstanceUid = received.studyInstanceUid;
        job.sopClassUid = received.sopClassUid;
        job.filePath = own.toStdString();
        job.modelSha256 = modelSha256;
        job.callingAeTitle = incoming.callingAeTitle;
        job.receivedMs = nowMs();
        // The de-identified copy for outside first: refused for want of room, the router sends the
        // image again and both are done then.
        if (config.deidentifyFor) {
            if (std::optional<net::StoreDecision> refusal = forward(job)) {
                QFile::remove(own);
                return *refusal;
            }
        }
        EnqueueOutcome outcome = EnqueueOutcome::Queued;
        try {
            // The audit row first: a reception that cannot be audited is refused.
            audit->record("dicom.received", job.sopInstanceUid, "ok",
                          QString::fromStdString(incoming.callingAeTitle + " " + incoming.callingHost + " study " +
                                                 job.studyInstanceUid));
            outcome = scpQueue->enqueue(job, job.receivedMs);
        } catch (const QueueError& error) {
            QFile::remove(own);  // not acknowledged: the router sends it again
            if (config.usesBroker()) brokerLost(error.what());
            metrics->increment("pulmo_node_refused_total", {{"reason", "out_of_resources"}});
            qCWarning(app::lcNode, "C-STORE of %s refused (0xa700): %s", job.sopInstanceUid.c_str(), error.what());
            return {0xA700, "out of resources: the job could not be queued"};
        } catch (...) {
            QFile::remove(own);  // not acknowledged: the router sends it again
            throw;
        }
        // The broker keeps the instance itself: the receiver's copy is not needed any more.
        if (scpQueue->holdsInstances()) QFile::remove(own);
        metrics->increment("pulmo_node_received_total");
        if (outcome == EnqueueOutcome::Duplicate) {
            QFile::remove(own);  // the earlier job has its own copy, or needs none any more
            qCInfo(app::lcNode, "%s received again: already queued or analysed with this model",
                   job.sopInstanceUid.c_str());
        } else {
            queueDepth.fetch_add(1);
            {
                std::lock_guard<std::mutex> lock(workMutex);
                workAvailable = true;
            }
            workCondition.notify_one();
        }
        return {};
    }

    std::string jobsFolder() const { return config.storeFolder + "/jobs"; }
    // Issue 19, --deidentify-for: the copies waiting to go out, the originals' identity records, the
    // answers put back into their original study.
    std::string outgoingFolder() const { return config.storeFolder + "/outgoing"; }
    std::string identityFolder() const { return config.storeFolder + "/identity"; }
    std::string answersFolder() const { return config.storeFolder + "/answers"; }
    std::string outsideAddress() const { return net::peerAddress(*config.deidentifyFor); }
    /// The result key of a forwarded copy: the image and where it went.
    std::string forwardKey() const { return "deidentify-for:" + outsideAddress(); }
    /// The result key of an answer put back: the answer's SOP Instance UID and where it came from.
    std::string answerKey() const { return "answer-from:" + outsideAddress(); }

    /// fsync of a file: what a committed row names survives a power cut.
    static void syncFile(const std::string& path)
    {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return;
        ::fsync(fd);
        ::close(fd);
    }

    std::optional<ForwardedStudy> forwardedStudy(const std::string& studyInstanceUid)
    {
        std::lock_guard<std::mutex> lock(gatewayMutex);
        return gateway->forwardedStudy(studyInstanceUid);
    }

    /// A de-identified copy of the job's image for the outside server, its UIDs and the original's
    /// identity kept, in the outbox. Nothing when it is done (or was done before, or the image is
    /// refused: the audit says why, and the image is still analysed here); a refusal for want of
    /// room (0xA700: the router sends the image again).
    std::optional<net::StoreDecision> forward(const Job& job)
    {
        std::lock_guard<std::mutex> lock(gatewayMutex);
        const QString recipient = QString::fromStdString(outsideAddress());
        std::string copy;
        try {
            if (gateway->jobFor(job.sopInstanceUid, forwardKey())) return std::nullopt;  // forwarded before
            copy = outgoingFolder() + "/" + deidentifier->replacementUid(job.sopInstanceUid) + ".dcm";
            QFile::remove(QString::fromStdString(copy));  // left by a run that stopped before recording it
            const deid::DeidOutcome outcome = deidentifier->deidentifyFileAs(job.filePath, copy);
            // No room to write the copy: the router sends the image again (the outcome's reason says why).
            if (outcome.status == deid::DeidOutcome::Status::Failed && outcome.error &&
                outcome.error->kind() == dicom::DicomError::Kind::CannotWrite)
                throw std::runtime_error(outcome.reason);
            if (outcome.status != deid::DeidOutcome::Status::Written) {
                const app::DeidAuditRow row = app::deidAuditRow(outcome, recipient, config.deidentifyOptions);
                audit->recordOrLog("deidentify", job.sopInstanceUid,
                                   outcome.status == deid::DeidOutcome::Status::Refused ? "refused" : "failed",
                                   row.result + QStringLiteral("; ") + row.detail);
                metrics->increment(
                    "pulmo_node_deidentified_total",
                    {{"outcome", outcome.status == deid::DeidOutcome::Status::Refused ? "refused" : "failed"}});
                qCWarning(app::lcNode, "%s not forwarded to %s: %s", job.sopInstanceUid.c_str(),
                          outsideAddress().c_str(), outcome.reason.c_str());
                return std::nullopt;
            }
            // One identity record per study, named by its replacement UID (no identity in the name),
            // written (again) until a committed row names it, and on disk before that row is.
            const std::string record = identityFolder() + "/" + outcome.studyInstanceUid + ".dcm";
            if (!gateway->forwardedStudy(outcome.studyInstanceUid)) {
                try {
                    deid::writeIdentityRecord(job.filePath, record);
                } catch (const dicom::DicomError& error) {
                    if (error.kind() == dicom::DicomError::Kind::CannotWrite) throw;
                    // Nothing to put the answers back with: not forwarded, analysed here.
                    QFile::remove(QString::fromStdString(copy));
                    audit->recordOrLog("deidentify", job.sopInstanceUid, "failed",
                                       QStringLiteral("no identity record: ") + QString::fromUtf8(error.what()));
                    metrics->increment("pulmo_node_deidentified_total", {{"outcome", "failed"}});
                    return std::nullopt;
                }
                syncFile(record);
            }
            syncFile(copy);
            syncFolder(outgoingFolder());
            syncFolder(identityFolder());
            Job key = job;
            key.modelSha256 = forwardKey();
            key.filePath = copy;
            OutboxEntry entry;
            entry.destination = outsideAddress();
            entry.studyInstanceUid = job.studyInstanceUid;
            entry.sourceSopInstanceUid = job.sopInstanceUid;
            entry.sopInstanceUid = outcome.sopInstanceUid;
            entry.kind = "deid";
            entry.filePath = copy;
            if (!gateway->recordForwarded(key, entry, outcome.uidMap, job.studyInstanceUid, record,
                                          outcome.patientPseudonym, nowMs())) {
                QFile::remove(QString::fromStdString(copy));
                return std::nullopt;
            }
            const app::DeidAuditRow row = app::deidAuditRow(outcome, recipient, config.deidentifyOptions);
            audit->recordOrLog("deidentify", job.sopInstanceUid, "ok", row.detail);
            metrics->increment("pulmo_node_deidentified_total", {{"outcome", "forwarded"}});
        } catch (const std::exception& error) {
            if (!copy.empty()) QFile::remove(QString::fromStdString(copy));
            qCWarning(app::lcNode, "%s: the de-identified copy for %s could not be kept: %s",
                      job.sopInstanceUid.c_str(), outsideAddress().c_str(), error.what());
            metrics->increment("pulmo_node_refused_total", {{"reason", "out_of_resources"}});
            return net::StoreDecision{0xA700, "out of resources: the de-identified copy could not be kept"};
        }
        {
            std::lock_guard<std::mutex> lock(sendMutex);
            sendAvailable = true;
        }
        sendCondition.notify_one();
        return std::nullopt;
    }

    /// An answer of the outside server about a copy this node forwarded: put back into the original
    /// study (UIDs, Patient and Study modules) and queued for every --send-to; never analysed.
    net::StoreDecision commitAnswer(const net::IncomingInstance& incoming, const net::ReceivedInstance& received,
                                    const ForwardedStudy& study)
    {
        const QString receivedFile = QString::fromStdString(received.filePath);
        const std::string output = answersFolder() + "/" + received.sopInstanceUid + "-" + std::to_string(nowMs()) +
                                   "-" + std::to_string(receipts.fetch_add(1)) + ".dcm";
        std::lock_guard<std::mutex> lock(gatewayMutex);
        deid::ReidOutcome answer;
        try {
            if (gateway->jobFor(received.sopInstanceUid, answerKey())) {  // received before: queued once
                QFile::remove(receivedFile);
                qCInfo(app::lcNode, "the answer %s received again: already queued", received.sopInstanceUid.c_str());
                return {};
            }
            answer = deid::reidentifyFile(
                received.filePath, study.identityRecord, study.pseudonym,
                [&](const std::string& uid) { return gateway->originalUid(uid); }, output);
            syncFile(output);
        } catch (const dicom::DicomError& error) {
            if (error.kind() == dicom::DicomError::Kind::CannotWrite) {  // no room: the server sends it again
                QFile::remove(QString::fromStdString(output));
                qCWarning(app::lcNode, "the answer %s cannot be kept: %s", received.sopInstanceUid.c_str(),
                          error.what());
                return {0xA700, "out of resources: the answer could not be kept"};
            }
            QFile::remove(receivedFile);
            metrics->increment("pulmo_node_refused_total", {{"reason", "invalid"}});
            audit->recordOrLog("reidentify", received.sopInstanceUid, "failed",
                               QString::fromStdString(incoming.callingAeTitle + ": " + error.what()));
            qCWarning(app::lcNode, "the answer %s from %s cannot be put back: %s", received.sopInstanceUid.c_str(),
                      incoming.callingAeTitle.c_str(), error.what());
            return {0xC000, "cannot be put back into its original study"};
        } catch (const std::exception& error) {
            QFile::remove(receivedFile);
            qCWarning(app::lcNode, "the answer %s: %s", received.sopInstanceUid.c_str(), error.what());
            return {0xA700, "out of resources: the answer could not be kept"};
        }
        QFile::remove(receivedFile);
        Job key;
        key.sopInstanceUid = received.sopInstanceUid;
        key.studyInstanceUid = answer.studyInstanceUid;
        key.sopClassUid = received.sopClassUid;
        key.filePath = output;
        key.modelSha256 = answerKey();
        key.callingAeTitle = incoming.callingAeTitle;
        key.receivedMs = nowMs();
        std::vector<OutboxEntry> entries;
        for (const net::PacsPeer& peer : config.sendTo) {
            OutboxEntry entry;
            entry.destination = net::peerAddress(peer);
            entry.studyInstanceUid = answer.studyInstanceUid;
            entry.sourceSopInstanceUid = received.sopInstanceUid;
            entry.sopInstanceUid = received.sopInstanceUid;
            entry.kind = "answer";
            entry.filePath = output;
            entries.push_back(entry);
        }
        try {
            audit->record("reidentify", received.sopInstanceUid, "ok",
                          QString::fromStdString(incoming.callingAeTitle + " " + incoming.callingHost +
                                                 ": answer put back into study " + answer.studyInstanceUid + " (" +
                                                 std::to_string(answer.uidsRestored) + " UIDs)"));
            if (!gateway->recordCompleted(key, entries, nowMs())) {
                QFile::remove(QString::fromStdString(output));  // raced with the same answer: queued once
                return {};
            }
        } catch (const std::exception& error) {
            QFile::remove(QString::fromStdString(output));
            qCWarning(app::lcNode, "the answer %s could not be queued: %s", received.sopInstanceUid.c_str(),
                      error.what());
            return {0xA700, "out of resources: the answer could not be queued"};
        }
        metrics->increment("pulmo_node_answers_total");
        qCInfo(app::lcNode, "answer %s from %s put back into study %s, %zu object(s) queued",
               received.sopInstanceUid.c_str(), incoming.callingAeTitle.c_str(), answer.studyInstanceUid.c_str(),
               entries.size());
        {
            std::lock_guard<std::mutex> lock(sendMutex);
            sendAvailable = true;
        }
        sendCondition.notify_one();
        return {};
    }

    void brokerLost(const std::string& why)
    {
        {
            std::lock_guard<std::mutex> lock(brokerMutex);
            brokerProblem = why;
        }
        if (brokerUp.exchange(false)) qCCritical(app::lcNode, "the broker is unreachable: %s", why.c_str());
    }
    void brokerBack()
    {
        if (!brokerUp.exchange(true)) qCInfo(app::lcNode, "the broker is reachable");
    }

    /// fsync of a folder, so that a rename into it survives a power cut.
    static void syncFolder(const std::string& folder)
    {
        const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) return;
        ::fsync(fd);
        ::close(fd);
    }

    void beat(std::atomic<int64_t>& slot) { slot.store(steadyMs()); }

    /// Fault injection for the tests (issue 18, tst_nodebroker): PULMO_NODE_TEST_ABORT_ON_SOP lists
    /// SOP Instance UIDs (comma-separated) whose decoding aborts the process, as a decoder crash
    /// would. DCMTK with Pulmo's parser-stack guard has no known file that crashes it, and the
    /// broker's answer to a crash (redelivery, the delivery limit) must still be tested. Empty in
    /// production: the unit files never set it.
    /// PULMO_NODE_TEST_ABORT_BEFORE_DELIVERY set: the node aborts when it is about to send the
    /// results of a broker's job (recorded, not yet sent nor acknowledged); `sopInstanceUid` null.
    static void abortWhenTold(const std::string* sopInstanceUid)
    {
        if (sopInstanceUid) {
            abortWhenTold(*sopInstanceUid);
            return;
        }
        if (qEnvironmentVariableIsEmpty("PULMO_NODE_TEST_ABORT_BEFORE_DELIVERY")) return;
        qCCritical(app::lcNode, "aborting before the results are sent, as PULMO_NODE_TEST_ABORT_BEFORE_DELIVERY says");
        std::abort();
    }
    static void abortWhenTold(const std::string& sopInstanceUid)
    {
        static const std::vector<std::string> crashing = [] {
            std::vector<std::string> uids;
            for (const QString& uid :
                 QString::fromUtf8(qgetenv("PULMO_NODE_TEST_ABORT_ON_SOP")).split(',', Qt::SkipEmptyParts))
                uids.push_back(uid.trimmed().toStdString());
            return uids;
        }();
        if (crashing.empty() || !contains(crashing, sopInstanceUid)) return;
        qCCritical(app::lcNode, "%s: aborting, as PULMO_NODE_TEST_ABORT_ON_SOP says (fault injection)",
                   sopInstanceUid.c_str());
        std::abort();
    }

    void workerLoop(int index)
    {
        struct Running {  // the sender delivers for the workers until the last one is done
            std::atomic<int>& count;
            ~Running() { count.fetch_sub(1); }
        } running{workersRunning};
        const std::string name = workerName + ":w" + std::to_string(index);
        std::unique_ptr<WorkQueue> queue;
        try {
            queue = openJobs(true, modelSha256);
        } catch (const std::exception& error) {
            qCCritical(app::lcNode, "worker %s cannot open the queue: %s", name.c_str(), error.what());
            return;
        }
        if (auto* broker = dynamic_cast<AmqpWorkQueue*>(queue.get())) {
            // With a broker a job is acknowledged once the sender has tried to store its results
            // (at once, then it hands the acknowledgement back), so that a node that dies first
            // leaves the job to another.
            broker->setDeliverer([this](const Job& job, AmqpWorkQueue::Acknowledge acknowledge) {
                {
                    std::lock_guard<std::mutex> lock(sendMutex);
                    deliveries.push_back({job, std::move(acknowledge)});
                    sendAvailable = true;
                }
                sendCondition.notify_one();
            });
        }
        std::string lastProblem;
        long long countedRedeliveries = 0;
        while (!stopping.load()) {
            beat(workerBeats[size_t(index)]);
            std::vector<Job> jobs;
            bool failed = false;
            try {
                jobs = queue->lease(name, batchSize, nowMs());
                lastProblem.clear();
            } catch (const std::exception& error) {
                failed = true;
                if (error.what() != lastProblem)  // once per problem, not once a second
                    qCWarning(app::lcNode, "worker %s: %s", name.c_str(), error.what());
                lastProblem = error.what();
            }
            if (auto* broker = dynamic_cast<AmqpWorkQueue*>(queue.get())) {
                const long long redelivered = broker->redeliveredDone();
                if (redelivered > countedRedeliveries) {
                    metrics->increment("pulmo_node_redelivered_total", {}, double(redelivered - countedRedeliveries));
                    countedRedeliveries = redelivered;
                }
            }
            // A broker's lease waited for work itself.
            if (jobs.empty() && queue->waitsForWork() && !failed) continue;
            if (jobs.empty()) {
                std::unique_lock<std::mutex> lock(workMutex);
                workCondition.wait_for(lock, std::chrono::seconds(1), [&] { return workAvailable || stopping.load(); });
                workAvailable = false;
                continue;
            }
            process(*queue, name, jobs, workerBeats[size_t(index)]);
        }
        // A clean stop: the jobs whose results the sender is delivering are acknowledged once it
        // has (the sender runs until the workers are done); the rest go back to the queue.
        if (auto* broker = dynamic_cast<AmqpWorkQueue*>(queue.get())) {
            const int left = broker->settle(std::min(100, 2 * config.timeoutSeconds + 5) * 1000);
            if (left > 0) qCWarning(app::lcNode, "worker %s: %d job(s) handed back undelivered", name.c_str(), left);
        }
    }

    void failJob(WorkQueue& queue, const std::string& worker, const Job& job, const std::string& reason)
    {
        metrics->increment("pulmo_node_failed_total");
        bool dead = false;
        try {
            dead = queue.fail(job.id, worker, reason, nowMs());
        } catch (const std::exception& error) {
            qCWarning(app::lcNode, "%s: the failure could not be recorded: %s", job.sopInstanceUid.c_str(),
                      error.what());
            return;
        }
        if (dead) {
            queueDepth.fetch_sub(1);
            QFile::remove(QString::fromStdString(job.filePath));  // given up: its copy is not needed
            metrics->increment("pulmo_node_dead_letters_total", {{"kind", "job"}});
            qCCritical(app::lcNode, "%s dead-lettered after %d attempts: %s", job.sopInstanceUid.c_str(),
                       config.maxAttempts, reason.c_str());
        } else {
            qCWarning(app::lcNode, "%s: analysis failed (attempt %d of %d): %s", job.sopInstanceUid.c_str(),
                      job.attempts + 1, config.maxAttempts, reason.c_str());
        }
        audit->recordOrLog("ai.analysed", job.sopInstanceUid, dead ? "dead_letter" : "failed",
                           QString::fromStdString(reason));
    }

    void process(WorkQueue& queue, const std::string& worker, const std::vector<Job>& jobs,
                 std::atomic<int64_t>& beatSlot)
    {
        // Decode each; the batch goes to the model in one call.
        std::vector<const Job*> ready;
        std::vector<std::shared_ptr<const dicom::DecodedImage>> images;
        std::vector<inference::GrayImage> inputs;
        for (const Job& job : jobs) {
            abortWhenTold(job.sopInstanceUid);
            try {
                auto image = dicom::loadImage(job.filePath);
                inputs.push_back(app::modelInputImage(image));
                images.push_back(std::move(image));
                ready.push_back(&job);
            } catch (const std::exception& error) {
                failJob(queue, worker, job, error.what());
            }
        }
        if (ready.empty()) return;
        std::vector<inference::Prediction> predictions;
        const int64_t started = steadyMs();
        try {
            std::lock_guard<std::mutex> lock(modelMutex);
            predictions = model.classifier->predict(inputs, inference::PredictOptions{});
            if (predictions.size() != inputs.size())
                throw std::runtime_error("the model answered " + std::to_string(predictions.size()) + " of " +
                                         std::to_string(inputs.size()) + " images");
        } catch (const std::exception& error) {
            if (ready.size() == 1) {
                failJob(queue, worker, *ready.front(), error.what());
                return;
            }
            // One image may break the batch: each alone, so that the others are not failed with it.
            qCWarning(app::lcNode, "a batch of %zu failed (%s): each image alone", ready.size(), error.what());
            for (size_t i = 0; i < ready.size(); ++i) process(queue, worker, {*ready[i]}, beatSlot);
            return;
        }
        const double seconds = double(steadyMs() - started) / 1000.0;
        for (size_t i = 0; i < ready.size(); ++i)
            metrics->observe("pulmo_node_inference_seconds", seconds / double(ready.size()));
        const inference::ModelIdentity& identity = model.classifier->identity();
        for (size_t i = 0; i < ready.size(); ++i) {
            const Job& job = *ready[i];
            beat(beatSlot);
            try {
                // Per model: a new model's objects never overwrite files an old model's entries await.
                const std::string folder = resultsFolder() + "/" + job.sopInstanceUid + "/" + modelSha256.substr(0, 16);
                QDir().mkpath(QString::fromStdString(folder));
                const app::WrittenResult written =
                    app::writeResultObjects(job.filePath, *images[i], predictions[i], identity, folder);
                std::vector<OutboxEntry> entries;
                for (const net::PacsPeer& peer : config.sendTo) {
                    for (const auto& [kind, path, uid] :
                         {std::tuple{"sr", written.reportPath, written.uids.report},
                          std::tuple{"sc", written.capturePath, written.uids.capture}}) {
                        OutboxEntry entry;
                        entry.destination = net::peerAddress(peer);
                        entry.studyInstanceUid = written.studyInstanceUid;
                        entry.sourceSopInstanceUid = job.sopInstanceUid;
                        entry.sopInstanceUid = uid;
                        entry.kind = kind;
                        entry.filePath = path;
                        entries.push_back(entry);
                    }
                }
                const QString detail =
                    QStringLiteral("model %1 label %2 p %3")
                        .arg(QString::fromStdString(identity.sha256), QString::fromStdString(predictions[i].label),
                             QString::number(written.result.probability, 'g', 6));
                queue.complete(job.id, worker, entries, nowMs());
                audit->recordOrLog("ai.analysed", job.sopInstanceUid, "ok", detail);
                audit->recordObservation(app::monitoringObservation(
                    images[i]->info(), inputs[i], predictions[i], identity,
                    QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), QStringLiteral("node")));
                metrics->increment("pulmo_node_processed_total", {{"label", predictions[i].label}});
                queueDepth.fetch_sub(1);
                // The radiograph is not needed any more: its results are in the outbox.
                QFile::remove(QString::fromStdString(job.filePath));
                qCInfo(app::lcNode, "%s analysed: %s (%s), %zu object(s) queued", job.sopInstanceUid.c_str(),
                       predictions[i].label.c_str(), identity.card.name.c_str(), entries.size());
                {
                    std::lock_guard<std::mutex> lock(sendMutex);
                    sendAvailable = true;
                }
                sendCondition.notify_one();
            } catch (const std::exception& error) {
                failJob(queue, worker, job, error.what());
            }
        }
    }

    void senderLoop()
    {
        std::unique_ptr<SqliteWorkQueue> outbox;
        try {
            outbox = std::make_unique<SqliteWorkQueue>(outboxPath(), policy());
        } catch (const std::exception& error) {
            qCCritical(app::lcNode, "the sender cannot open the queue: %s", error.what());
            return;
        }
        std::map<std::string, net::PacsPeer> peers;
        for (const net::PacsPeer& peer : config.sendTo) peers.emplace(net::peerAddress(peer), peer);
        if (config.deidentifyFor) peers.emplace(outsideAddress(), *config.deidentifyFor);
        std::map<std::string, int64_t> downUntil;  // destinations that failed a moment ago
        while (!stopping.load() || workersRunning.load() > 0) {
            beat(senderBeat);
            deliver(*outbox, peers, downUntil);
            if (stopping.load()) {  // only the workers' deliveries now
                std::unique_lock<std::mutex> lock(sendMutex);
                sendCondition.wait_for(lock, std::chrono::milliseconds(100), [&] { return sendAvailable; });
                sendAvailable = false;
                continue;
            }
            std::vector<OutboxEntry> due;
            try {
                due = outbox->due(nowMs(), 256);
            } catch (const std::exception& error) {
                qCWarning(app::lcNode, "sender: %s", error.what());
            }
            if (due.empty()) {
                std::unique_lock<std::mutex> lock(sendMutex);
                sendCondition.wait_for(lock, std::chrono::seconds(1), [&] { return sendAvailable || stopping.load(); });
                sendAvailable = false;
                continue;
            }
            // One association per destination and batch: a destination that is down costs one
            // time-out a pass, and the others' results do not wait behind it.
            std::map<std::string, std::vector<OutboxEntry>> groups;
            for (const OutboxEntry& entry : due) groups[entry.destination].push_back(entry);
            for (auto& [destination, entries] : groups) {
                if (stopping.load()) break;
                // Copies of whole radiographs over a slow outside line: a few per association, so
                // that the results for the PACS (and the broker's jobs) do not wait behind them.
                if (config.deidentifyFor && destination == outsideAddress() && entries.size() > 4) entries.resize(4);
                deliver(*outbox, peers, downUntil);  // the brokers' jobs wait for no retry
                sendGroup(*outbox, peers, destination, entries);
                beat(senderBeat);
            }
        }
    }

    /// The results of the jobs a broker's workers completed, sent at once, in one association per
    /// destination; then each job is acknowledged. A destination that failed in the last 10 s is
    /// not tried now: its results wait in the outbox for the back-off, and the job is acknowledged.
    void deliver(SqliteWorkQueue& outbox, const std::map<std::string, net::PacsPeer>& peers,
                 std::map<std::string, int64_t>& downUntil)
    {
        std::vector<Delivery> batch;
        {
            std::lock_guard<std::mutex> lock(sendMutex);
            batch.swap(deliveries);
        }
        if (batch.empty()) return;
        std::map<std::string, std::vector<OutboxEntry>> groups;
        for (const Delivery& delivery : batch) {
            try {
                const std::optional<Job> key = outbox.jobFor(delivery.job.sopInstanceUid, delivery.job.modelSha256);
                if (!key) continue;
                for (const OutboxEntry& entry : outbox.entriesFor(delivery.job.sopInstanceUid))
                    if (entry.jobId == key->id && entry.state == OutboxEntry::State::Pending)
                        groups[entry.destination].push_back(entry);
            } catch (const std::exception& error) {
                qCWarning(app::lcNode, "%s: its results wait in the outbox: %s", delivery.job.sopInstanceUid.c_str(),
                          error.what());
            }
        }
        abortWhenTold(nullptr);
        for (auto& [destination, entries] : groups) {
            const auto down = downUntil.find(destination);
            if (down != downUntil.end() && down->second > steadyMs()) continue;
            if (sendGroup(outbox, peers, destination, entries) == 0) downUntil[destination] = steadyMs() + 10000;
            beat(senderBeat);
        }
        for (Delivery& delivery : batch) delivery.acknowledge();
    }

    /// Returns how many of `entries` were stored.
    size_t sendGroup(SqliteWorkQueue& outbox, const std::map<std::string, net::PacsPeer>& peers,
                     const std::string& destination, const std::vector<OutboxEntry>& entries)
    {
        const auto failAll = [&](const std::string& reason) {
            for (const OutboxEntry& entry : entries) failEntry(outbox, entry, reason);
        };
        const auto peer = peers.find(destination);
        if (peer == peers.end()) {
            failAll("destination " + destination + " is no longer configured");
            return 0;
        }
        std::vector<std::string> files;
        for (const OutboxEntry& entry : entries) files.push_back(entry.filePath);
        std::vector<net::StoreOutcome> outcomes;
        try {
            outcomes = net::storeFiles(peer->second, config.callingAeTitle, timeouts(), files, &cancellation);
        } catch (const std::exception& error) {
            qCWarning(app::lcNode, "sending %zu object(s) to %s failed: %s", entries.size(), destination.c_str(),
                      error.what());
            failAll(error.what());
            return 0;
        }
        size_t stored = 0;
        for (size_t i = 0; i < entries.size(); ++i) {
            const OutboxEntry& entry = entries[i];
            const net::StoreOutcome* outcome = i < outcomes.size() ? &outcomes[i] : nullptr;
            if (!outcome || !outcome->stored()) {
                const bool untried = !outcome || outcome->state == net::StoreOutcome::State::NotSent;
                if (untried && cancellation.isCancelled()) continue;  // stopping: still pending, no attempt spent
                failEntry(outbox, entry, outcome ? outcome->reason : std::string("not sent"));
                continue;
            }
            try {
                outbox.markSent(entry.id, nowMs());
            } catch (const std::exception& error) {
                qCWarning(app::lcNode, "%s sent but not marked so (it will be sent again): %s",
                          entry.sopInstanceUid.c_str(), error.what());
                continue;
            }
            ++stored;
            metrics->increment(entry.kind == "deid" ? "pulmo_node_forwarded_total" : "pulmo_node_results_sent_total");
            if (entry.kind == "sr")
                metrics->observe("pulmo_node_end_to_end_seconds", double(nowMs() - entry.receivedMs) / 1000.0);
            audit->recordOrLog(
                "pacs.store", entry.sopInstanceUid, "ok",
                QString::fromStdString(destination + " " + entry.kind + " about " + entry.sourceSopInstanceUid));
            removeWhenDelivered(outbox, entry);
        }
        qCInfo(app::lcNode, "%zu object(s) sent to %s", stored, destination.c_str());
        return stored;
    }

    void failEntry(SqliteWorkQueue& outbox, const OutboxEntry& entry, const std::string& reason)
    {
        bool dead = false;
        try {
            dead = outbox.markFailed(entry.id, reason, nowMs());
        } catch (const std::exception& error) {
            qCWarning(app::lcNode, "%s: the failure could not be recorded: %s", entry.sopInstanceUid.c_str(),
                      error.what());
            return;
        }
        audit->recordOrLog("pacs.store", entry.sopInstanceUid, dead ? "dead_letter" : "failed",
                           QString::fromStdString(entry.destination + ": " + reason));
        if (dead) {
            removeWhenDelivered(outbox, entry);  // no destination waits for it any more
            metrics->increment("pulmo_node_dead_letters_total", {{"kind", "outbox"}});
            // The alarm: a result that never reached its destination.
            qCCritical(app::lcNode, "%s (%s about %s) dead-lettered: %s not reached for %d hours: %s",
                       entry.sopInstanceUid.c_str(), entry.kind.c_str(), entry.sourceSopInstanceUid.c_str(),
                       entry.destination.c_str(), config.retryHours, reason.c_str());
        }
    }

    /// Deletes a results file once no destination still waits for it.
    void removeWhenDelivered(SqliteWorkQueue& outbox, const OutboxEntry& sent)
    {
        try {
            for (const OutboxEntry& other : outbox.entriesFor(sent.sourceSopInstanceUid))
                if (other.filePath == sent.filePath && other.state == OutboxEntry::State::Pending) return;
        } catch (const std::exception&) {
            return;
        }
        QFile::remove(QString::fromStdString(sent.filePath));
        // A result's own folder (results/SOP/MODEL) goes with its last file; outgoing/ and answers/ stay.
        if (sent.filePath.rfind(resultsFolder() + "/", 0) == 0)
            QDir().rmdir(QFileInfo(QString::fromStdString(sent.filePath)).absolutePath());
    }

    NodeConfig config;
    std::unique_ptr<NodeMetrics> metrics;
    std::unique_ptr<NodeAudit> audit;
    std::unique_ptr<WorkQueue> scpQueue;   // the SCP thread's connection (a publisher, with a broker)
    std::unique_ptr<WorkQueue> mainQueue;  // refresh()'s connection
    // --deidentify-for: the SCP thread's connection to the outbox file (the copies, the UID map, the
    // answers), under its mutex, and the de-identifier under the installation's key.
    std::unique_ptr<SqliteWorkQueue> gateway;
    std::mutex gatewayMutex;
    std::unique_ptr<deid::Deidentifier> deidentifier;
    std::atomic<bool> brokerUp{false};
    mutable std::mutex brokerMutex;
    std::string brokerProblem = "not connected yet";
    std::mutex mainQueueMutex;
    app::LoadedModel model;
    std::mutex modelMutex;
    std::string modelSha256;
    int batchSize = 1;  // images leased and analysed together
    std::string workerName;
    std::unique_ptr<net::StorageScp> scp;
    std::unique_ptr<HttpEndpoint> http;
    std::vector<std::thread> workers;
    std::thread sender;
    std::vector<std::atomic<int64_t>> workerBeats = std::vector<std::atomic<int64_t>>(64);
    std::atomic<int64_t> senderBeat{0};
    std::atomic<int64_t> scpBeat{0};
    // Model monitoring's figures as metrics (issue 20): computed on a thread of their own, at start
    // and every kMonitoringIntervalMs, from the audit database's observations of this model.
    std::thread monitoringThread;
    std::atomic<bool> monitoringBusy{false};
    std::mutex monitoringMutex;  // refresh() runs on the housekeeping timer and on /metrics requests
    int64_t monitoringDueMs = 0;
    std::atomic<bool> started{false};
    std::atomic<bool> stopping{false};
    std::atomic<int> workersRunning{0};
    std::atomic<long long> queueDepth{0};
    std::atomic<unsigned long long> receipts{0};  // names of the jobs' own copies
    net::Cancellation cancellation;
    std::mutex workMutex;
    std::condition_variable workCondition;
    bool workAvailable = false;
    std::mutex sendMutex;
    std::condition_variable sendCondition;
    bool sendAvailable = false;
    struct Delivery {
        Job job;
        AmqpWorkQueue::Acknowledge acknowledge;
    };
    std::vector<Delivery> deliveries;  // under sendMutex: a broker's completed jobs, for the sender
};

AiNode::AiNode(NodeConfig config) : m_impl(std::make_unique<Impl>(std::move(config))) {}

AiNode::~AiNode()
{
    stop();
}

void AiNode::start()
{
    Impl& d = *m_impl;
    const NodeConfig& config = d.config;
    if (!QDir().mkpath(QString::fromStdString(d.incomingFolder())) ||
        !QDir().mkpath(QString::fromStdString(d.jobsFolder())) ||
        !QDir().mkpath(QString::fromStdString(d.resultsFolder())))
        throw std::runtime_error(config.storeFolder + ": cannot create the store folder");
    d.workerName = QSysInfo::machineHostName().toStdString() + ":" + std::to_string(::getpid());
    // Before the queues: with a broker, the prefetch is the batch.
    const QString modelPath =
        config.modelPath.empty() ? app::defaultModelPath() : QString::fromStdString(config.modelPath);
    d.model = app::loadModel(modelPath, config.device);
    d.modelSha256 = d.model.classifier->identity().sha256;
    const bool onGpu = d.model.classifier->identity().device.find("cuda") != std::string::npos;
    // With a broker a CPU node takes one job at a time, so that it hoards none another node could do.
    d.batchSize = config.batchSize > 0 ? config.batchSize : (onGpu ? 8 : (config.usesBroker() ? 1 : 4));

    if (config.usesBroker()) {
        // Deliveries written by an earlier run are the broker's again: they are redelivered.
        const QDir jobs(QString::fromStdString(d.jobsFolder()));
        for (const QString& stale : jobs.entryList({QStringLiteral("amqp-*.dcm")}, QDir::Files))
            QFile::remove(jobs.filePath(stale));
        d.metrics->addGauge("pulmo_node_broker_up", "1 when the node reached the broker at its last try, else 0.");
        d.metrics->addGauge("pulmo_node_broker_messages",
                            "Messages in the broker's queues (jobs waiting, waiting for a retry, dead letters), as "
                            "the broker counts them (a passive declare: delivered ones not included).",
                            {"queue"});
        d.metrics->addGauge("pulmo_node_broker_consumers", "Consumers of the jobs' queue on the broker (all nodes).");
        d.metrics->addCounter("pulmo_node_redelivered_total",
                              "Jobs delivered again whose results this node had made already (acknowledged).");
    }
    d.scpQueue = d.openJobs(false);
    d.mainQueue = d.openJobs(true);
    if (auto* sqlite = dynamic_cast<SqliteWorkQueue*>(d.mainQueue.get())) {
        // One node owns an SQLite queue: what is still leased was in the hands of this node's last run.
        const int recovered = sqlite->recoverAbandoned("the node stopped while analysing it", nowMs());
        if (recovered > 0)
            qCWarning(app::lcNode, "%d job(s) in hand when the node last stopped are queued again", recovered);
        const int adopted = sqlite->adoptModel(d.modelSha256, nowMs());
        if (adopted > 0) qCWarning(app::lcNode, "%d queued job(s) of another model move to this one", adopted);
        d.queueDepth.store(sqlite->counts().depth());
    }
    d.audit = std::make_unique<NodeAudit>(config.auditDatabase,
                                          QStringLiteral("node:") + QString::fromStdString(config.aeTitle));
    if (!config.auditRepository.empty()) {
        std::optional<feedback::AuditRepository> repository =
            feedback::parseAuditRepository(QString::fromStdString(config.auditRepository), nullptr);
        if (repository) {
            repository->trustedCaFile = QString::fromStdString(config.auditTls.trustedCaFile);
            repository->certificateFile = QString::fromStdString(config.auditTls.certificateFile);
            repository->privateKeyFile = QString::fromStdString(config.auditTls.privateKeyFile);
            feedback::AuditSource source;
            source.applicationName = QStringLiteral("pulmo-node");
            source.aeTitle = QString::fromStdString(config.aeTitle);
            source.hostName = QSysInfo::machineHostName();
            source.processId = QString::number(::getpid());
            source.sourceType = 4;  // an application server
            d.audit->forwardTo(
                std::make_unique<feedback::AuditForwarder>(config.auditDatabase, *repository, std::move(source)));
            qCInfo(app::lcNode, "audit rows also go to %s", config.auditRepository.c_str());
        }
    }
    d.metrics->addGauge("pulmo_node_monitoring_alarms_open",
                        "Model monitoring: open alarms of the node's model, by kind (input_drift, metadata_drift, "
                        "prediction_drift, agreement_drift, golden_set), as pulmo-cli monitor reports them.",
                        {"kind"});
    d.metrics->addGauge("pulmo_node_monitoring_reference_complete",
                        "Model monitoring: 1 once the model's reference period is complete (tests run), else 0.");
    d.metrics->addGauge("pulmo_node_monitoring_value",
                        "Model monitoring: each test's figure on the last day, by kind, metric and window (the "
                        "charts' daily values: distances, KS D, share changes, rates, CUSUMs).",
                        {"kind", "metric", "window"});
    d.metrics->addGauge("pulmo_node_monitoring_threshold",
                        "Model monitoring: the threshold (effect floor) of each pulmo_node_monitoring_value.",
                        {"kind", "metric", "window"});
    d.metrics->addGauge("pulmo_node_monitoring_updated_timestamp_seconds",
                        "Model monitoring: when its metrics were last computed (Unix time).");
    for (const char* kind : kMonitoringKinds)
        d.metrics->set("pulmo_node_monitoring_alarms_open", 0.0, {{"kind", kind}});
    if (config.deidentifyFor) {
        for (const std::string& folder : {d.outgoingFolder(), d.identityFolder(), d.answersFolder()})
            if (!QDir().mkpath(QString::fromStdString(folder)))
                throw std::runtime_error(folder + ": cannot create the folder");
        // The key of this installation's audit database, as pulmo-cli deidentify uses it.
        feedback::FeedbackDatabase keys(config.auditDatabase);
        d.deidentifier = std::make_unique<deid::Deidentifier>(
            feedback::FeedbackStore(keys).derivedKey("deidentification").toStdString(), config.deidentifyOptions);
        d.gateway = std::make_unique<SqliteWorkQueue>(d.outboxPath(), d.policy());
        d.metrics->addCounter("pulmo_node_deidentified_total",
                              "Images de-identified for --deidentify-for, by outcome: forwarded (queued for the "
                              "outside server), refused (burned-in text), failed.",
                              {"outcome"});
        d.metrics->addCounter("pulmo_node_forwarded_total",
                              "De-identified copies stored at the --deidentify-for server.");
        d.metrics->addCounter("pulmo_node_answers_total",
                              "Objects of the --deidentify-for server put back into their original study and "
                              "queued for every --send-to.");
        qCInfo(app::lcNode, "de-identified copies go to %s (%s)", d.outsideAddress().c_str(),
               config.deidentifyOptions.names().empty() ? "basic profile" : "with options");
    }

    qCInfo(app::lcNode, "model %s %s (sha256 %s) on %s", d.model.classifier->identity().card.name.c_str(),
           d.model.classifier->identity().card.version.c_str(), d.modelSha256.c_str(),
           d.model.classifier->identity().device.c_str());

    // Every thread's heartbeat starts now: one that never turns (it could not open the queue) is
    // not alive after 30 s, and systemd's watchdog restarts the node.
    for (int i = 0; i < config.workers; ++i) d.workerBeats[size_t(i)].store(steadyMs());
    d.senderBeat.store(steadyMs());
    d.workersRunning.store(config.workers);
    for (int i = 0; i < config.workers; ++i) d.workers.emplace_back([&d, i] { d.workerLoop(i); });
    d.sender = std::thread([&d] { d.senderLoop(); });

    net::StorageScpOptions options;
    options.aeTitle = config.aeTitle;
    options.port = config.port;
    options.listenAddress = config.listenAddress;
    options.acceptFrom = config.acceptFrom;
    options.sopClasses = net::chestRadiographySopClasses(config.acceptSecondaryCapture);
    if (config.deidentifyFor)  // the outside server's answers: reports and captures
        for (const char* answer : {
                 "1.2.840.10008.5.1.4.1.1.88.11",  // Basic Text SR
                 "1.2.840.10008.5.1.4.1.1.88.22",  // Enhanced SR
                 "1.2.840.10008.5.1.4.1.1.88.33",  // Comprehensive SR
                 "1.2.840.10008.5.1.4.1.1.88.34",  // Comprehensive 3D SR
                 "1.2.840.10008.5.1.4.1.1.88.65",  // Chest CAD SR
                 "1.2.840.10008.5.1.4.1.1.88.59",  // Key Object Selection
                 "1.2.840.10008.5.1.4.1.1.11.1",   // Grayscale Softcopy Presentation State
                 "1.2.840.10008.5.1.4.1.1.66.4",   // Segmentation
                 "1.2.840.10008.5.1.4.1.1.104.1",  // Encapsulated PDF
                 "1.2.840.10008.5.1.4.1.1.7",      // Secondary Capture
                 "1.2.840.10008.5.1.4.1.1.7.2",    // Multi-frame Grayscale Byte SC
                 "1.2.840.10008.5.1.4.1.1.7.4",    // Multi-frame True Color SC
             })
            if (!contains(options.sopClasses, answer)) options.sopClasses.push_back(answer);
    options.storageFolder = d.incomingFolder();
    options.syncToDisk = true;
    options.tls = config.tls;
    d.scp = std::make_unique<net::StorageScp>(options);
    d.scp->setAdmit([&d](const net::IncomingInstance& incoming) { return d.admit(incoming); });
    d.scp->setCommit([&d](const net::IncomingInstance& incoming, const net::ReceivedInstance& received) {
        return d.commit(incoming, received);
    });
    d.scp->start();
    if (config.acceptFrom.empty())
        qCWarning(app::lcNode, "no --accept-from: associations from any caller are accepted");
    d.started.store(true);
    // Last: once /livez answers, the DICOM port is open and the model loaded.
    if (config.httpPort > 0) {
        HttpHandlers handlers;
        handlers.live = [this] { return live(); };
        handlers.ready = [this] { return ready(); };
        handlers.metrics = [this] {
            refresh();
            return m_impl->metrics->exposition();
        };
        d.http = std::make_unique<HttpEndpoint>(config.httpAddress, uint16_t(config.httpPort), handlers);
        d.http->start();
    }

    refresh();
    qCInfo(app::lcNode, "pulmo-node %s listening on %s:%d, %zu destination(s), %d worker(s)", config.aeTitle.c_str(),
           config.listenAddress.empty() ? "*" : config.listenAddress.c_str(), int(config.port), config.sendTo.size(),
           config.workers);
}

void AiNode::stop() noexcept
{
    Impl& d = *m_impl;
    if (d.stopping.exchange(true)) return;
    qCInfo(app::lcNode, "stopping");
    if (d.scp) d.scp->stop();  // no new images; the one being received is refused or finished
    d.workCondition.notify_all();
    d.sendCondition.notify_all();
    for (std::thread& worker : d.workers)
        if (worker.joinable()) worker.join();
    d.cancellation.cancel();
    if (d.sender.joinable()) d.sender.join();
    if (d.http) d.http->stop();
    {
        std::lock_guard<std::mutex> monitoringLock(d.monitoringMutex);
        if (d.monitoringThread.joinable()) d.monitoringThread.join();
    }
    d.started.store(false);
    qCInfo(app::lcNode, "stopped");
}

HealthAnswer AiNode::live() const
{
    const Impl& d = *m_impl;
    const int64_t now = steadyMs();
    const int64_t limit = 30000;
    for (int i = 0; i < d.config.workers; ++i)
        if (d.workerBeats[size_t(i)].load() && now - d.workerBeats[size_t(i)].load() > limit)
            return {false, "worker " + std::to_string(i) + " has not turned for " +
                               std::to_string((now - d.workerBeats[size_t(i)].load()) / 1000) + " s"};
    if (d.senderBeat.load() && now - d.senderBeat.load() > limit + 1000LL * d.config.timeoutSeconds * 4)
        return {false, "the sender has not turned for " + std::to_string((now - d.senderBeat.load()) / 1000) + " s"};
    return {true, "ok"};
}

HealthAnswer AiNode::ready() const
{
    const Impl& d = *m_impl;
    if (!d.started.load()) return {false, "not started"};
    const std::string why = d.pressure();
    if (!why.empty()) return {false, why};
    return {true, "ok"};
}

void AiNode::refresh()
{
    Impl& d = *m_impl;
    if (!d.mainQueue) return;
    try {
        std::lock_guard<std::mutex> lock(d.mainQueueMutex);
        const QueueCounts counts = d.mainQueue->counts();
        d.queueDepth.store(counts.depth());
        d.metrics->set("pulmo_node_queue_depth", double(counts.depth()));
        d.metrics->set("pulmo_node_outbox_pending", double(counts.outboxPending));
        if (auto* broker = dynamic_cast<AmqpWorkQueue*>(d.mainQueue.get())) {
            const BrokerDepth depth = broker->lastDepth();  // counts() just asked the broker
            const std::string& queue = d.config.brokerQueue;
            d.metrics->set("pulmo_node_broker_messages", double(depth.ready), {{"queue", queue}});
            d.metrics->set("pulmo_node_broker_messages", double(depth.retrying), {{"queue", queue + ".retry"}});
            d.metrics->set("pulmo_node_broker_messages", double(depth.dead), {{"queue", queue + ".dead"}});
            d.metrics->set("pulmo_node_broker_consumers", double(depth.consumers));
            d.metrics->set("pulmo_node_broker_up", 1.0);
            d.brokerBack();
        }
    } catch (const std::exception& error) {
        if (d.config.usesBroker()) {
            d.metrics->set("pulmo_node_broker_up", 0.0);
            d.brokerLost(error.what());
        } else {
            qCWarning(app::lcNode, "queue counts: %s", error.what());
        }
    }
    d.metrics->set("pulmo_node_ready", ready().ok ? 1.0 : 0.0);
    std::lock_guard<std::mutex> monitoringLock(d.monitoringMutex);
    if (d.audit && !d.stopping.load() && !d.monitoringBusy.load() && nowMs() >= d.monitoringDueMs) {
        d.monitoringDueMs = nowMs() + kMonitoringIntervalMs;
        if (d.monitoringThread.joinable()) d.monitoringThread.join();
        d.monitoringBusy.store(true);
        try {
            d.monitoringThread = std::thread([&d] {
                d.updateMonitoring();
                d.monitoringBusy.store(false);
            });
        } catch (const std::exception& error) {  // no thread: try again at the next interval
            d.monitoringBusy.store(false);
            qCWarning(app::lcNode, "model monitoring: %s", error.what());
        }
    }
}

NodeMetrics& AiNode::metrics()
{
    return *m_impl->metrics;
}

const NodeConfig& AiNode::config() const
{
    return m_impl->config;
}

}  // namespace pulmo::node
