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
    /// `labelNames`: the labels every series of the metric has (std::invalid_argument when an update
    /// or a read gives other label names). Without label names the metric has one series, shown
    /// (at 0) from the start; with them a series is shown once it is first updated. A name that is
    /// not a valid metric or label name, a label name given twice, "__..." or a histogram's "le"
    /// throw std::invalid_argument; a name that a histogram's samples use (NAME_bucket, NAME_sum,
    /// NAME_count) throws std::logic_error like a name registered twice.
    void addCounter(const std::string& name, const std::string& help, std::vector<std::string> labelNames = {});
    void addGauge(const std::string& name, const std::string& help, std::vector<std::string> labelNames = {});
    /// `bounds`: the buckets' upper bounds, ascending and finite (the +Inf bucket is added; a last
    /// +Inf given is dropped); std::invalid_argument otherwise.
    void addHistogram(const std::string& name, const std::string& help, std::vector<double> bounds,
                      std::vector<std::string> labelNames = {});

    /// Counters and gauges. A counter's `by` must be finite and >= 0 (std::invalid_argument); a
    /// histogram throws std::logic_error. `by` 0 makes the series exist (shown at 0).
    void increment(const std::string& name, const MetricLabels& labels = {}, double by = 1.0);
    /// Gauges only (std::logic_error otherwise); any value, NaN and infinities included.
    void set(const std::string& name, double value, const MetricLabels& labels = {});
    /// Histograms only (std::logic_error otherwise); NaN throws std::invalid_argument.
    void observe(const std::string& name, double value, const MetricLabels& labels = {});

    /// A counter's or gauge's current value (0 for a series never touched), for tests and /readyz.
    /// Every method may be called from any thread.
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
