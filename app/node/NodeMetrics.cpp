#include "NodeMetrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace pulmo::node {

namespace {

enum class Kind { Counter, Gauge, Histogram };

const char* kindName(Kind kind)
{
    switch (kind) {
        case Kind::Counter:
            return "counter";
        case Kind::Gauge:
            return "gauge";
        case Kind::Histogram:
            return "histogram";
    }
    return "untyped";
}

bool isAsciiLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isAsciiDigit(char c)
{
    return c >= '0' && c <= '9';
}

/// [a-zA-Z_:][a-zA-Z0-9_:]*
bool isMetricName(const std::string& name)
{
    if (name.empty()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool allowed = isAsciiLetter(c) || c == '_' || c == ':' || (i > 0 && isAsciiDigit(c));
        if (!allowed) return false;
    }
    return true;
}

/// [a-zA-Z_][a-zA-Z0-9_]*, and not "__..." (reserved for Prometheus' own use).
bool isLabelName(const std::string& name)
{
    if (name.empty() || name.rfind("__", 0) == 0) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool allowed = isAsciiLetter(c) || c == '_' || (i > 0 && isAsciiDigit(c));
        if (!allowed) return false;
    }
    return true;
}

/// Shortest text that reads back as the same double, whatever the locale; the format's spellings of
/// the values that are not numbers.
void appendNumber(std::string& out, double value)
{
    if (std::isnan(value)) {
        out += "NaN";
        return;
    }
    if (std::isinf(value)) {
        out += value > 0 ? "+Inf" : "-Inf";
        return;
    }
    char buffer[64];
    const std::to_chars_result result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void appendInteger(std::string& out, long long value)
{
    char buffer[32];
    const std::to_chars_result result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

std::string numberText(double value)
{
    std::string text;
    appendNumber(text, value);
    return text;
}

/// HELP text escapes \ and line feeds; label values also escape the double quote.
void appendEscaped(std::string& out, const std::string& text, bool quoteToo)
{
    for (const char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '"' && quoteToo)
            out += "\\\"";
        else
            out += c;
    }
}

std::string joined(const std::vector<std::string>& names)
{
    std::string text = "{";
    for (std::size_t i = 0; i < names.size(); ++i) text += (i ? "," : "") + names[i];
    return text + "}";
}

struct Series {
    double value = 0.0;             ///< counter, gauge
    std::vector<long long> counts;  ///< histogram: observations per bucket (not cumulative), the last +Inf
    double sum = 0.0;
    long long count = 0;
};

struct Family {
    std::string name;
    std::string help;
    Kind kind = Kind::Counter;
    std::vector<std::string> labelNames;  ///< sorted, as a MetricLabels' keys are
    std::vector<double> bounds;           ///< histogram: finite, ascending; +Inf implied
    std::vector<std::string> boundTexts;  ///< the le label of each bound
    std::map<MetricLabels, Series> series;
};

}  // namespace

class NodeMetrics::Impl {
public:
    mutable std::mutex mutex;
    std::vector<std::unique_ptr<Family>> families;  ///< in registration order, the exposition's order
    std::map<std::string, Family*> byName;
    /// Every name a family's samples use (a histogram's _bucket, _sum, _count too) -> the family.
    std::map<std::string, std::string> sampleNames;

    void add(std::string name, std::string help, Kind kind, std::vector<std::string> labelNames,
             std::vector<double> bounds)
    {
        if (!isMetricName(name))
            throw std::invalid_argument("metric name \"" + name + "\" is not [a-zA-Z_:][a-zA-Z0-9_:]*");
        std::sort(labelNames.begin(), labelNames.end());
        for (std::size_t i = 0; i < labelNames.size(); ++i) {
            if (!isLabelName(labelNames[i]))
                throw std::invalid_argument("metric " + name + ": label name \"" + labelNames[i] +
                                            "\" is not [a-zA-Z_][a-zA-Z0-9_]* (or starts with __)");
            if (i > 0 && labelNames[i] == labelNames[i - 1])
                throw std::invalid_argument("metric " + name + ": label name \"" + labelNames[i] + "\" given twice");
            if (kind == Kind::Histogram && labelNames[i] == "le")
                throw std::invalid_argument("histogram " + name + ": the label name \"le\" is the buckets' own");
        }
        if (kind == Kind::Histogram) {
            if (!bounds.empty() && std::isinf(bounds.back()) && bounds.back() > 0)
                bounds.pop_back();  // the +Inf bucket is implied
            for (std::size_t i = 0; i < bounds.size(); ++i) {
                if (!std::isfinite(bounds[i]))
                    throw std::invalid_argument("histogram " + name + ": bucket bound " + numberText(bounds[i]) +
                                                " is not a finite number");
                if (i > 0 && !(bounds[i - 1] < bounds[i]))
                    throw std::invalid_argument("histogram " + name + ": bucket bounds are not ascending (" +
                                                numberText(bounds[i - 1]) + " then " + numberText(bounds[i]) + ")");
            }
        }

        std::vector<std::string> names{name};
        if (kind == Kind::Histogram)
            for (const char* suffix : {"_bucket", "_sum", "_count"}) names.push_back(name + suffix);
        for (const std::string& sampleName : names) {
            const auto taken = sampleNames.find(sampleName);
            if (taken == sampleNames.end()) continue;
            if (taken->second == name) throw std::logic_error("metric " + name + " is registered twice");
            throw std::logic_error("metric " + name + ": the name " + sampleName + " is already used by metric " +
                                   taken->second);
        }

        auto family = std::make_unique<Family>();
        family->name = std::move(name);
        family->help = std::move(help);
        family->kind = kind;
        family->labelNames = std::move(labelNames);
        family->bounds = std::move(bounds);
        for (const double bound : family->bounds) family->boundTexts.push_back(numberText(bound));
        // A family without labels has its one series from the start, so that it shows 0 before anything happened.
        if (family->labelNames.empty()) family->series.emplace(MetricLabels{}, newSeries(*family));
        for (const std::string& sampleName : names) sampleNames.emplace(sampleName, family->name);
        byName.emplace(family->name, family.get());
        families.push_back(std::move(family));
    }

