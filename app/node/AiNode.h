#pragma once
// pulmo-node's engine (issue 17): the Storage SCP that admits chest radiographs and makes each a
// durable job before answering "stored"; the workers that decode, analyse and write the SR and SC
// (stable UIDs) and put them in the outbox in the job's own transaction; the sender that C-STOREs
// the outbox to every destination with capped back-off; metrics, readiness and the audit trail.
//
// Threads: the SCP's own, `workers` worker threads, one sender thread; start() and stop() on the
// owner's thread. Every thread has its own connection to the queue file.

#include "HttpEndpoint.h"
#include "NodeConfig.h"
#include "NodeMetrics.h"

#include <memory>

namespace pulmo::node {

class AiNode {
public:
    explicit AiNode(NodeConfig config);
    /// stop(). Never throws.
    ~AiNode();
    AiNode(const AiNode&) = delete;
    AiNode& operator=(const AiNode&) = delete;

    /// Opens the queue and the audit database, loads the plugin and the model, starts the
    /// workers, the sender, the HTTP endpoint and last the Storage SCP. Throws std::runtime_error
    /// naming what could not be started (the model, the port, the queue file) and why.
    void start();
    /// A clean stop: no new associations; the job in a worker's hands is finished (a batch being
    /// analysed) or released; the sender ends its association. Idempotent. Never throws.
    void stop() noexcept;

    /// /livez: every thread turned within the last 30 s.
    HealthAnswer live() const;
    /// /readyz: started, not stopping, free disk and queue depth within the limits.
    HealthAnswer ready() const;
    /// Refreshes the gauges and the cached queue depth (about once a second, any one thread).
    void refresh();

    NodeMetrics& metrics();
    const NodeConfig& config() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace pulmo::node
