#pragma once
// pulmo-node's jobs on a RabbitMQ broker (issue 18): the second WorkQueue, for several nodes that
// share their work. The SQLite queue stays the default; the results outbox stays on the node's own
// SQLite file either way (a result is sent by the node that made it).
//
// On the broker (declared by every node, the same arguments on each):
//   QUEUE          durable, a quorum queue where the broker offers them (else classic); its dead
//                  letters go to QUEUE.dead; x-delivery-limit = maxAttempts - 1, so that an image
//                  whose analysis kills the node (a decoder crash) is dead-lettered by the broker
//                  after maxAttempts deliveries instead of going round for ever.
//   QUEUE.retry    durable, quorum where offered: a failed job waits here for its back-off
//                  (per-message TTL), then returns to QUEUE (dead-lettered at least once).
//   QUEUE.dead     durable: the dead letters, the reason in their headers (x-pulmo-error, or the
//                  broker's latest x-death entry, reason "delivery_limit").
//   exchange QUEUE.dlx (direct, durable) routes to QUEUE.dead.
// A job's message is the instance itself (application/dicom, persistent), its metadata in headers
// (x-pulmo-*), its message id "SOP-UID:MODEL-SHA256" (the result key). The broker is the only
// storage the nodes share: no shared file system.
//
// Threads: one object per thread (each has its own connections; librabbitmq's are not
// thread-safe). A lost connection is opened again on the next call, with back-off (1 s doubled to
// 15 s); until then every call throws QueueError naming the broker and the reason.

#include "WorkQueue.h"

#include <functional>
#include <memory>
#include <string>

namespace pulmo::node {

/// An amqp:// or amqps:// URL, as the RabbitMQ URI specification reads it (user, password, host
/// and vhost percent-decoded; "amqp://host" is the vhost "/", "%2F" is "/").
struct BrokerAddress {
    bool tls = false;
    std::string user = "guest";
    std::string password = "guest";
    std::string host = "localhost";
    int port = 5672;
    std::string vhost = "/";
    /// "amqp://USER@HOST:PORT/VHOST": for logs (never the password).
    std::string display() const;
};
/// "scheme://user:***@host...": a URL fit for a log or an error message.
std::string maskCredentials(const std::string& url);
/// Throws QueueError naming the URL (password masked) and what is wrong with it.
BrokerAddress parseBrokerUrl(const std::string& url);

struct BrokerOptions {
    std::string url;                        ///< amqp://USER:PASS@HOST:PORT/VHOST or amqps://...
    std::string queue = "pulmo.jobs";       ///< the jobs' queue; QUEUE.retry, QUEUE.dead, QUEUE.dlx beside it
    int prefetch = 1;                       ///< unacknowledged deliveries per consumer (1 on a CPU, the batch on a GPU)
    std::string jobsFolder;                 ///< where a delivered instance is written for the worker
    std::string caFile, certFile, keyFile;  ///< amqps: the CA that signed the broker, a client certificate
    int timeoutSeconds = 10;                ///< connect, login, confirm
    std::string modelSha256;                ///< a worker's model: delivered jobs are keyed by it (empty: as published)
};

/// What the broker says about the queues (a passive declare each: ready messages and consumers).
struct BrokerDepth {
    long long ready = 0;  ///< QUEUE's messages not delivered
    long long consumers = 0;
    long long retrying = 0;  ///< QUEUE.retry
    long long dead = 0;      ///< QUEUE.dead
    bool quorum = false;     ///< QUEUE is a quorum queue
};

class AmqpWorkQueue : public WorkQueue {
public:
    /// `local`: the node's own SQLite file (outbox and the result keys done here), or null for a
    /// publisher that only enqueues (the receiver's thread). Connects lazily.
    AmqpWorkQueue(BrokerOptions options, RetryPolicy policy, std::unique_ptr<SqliteWorkQueue> local);
    ~AmqpWorkQueue() override;
    AmqpWorkQueue(const AmqpWorkQueue&) = delete;
    AmqpWorkQueue& operator=(const AmqpWorkQueue&) = delete;

    /// Publishes the instance (read from job.filePath) and returns once the broker confirmed it.
    /// Never Duplicate: the broker keeps no keys (a second copy is harmless: see complete()).
    EnqueueOutcome enqueue(const Job& job, int64_t nowMs) override;
    /// Waits up to about half a second for a first delivery, then takes what else has arrived, up
    /// to `max`. Each delivered instance is written to the jobs folder. A delivery whose result key
    /// is done on this node already is acknowledged at once and not returned.
    std::vector<Job> lease(const std::string& worker, int max, int64_t nowMs) override;
    /// The result key and the outbox entries go to the local file in one transaction (none when the
    /// key was done here before; due after a minute, so that the node's sender leaves them to the
    /// deliverer). With a deliverer the delivery is acknowledged once the deliverer has called the
    /// acknowledgement it is handed (from any thread, at any time: the ack itself goes out on this
    /// object's thread at its next lease()); a node that dies before its results reached their
    /// destinations leaves the job to another. Without one, or for a key done before, at once. When
    /// the connection was lost meanwhile the broker delivers the job again; the local key and the
    /// stable result UIDs make that harmless.
    void complete(long long jobId, const std::string& worker, const std::vector<OutboxEntry>& results,
                  int64_t nowMs) override;
    /// Republished with one attempt more to QUEUE.retry (back-off as the SQLite queue's), or to
    /// QUEUE.dead with `reason` in x-pulmo-error after maxAttempts; confirmed, then acknowledged.
    bool fail(long long jobId, const std::string& worker, const std::string& reason, int64_t nowMs) override;
    /// Rejected with requeue (the broker counts the delivery).
    void release(long long jobId, const std::string& worker) override;
    std::optional<Job> job(long long id) override;
    /// queued: QUEUE's ready messages and QUEUE.retry's; leased: this object's in hand; deadLetters:
    /// QUEUE.dead; the outbox counts from the local file.
    QueueCounts counts() override;
    bool holdsInstances() const override { return true; }
    bool waitsForWork() const override { return true; }

    /// Called by complete() with the job (its results pending in the local outbox) and the
    /// acknowledgement to call once they are delivered, or given up for now (kept in the outbox).
    /// Must not throw.
    using Acknowledge = std::function<void()>;
    void setDeliverer(std::function<void(const Job&, Acknowledge)> deliverer);

    BrokerDepth depth();
    /// What the last depth() (or counts()) found.
    BrokerDepth lastDepth() const;
    /// At a clean stop: acknowledges the jobs the deliverer is done with, waiting up to `timeoutMs`
    /// for those still being delivered; returns how many are left (they go back to the queue).
    int settle(int timeoutMs);
    /// The local file (null for a publisher).
    SqliteWorkQueue* local();
    /// Deliveries acknowledged at once because their result key was done here already.
    long long redeliveredDone() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace pulmo::node