    static Series newSeries(const Family& family)
    {
        Series series;
        if (family.kind == Kind::Histogram) series.counts.assign(family.bounds.size() + 1, 0);
        return series;
    }

    Family& family(const std::string& name) const
    {
        const auto found = byName.find(name);
        if (found == byName.end()) throw std::logic_error("metric " + name + " is not registered");
        return *found->second;
    }

    Family& family(const std::string& name, Kind kind, const char* operation) const
    {
        Family& found = family(name);
        if (found.kind != kind)
            throw std::logic_error(std::string(operation) + " on " + kindName(found.kind) + " " + name);
        return found;
    }

    static void checkLabels(const Family& family, const MetricLabels& labels)
    {
        bool same = labels.size() == family.labelNames.size();
        std::size_t i = 0;
        for (auto it = labels.begin(); same && it != labels.end(); ++it, ++i) same = it->first == family.labelNames[i];
        if (same) return;
        std::vector<std::string> given;
        for (const auto& [labelName, value] : labels) given.push_back(labelName);
        throw std::invalid_argument("metric " + family.name + " has the labels " + joined(family.labelNames) +
                                    ", not " + joined(given));
    }

    static Series& series(Family& family, const MetricLabels& labels)
    {
        checkLabels(family, labels);
        auto found = family.series.find(labels);
        if (found == family.series.end()) found = family.series.emplace(labels, newSeries(family)).first;
        return found->second;
    }

    static const Series* existing(const Family& family, const MetricLabels& labels)
    {
        checkLabels(family, labels);
        const auto found = family.series.find(labels);
        return found == family.series.end() ? nullptr : &found->second;
    }
};

namespace {

void appendLabels(std::string& out, const MetricLabels& labels, const std::string* le = nullptr)
{
    if (labels.empty() && !le) return;
    out += '{';
    bool first = true;
    for (const auto& [name, value] : labels) {
        if (!first) out += ',';
        first = false;
        out += name;
        out += "=\"";
        appendEscaped(out, value, true);
        out += '"';
    }
    if (le) {
        if (!first) out += ',';
        out += "le=\"";
        out += *le;
        out += '"';
    }
    out += '}';
}

}  // namespace

NodeMetrics::NodeMetrics() : m_impl(std::make_unique<Impl>()) {}

NodeMetrics::~NodeMetrics() = default;

void NodeMetrics::addCounter(const std::string& name, const std::string& help, std::vector<std::string> labelNames)
{
    const std::lock_guard<std::mutex> lock(m_impl->mutex);
    m_impl->add(name, help, Kind::Counter, std::move(labelNames), {});
}

void NodeMetrics::addGauge(const std::string& name, const std::string& help, std::vector<std::string> labelNames)
{
    const std::lock_guard<std::mutex> lock(m_impl->mutex);
    m_impl->add(name, help, Kind::Gauge, std::move(labelNames), {});
}

void NodeMetrics::addHistogram(const std::string& name, const std::string& help, std::vector<double> bounds,
                               std::vector<std::string> labelNames)
{
    const std::lock_guard<std::mutex> lock(m_impl->mutex);
    m_impl->add(name, help, Kind::Histogram, std::move(labelNames), std::move(bounds));
}

void NodeMetrics::increment(const std::string& name, const MetricLabels& labels, double by)
{
    const std::lock_guard<std::mutex> lock(m_impl->mutex);
    Family& family = m_impl->family(name);
    if (family.kind == Kind::Histogram) throw std::logic_error("increment on histogram " + name);
    if (family.kind == Kind::Counter && !(by >= 0.0 && std::isfinite(by)))
        throw std::invalid_argument("counter " + name + " incremented by " + numberText(by) +
                                    " (a counter only goes up, by a finite amount)");
    Impl::series(family, labels).value += by;
}

void NodeMetrics::set(const std::string& name, double value, const MetricLabels& labels)
{
    const std::lock_guard<std::mutex> lock(m_impl->mutex);
    Impl::series(m_impl->family(name, Kind::Gauge, "set"), labels).value = value;
}

