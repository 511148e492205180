#pragma once
// pulmo-node's metrics (issue 17 item 5), exposed in the Prometheus text format (version 0.0.4):
// counters (with labels), gauges and histograms, registered by name with their help text.
// Thread-safe: the receiver, workers and sender update them, the HTTP thread reads them.

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pulmo::node {

/// Label name -> value (kept sorted, so that one set of labels is one series).
using MetricLabels = std::map<std::string, std::string>;

class NodeMetrics {
public:
    NodeMetrics();
    ~NodeMetrics();
    NodeMetrics(const NodeMetrics&) = delete;
    NodeMetrics& operator=(const NodeMetrics&) = delete;

    /// Registration: a name used before it is registered throws std::logic_error, as does a name
    /// registered twice. Names and label names follow Prometheus' rules ([a-zA-Z_:][a-zA-Z0-9_:]*).
    void addCounter(const std::string& name, const std::string& help);
    void addGauge(const std::string& name, const std::string& help);
    /// `bounds`: the buckets' upper bounds, ascending (the +Inf bucket is added).
    void addHistogram(const std::string& name, const std::string& help, std::vector<double> bounds);

    void increment(const std::string& name, const MetricLabels& labels = {}, double by = 1.0);
    void set(const std::string& name, double value, const MetricLabels& labels = {});
    void observe(const std::string& name, double value, const MetricLabels& labels = {});

    /// A counter's or gauge's current value (0 for a series never touched), for tests and /readyz.
    double value(const std::string& name, const MetricLabels& labels = {}) const;
    /// A histogram's observation count.
    long long count(const std::string& name, const MetricLabels& labels = {}) const;

    /// Every metric as `# HELP`, `# TYPE` and its series; histograms as _bucket{le=...} (cumulative),
    /// _sum and _count; label values escaped (\\, \", \n); numbers locale-free (shortest round-trip).
    std::string exposition() const;

    /// The registry pulmo-node uses: pulmo_node_received_total, pulmo_node_refused_total{reason},
    /// pulmo_node_processed_total{label}, pulmo_node_failed_total, pulmo_node_results_sent_total,
    /// pulmo_node_queue_depth, pulmo_node_outbox_pending, pulmo_node_dead_letters_total{kind},
    /// pulmo_node_inference_seconds and pulmo_node_end_to_end_seconds (histograms), pulmo_node_ready.
    static std::unique_ptr<NodeMetrics> forNode();

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace pulmo::node