void NodeMetrics::observe(const std::string& name, double value, const MetricLabels& labels)
{
    const std::lock_guard<std::mutex> lock(m_impl->mutex);
    Family& family = m_impl->family(name, Kind::Histogram, "observe");
    if (std::isnan(value)) throw std::invalid_argument("histogram " + name + " observed NaN");
    Series& series = Impl::series(family, labels);
    // The first bucket whose upper bound is >= the value ("le"); past the last bound, the +Inf bucket.
    const auto bucket = std::lower_bound(family.bounds.begin(), family.bounds.end(), value) - family.bounds.begin();
    ++series.counts[static_cast<std::size_t>(bucket)];
    series.sum += value;
    ++series.count;
}

double NodeMetrics::value(const std::string& name, const MetricLabels& labels) const
{
    const std::lock_guard<std::mutex> lock(m_impl->mutex);
    const Family& family = m_impl->family(name);
    if (family.kind == Kind::Histogram) throw std::logic_error("value of histogram " + name + " (use count)");
    const Series* series = Impl::existing(family, labels);
    return series ? series->value : 0.0;
}

long long NodeMetrics::count(const std::string& name, const MetricLabels& labels) const
{
    const std::lock_guard<std::mutex> lock(m_impl->mutex);
    const Series* series = Impl::existing(m_impl->family(name, Kind::Histogram, "count"), labels);
    return series ? series->count : 0;
}

std::string NodeMetrics::exposition() const
{
    const std::lock_guard<std::mutex> lock(m_impl->mutex);
    std::string out;
    out.reserve(4096);
    for (const auto& family : m_impl->families) {
        out += "# HELP ";
        out += family->name;
        out += ' ';
        appendEscaped(out, family->help, false);
        out += "\n# TYPE ";
        out += family->name;
        out += ' ';
        out += kindName(family->kind);
        out += '\n';
        for (const auto& [labels, series] : family->series) {
            if (family->kind != Kind::Histogram) {
                out += family->name;
                appendLabels(out, labels);
                out += ' ';
                appendNumber(out, series.value);
                out += '\n';
                continue;
            }
            long long cumulative = 0;
            static const std::string infinity = "+Inf";
            for (std::size_t i = 0; i < series.counts.size(); ++i) {
                cumulative += series.counts[i];
                out += family->name;
                out += "_bucket";
                appendLabels(out, labels, i < family->boundTexts.size() ? &family->boundTexts[i] : &infinity);
                out += ' ';
                appendInteger(out, cumulative);
                out += '\n';
            }
            out += family->name;
            out += "_sum";
            appendLabels(out, labels);
            out += ' ';
            appendNumber(out, series.sum);
            out += '\n';
            out += family->name;
            out += "_count";
            appendLabels(out, labels);
            out += ' ';
            appendInteger(out, series.count);
            out += '\n';
        }
    }
    return out;
}

std::unique_ptr<NodeMetrics> NodeMetrics::forNode()
{
    auto metrics = std::make_unique<NodeMetrics>();
    metrics->addCounter("pulmo_node_received_total",
                        "Instances received by the Storage SCP, stored and queued before the C-STORE was answered "
                        "with success.");
    metrics->addCounter("pulmo_node_refused_total",
                        "C-STOREs and associations refused, by reason (SOP class, modality, body part, caller, "
                        "out of resources, ...).",
                        {"reason"});
    metrics->addCounter("pulmo_node_processed_total", "Instances analysed by the model, by the label it predicted.",
                        {"label"});
    metrics->addCounter("pulmo_node_failed_total",
                        "Analysis attempts that failed (decoding, inference or writing the results).");
    metrics->addCounter("pulmo_node_results_sent_total",
                        "Result objects (SR and SC) stored at a destination (its C-STORE answered with success).");
    metrics->addGauge("pulmo_node_queue_depth", "Jobs in the work queue that are waiting or being analysed.");
    metrics->addGauge("pulmo_node_outbox_pending", "Result objects in the outbox that are not yet sent.");
    metrics->addCounter("pulmo_node_dead_letters_total",
                        "Jobs and outbox entries given up after their last attempt, by kind (job, outbox).", {"kind"});
    metrics->addHistogram("pulmo_node_inference_seconds", "Seconds the model took to analyse one image.",
                          {0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10});
    metrics->addHistogram("pulmo_node_end_to_end_seconds",
                          "Seconds from an image's C-STORE received to its results stored at the destination.",
                          {0.5, 1, 2, 3, 5, 10, 30, 60, 300});
    metrics->addGauge("pulmo_node_ready", "1 when the node accepts new images (/readyz answers 200), else 0.");
    // The kinds of dead letters exist from the start at 0, so that an alert on their increase sees the first one.
    metrics->increment("pulmo_node_dead_letters_total", {{"kind", "job"}}, 0.0);
    metrics->increment("pulmo_node_dead_letters_total", {{"kind", "outbox"}}, 0.0);
    return metrics;
}

}  // namespace pulmo::node
