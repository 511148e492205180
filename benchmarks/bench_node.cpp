// pulmo-node's speed (issue 17), side by side with `pulmo-cli infer` on the same files in one run:
//   Node/paced_one_every_2s   20 radiographs of 1024 px sent one by one, one every 2 s (one
//                             association each, as a router forwards them); end-to-end latency
//                             of each = from the start of its C-STORE to its SR stored at the
//                             destination. Counters: median_s, p95_s (targets: 3 s and 5 s).
//   Node/burst_20             the 20 images on one association at once; images/s from the
//                             first C-STORE to the last SR stored. Counters: images_per_s, and
//                             when the last C-STORE was answered and the first SR stored.
//   Cli/infer_20              `pulmo-cli infer --json` on the same 20 files. Counters: images_per_s,
//                             the command's whole run (plugin and model loading included: target
//                             node >= 0.8 x this); steps_images_per_s, from its per-image timings
//                             alone (decode, preprocess, inference, Grad-CAM).
// The destination is Pulmo's own Storage SCP in this process, which notes when each SR arrives;
// the node runs the demo model on the CPU (--device cpu) unless PULMO_BENCH_DEVICE says otherwise.
//
// Broker mode (issue 18), chosen on the command line: `bench_node --queue amqp` starts a private
// RabbitMQ (tests/support/RabbitMqBroker.h: its own node name, ports and data folder in the bench's
// temporary folder), `bench_node --queue amqp://USER:PASS@HOST:PORT/VHOST` uses that broker instead
// (on queues named pulmo.bench.PID.*, left there empty). --queue is taken out of the arguments
// before google-benchmark reads the rest; with it only these run, without it only those above:
//   Broker/one_node_burst_20  one CPU node on the broker (--queue URL --device cpu), the 20 images
//                             on one association; images/s as Node/burst_20 counts them.
//   Broker/two_nodes_burst_20 two CPU nodes on the same broker queue (each its own store, DICOM
//                             and HTTP port), the 20 images sent to the first; images/s the same
//                             way. Counters: speedup_vs_one (against Broker/one_node_burst_20 of the
//                             same run), each node's pulmo_node_processed_total from its /metrics.
//   Broker/overhead_per_job   the broker's own cost per job, no model: pulmo::node::AmqpWorkQueue
//                             directly, 200 jobs whose body is one of the radiographs, in rounds of
//                             20: enqueue (publish + confirm) on a publisher's connection, then
//                             lease + complete (delivery, the body written to the jobs folder, the
//                             result key committed to a local SQLite file, ack) on a consumer's,
//                             prefetch 1 as on a CPU node. The same jobs through SqliteWorkQueue
//                             (enqueue, lease, complete; the job names the file, no body) beside it.
// Both nodes of a run wait until the broker counts their consumers before the first C-STORE. Both
// bursts also count model_ms_per_image (pulmo_node_inference_seconds), second_copies (objects the
// destination received twice: 0 expected) and the CPU used meanwhile as cores busy: the nodes, the
// broker's Erlang VM, this process, the machine (/proc/stat) and the rest of the machine (others:
// on a shared machine, someone else's work, which makes the run unfair when it is large).
// Run: build/bin/bench_node [--queue amqp] (see the README's benchmark section).
#include "net/PacsPeer.h"
#include "net/PacsQuery.h"
#include "net/StorageScp.h"
#include "net/StoreScu.h"
#include "results/ResultUids.h"

#include "AmqpWorkQueue.h"
#include "WorkQueue.h"
#include "support/NodeProcess.h"
#include "support/RabbitMqBroker.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <thread>
#include <mutex>
#include <string>
#include <vector>

namespace {

using namespace pulmo;
using Clock = std::chrono::steady_clock;
using test::freePort;

/// What the bench shares: the images, the model's hash, the destination and its arrivals.
struct Bench {
    QTemporaryDir work;
    std::vector<std::string> files;
    std::vector<std::string> sops;
    std::string modelSha256;
    std::unique_ptr<net::StorageScp> destination;
    std::mutex mutex;
    std::condition_variable arrived;
    std::map<std::string, Clock::time_point> arrivals;  // SR SOP Instance UID -> when stored
    long long stores = 0;                               // C-STOREs received (a second copy counts too)

    std::string srUid(size_t image) const
    {
        return results::resultUid(sops[image], modelSha256, results::UidKind::Report);
    }
    /// Waits until the SR of `image` is stored (at most 120 s); its arrival time.
    std::optional<Clock::time_point> waitFor(size_t image)
    {
        const std::string uid = srUid(image);
        std::unique_lock<std::mutex> lock(mutex);
        if (!arrived.wait_for(lock, std::chrono::seconds(120), [&] { return arrivals.count(uid) > 0; }))
            return std::nullopt;
        return arrivals.at(uid);
    }
};

Bench& bench()
{
    static Bench instance;
    return instance;
}

QString cli()
{
    return QStringLiteral(PULMO_CLI_PATH);
}

bool prepare(std::string& error)
{
    Bench& b = bench();
    if (!b.files.empty()) return true;
    const QString phantoms = b.work.filePath(QStringLiteral("phantoms"));
    QProcess phantom;
    phantom.start(cli(), {"phantom", "--out", phantoms, "--patients", "20", "--size", "1024", "--json"});
    if (!phantom.waitForFinished(300000) || phantom.exitCode() != 0) {
        error = "pulmo-cli phantom failed: " + phantom.readAllStandardError().toStdString();
        return false;
    }
    for (const QByteArray& line : phantom.readAllStandardOutput().split('\n')) {
        if (line.trimmed().isEmpty()) continue;
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        b.files.push_back(object["file"].toString().toStdString());
        b.sops.push_back(object["sop_instance_uid"].toString().toStdString());
    }
    QFile model(QStringLiteral(PULMO_DEMO_MODEL));
    if (!model.open(QIODevice::ReadOnly)) {
        error = "cannot read the demo model";
        return false;
    }
    b.modelSha256 = QCryptographicHash::hash(model.readAll(), QCryptographicHash::Sha256).toHex().toStdString();
    net::StorageScpOptions options;
    options.aeTitle = "BENCH_PACS";
    options.port = freePort();
    options.storageFolder = b.work.filePath(QStringLiteral("destination")).toStdString();
    b.destination = std::make_unique<net::StorageScp>(options);
    b.destination->addListener([](const net::ReceivedInstance& instance) {
        Bench& shared = bench();
        {
            std::lock_guard<std::mutex> lock(shared.mutex);
            shared.arrivals.emplace(instance.sopInstanceUid, Clock::now());
            ++shared.stores;
        }
        shared.arrived.notify_all();
    });
    b.destination->start();
    return true;
}

/// A node for one benchmark, on fresh folders.
class Node {
public:
    explicit Node(const QString& name)
    {
        Bench& b = bench();
        m_port = freePort();
        const QString base = b.work.filePath(name);
        QDir().mkpath(base);
        const QByteArray device = qgetenv("PULMO_BENCH_DEVICE");
        m_process.setProgram(QStringLiteral(PULMO_NODE_PATH));
        m_process.setArguments({"--ae", "PULMO_AI", "--port", QString::number(m_port), "--store", base + "/store",
                                "--queue", "sqlite:" + base + "/queue.sqlite", "--send-to",
                                QStringLiteral("BENCH_PACS@127.0.0.1:%1").arg(b.destination->options().port),
                                "--device", device.isEmpty() ? QStringLiteral("cpu") : QString::fromLatin1(device),
                                "--min-free-disk", "1"});
        m_process.setStandardErrorFile(base + "/node.log");
        m_process.start();
        m_process.waitForStarted(10000);
    }
    ~Node()
    {
        ::kill(pid_t(m_process.processId()), SIGTERM);
        if (!m_process.waitForFinished(60000)) m_process.kill();
    }
    net::PacsPeer peer() const
    {
        net::PacsPeer peer;
        peer.aeTitle = "PULMO_AI";
        peer.host = "127.0.0.1";
        peer.port = m_port;
        return peer;
    }
    /// Waits until the node answers (the model loaded, the port open).
    bool waitReady()
    {
        for (int i = 0; i < 600; ++i) {
            try {
                net::PacsQuery(peer(), "BENCH", {5, 5, 30}).echo();
                return true;
            } catch (const std::exception&) {
                QThread::msleep(100);
            }
        }
        return false;
    }

private:
    QProcess m_process;
    uint16_t m_port = 0;
};

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const double rank = p * double(values.size() - 1);
    const size_t low = size_t(rank);
    const size_t high = std::min(low + 1, values.size() - 1);
    return values[low] + (values[high] - values[low]) * (rank - double(low));
}

void BM_NodePaced(benchmark::State& state)
{
    std::string error;
    if (!prepare(error)) return state.SkipWithError(error.c_str());
    Bench& b = bench();
    for (auto _ : state) {
        Node node(QStringLiteral("paced"));
        if (!node.waitReady()) return state.SkipWithError("the node did not start");
        std::vector<double> latencies;
        const Clock::time_point start = Clock::now();
        for (size_t i = 0; i < b.files.size(); ++i) {
            std::this_thread::sleep_until(start + std::chrono::seconds(2 * i));
            const Clock::time_point sent = Clock::now();
            net::storeFiles(node.peer(), "BENCH", {10, 10, 60}, {b.files[i]});
            // The previous image's answer is usually in by now; each is waited for at the end.
            latencies.push_back(std::chrono::duration<double>(sent.time_since_epoch()).count());
        }
        for (size_t i = 0; i < b.files.size(); ++i) {
            const auto arrival = b.waitFor(i);
            if (!arrival) return state.SkipWithError("an SR did not arrive");
            latencies[i] = std::chrono::duration<double>(arrival->time_since_epoch()).count() - latencies[i];
        }
        state.counters["median_s"] = percentile(latencies, 0.5);
        state.counters["p95_s"] = percentile(latencies, 0.95);
        state.counters["max_s"] = *std::max_element(latencies.begin(), latencies.end());
    }
}

/// The 20 images to `receiver` on one association; images/s from the first C-STORE to the last SR
/// stored at the destination (arrivals cleared by the caller before the node started). Sets the
/// counters images_per_s, seconds, received_s (the last C-STORE answered) and first_sr_s; false
/// when an SR did not arrive.
bool burst(const net::PacsPeer& receiver, benchmark::State& state)
{
    Bench& b = bench();
    const Clock::time_point start = Clock::now();
    net::storeFiles(receiver, "BENCH", {10, 10, 60}, b.files);
    const Clock::time_point received = Clock::now();  // the node answered the last C-STORE
    Clock::time_point first = Clock::time_point::max();
    Clock::time_point last = start;
    for (size_t i = 0; i < b.files.size(); ++i) {
        const auto arrival = b.waitFor(i);
        if (!arrival) return false;
        first = std::min(first, *arrival);
        last = std::max(last, *arrival);
    }
    const double seconds = std::chrono::duration<double>(last - start).count();
    state.counters["images_per_s"] = double(b.files.size()) / seconds;
    state.counters["seconds"] = seconds;
    state.counters["received_s"] = std::chrono::duration<double>(received - start).count();
    state.counters["first_sr_s"] = std::chrono::duration<double>(first - start).count();
    return true;
}

void BM_NodeBurst(benchmark::State& state)
{
    std::string error;
    if (!prepare(error)) return state.SkipWithError(error.c_str());
    Bench& b = bench();
    for (auto _ : state) {
        // New SOP UIDs are not needed: a fresh node (fresh queue) analyses the same images again,
        // and the destination's arrivals are cleared first.
        {
            std::lock_guard<std::mutex> lock(b.mutex);
            b.arrivals.clear();
        }
        Node node(QStringLiteral("burst"));
        if (!node.waitReady()) return state.SkipWithError("the node did not start");
        if (!burst(node.peer(), state)) return state.SkipWithError("an SR did not arrive");
    }
}

void BM_CliInfer(benchmark::State& state)
{
    std::string error;
    if (!prepare(error)) return state.SkipWithError(error.c_str());
    Bench& b = bench();
    for (auto _ : state) {
        QStringList arguments{"infer", "--json"};
        const QByteArray device = qgetenv("PULMO_BENCH_DEVICE");
        arguments << "--device" << (device.isEmpty() ? QStringLiteral("cpu") : QString::fromLatin1(device));
        for (const std::string& file : b.files) arguments << QString::fromStdString(file);
        QProcess infer;
        QElapsedTimer wall;
        wall.start();
        infer.start(cli(), arguments);
        if (!infer.waitForFinished(600000) || infer.exitCode() != 0)
            return state.SkipWithError("pulmo-cli infer failed");
        double milliseconds = 0;
        int images = 0;
        for (const QByteArray& line : infer.readAllStandardOutput().split('\n')) {
            if (line.trimmed().isEmpty()) continue;
            const QJsonObject timing = QJsonDocument::fromJson(line).object()["timing_ms"].toObject();
            for (const char* step : {"decode", "preprocess", "inference", "cam"})
                milliseconds += timing[QLatin1String(step)].toDouble();
            ++images;
        }
        // Two rates: what the command reaches (its whole run, plugin and model loading included),
        // and what its per-image steps alone would reach (decode, preprocess, inference, Grad-CAM).
        state.counters["images_per_s"] = double(images) / (double(wall.nsecsElapsed()) / 1e9);
        state.counters["steps_images_per_s"] = double(images) / (milliseconds / 1000.0);
    }
}

// ---- Broker mode (issue 18) ----

/// The numbers of a /proc line, from the `skip`-th field on (parsed without the locale).
std::vector<long long> procFields(const QByteArray& text, int skip)
{
    std::vector<long long> fields;
    const QList<QByteArray> words = text.simplified().split(' ');
    for (int i = skip; i < words.size(); ++i) {
        long long value = 0;
        const QByteArray& word = words[i];
        std::from_chars(word.constData(), word.constData() + word.size(), value);
        fields.push_back(value);
    }
    return fields;
}

/// CPU seconds (user + system) `pid` has used so far, from /proc/PID/stat; 0 when it is gone.
double processCpuSeconds(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) return 0;
    const QByteArray text = stat.readAll();
    // After the command's closing parenthesis: state (field 3), ..., utime (14), stime (15).
    const std::vector<long long> fields = procFields(text.mid(text.lastIndexOf(')') + 1), 0);
    if (fields.size() < 13) return 0;
    return double(fields[11] + fields[12]) / double(::sysconf(_SC_CLK_TCK));
}

/// CPU seconds the whole machine has been busy so far (every process, the lead's too), summed
/// over its cores, from /proc/stat: user, nice, system, irq, softirq and steal.
double machineBusySeconds()
{
    QFile stat(QStringLiteral("/proc/stat"));
    if (!stat.open(QIODevice::ReadOnly)) return 0;
    const std::vector<long long> fields = procFields(stat.readLine(), 1);
    if (fields.size() < 8) return 0;
    return double(fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]) /
           double(::sysconf(_SC_CLK_TCK));
}

/// The private broker's Erlang VM: the beam.smp whose command line names its folder as HOME; 0
/// when none is found (an external broker).
qint64 brokerPid(const QString& folder)
{
    const QByteArray home = QByteArray("-home") + '\0' + folder.toLocal8Bit() + '\0';
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& entry : entries) {
        bool number = false;
        const qint64 pid = entry.toLongLong(&number);
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(entry));
        if (!number || !cmdline.open(QIODevice::ReadOnly)) continue;
        const QByteArray words = cmdline.readAll();
        if (words.contains("beam.smp") && words.contains(home)) return pid;
    }
    return 0;
}

/// What --queue asked for: "" (the SQLite benchmarks), "amqp" (a private broker) or a broker's URL.
std::string& queueMode()
{
    static std::string mode;
    return mode;
}

/// The broker of the run: started on first use when it is the private one; its URL.
struct BrokerRun {
    std::unique_ptr<test::RabbitMqBroker> broker;
    std::string url;
    qint64 pid = 0;                     ///< the private broker's Erlang VM (its CPU is counted)
    double oneNodeImagesPerSecond = 0;  ///< Broker/one_node_burst_20's, for speedup_vs_one
};

BrokerRun& brokerRun()
{
    static BrokerRun instance;
    return instance;
}

bool startBroker(std::string& error)
{
    BrokerRun& run = brokerRun();
    if (!run.url.empty()) return true;
    if (queueMode() != "amqp") {
        run.url = queueMode();
        return true;
    }
    run.broker = std::make_unique<test::RabbitMqBroker>(bench().work.filePath(QStringLiteral("broker")));
    if (!run.broker->start()) {
        error = "the private RabbitMQ did not start: " + run.broker->log().toStdString();
        run.broker.reset();
        return false;
    }
    run.url = run.broker->url().toStdString();
    run.pid = brokerPid(bench().work.filePath(QStringLiteral("broker")));
    return true;
}

/// A queue of this run's own on the broker (a shared broker may hold others').
std::string brokerQueue(const char* name)
{
    return "pulmo.bench." + std::to_string(::getpid()) + "." + name;
}

/// A CPU node on the broker, its log and folders under the bench's folder, its HTTP endpoint on.
class BrokerNode {
public:
    BrokerNode(const QString& name, const std::string& queue)
        : m_folder(bench().work.filePath(name)), m_port(freePort()), m_httpPort(freePort())
    {
        QDir().mkpath(m_folder);
        const QByteArray device = qgetenv("PULMO_BENCH_DEVICE");
        m_process = std::make_unique<test::NodeProcess>(
            m_folder, QStringList{"--ae", "PULMO_AI", "--port", QString::number(m_port), "--store", m_folder + "/store",
                                  "--queue", QString::fromStdString(brokerRun().url), "--broker-queue",
                                  QString::fromStdString(queue), "--send-to",
                                  QStringLiteral("BENCH_PACS@127.0.0.1:%1").arg(bench().destination->options().port),
                                  "--device", device.isEmpty() ? QStringLiteral("cpu") : QString::fromLatin1(device),
                                  "--min-free-disk", "1", "--http", QString::number(m_httpPort)});
    }
    ~BrokerNode() { m_process->terminate(); }

    /// Started: /livez answers (the model loaded, the DICOM port open) and then /readyz.
    bool start()
    {
        if (!m_process->start(m_httpPort)) return false;
        for (int i = 0; i < 300; ++i) {
            if (test::httpGet(m_httpPort, QStringLiteral("/readyz")).status == 200) return true;
            QThread::msleep(100);
        }
        return false;
    }
    /// A metric from /metrics (the sum over its series).
    double metric(const QByteArray& name) const
    {
        return test::metric(test::httpGet(m_httpPort, QStringLiteral("/metrics")).body, name);
    }
    net::PacsPeer peer() const
    {
        net::PacsPeer peer;
        peer.aeTitle = "PULMO_AI";
        peer.host = "127.0.0.1";
        peer.port = m_port;
        return peer;
    }
    QString logFile() const { return m_process->logFile(); }
    qint64 pid() const { return m_process->pid(); }
    uint16_t httpPort() const { return m_httpPort; }

private:
    QString m_folder;
    uint16_t m_port;
    uint16_t m_httpPort;
    std::unique_ptr<test::NodeProcess> m_process;
};

/// Waits (at most 60 s) until the broker counts `consumers` consumers on the nodes' queue.
bool waitForConsumers(const BrokerNode& node, int consumers)
{
    for (int i = 0; i < 600; ++i) {
        if (node.metric("pulmo_node_broker_consumers") >= consumers) return true;
        QThread::msleep(100);
    }
    return false;
}

/// The CPU the nodes, the broker, this process (the sender and the destination) and the whole
/// machine used during a burst, as cores busy on average over its seconds; others_cores_busy is
/// the machine's less ours: whatever else ran meanwhile (on a shared machine, someone else's work).
class CpuUse {
public:
    CpuUse(std::vector<qint64> nodes, qint64 broker) : m_nodes(std::move(nodes)), m_broker(broker), m_start(sample()) {}
    void count(benchmark::State& state) const
    {
        const double seconds = state.counters["seconds"];
        const Sample end = sample();
        const double nodes = (end.nodes - m_start.nodes) / seconds;
        const double broker = (end.broker - m_start.broker) / seconds;
        const double bench = (end.bench - m_start.bench) / seconds;
        const double machine = (end.machine - m_start.machine) / seconds;
        state.counters["nodes_cores_busy"] = nodes;
        if (m_broker > 0) state.counters["broker_cores_busy"] = broker;
        state.counters["bench_cores_busy"] = bench;
        state.counters["machine_cores_busy"] = machine;
        state.counters["others_cores_busy"] = std::max(0.0, machine - nodes - broker - bench);
    }

private:
    struct Sample {
        double nodes = 0;
        double broker = 0;
        double bench = 0;
        double machine = 0;
    };
    Sample sample() const
    {
        Sample now;
        for (qint64 pid : m_nodes) now.nodes += processCpuSeconds(pid);
        if (m_broker > 0) now.broker = processCpuSeconds(m_broker);
        now.bench = processCpuSeconds(::getpid());
        now.machine = machineBusySeconds();
        return now;
    }
    std::vector<qint64> m_nodes;
    qint64 m_broker;
    Sample m_start;
};

/// The model's mean time per image on `nodes` (pulmo_node_inference_seconds' sum / count), in ms.
double modelMsPerImage(const std::vector<const BrokerNode*>& nodes)
{
    double seconds = 0;
    double images = 0;
    for (const BrokerNode* node : nodes) {
        const QByteArray text = test::httpGet(node->httpPort(), QStringLiteral("/metrics")).body;
        seconds += test::metric(text, "pulmo_node_inference_seconds_sum");
        images += test::metric(text, "pulmo_node_inference_seconds_count");
    }
    return images > 0 ? 1000 * seconds / images : 0;
}

/// Objects the destination received more than once (a job done twice: none expected, as its
/// results' UIDs are the same and the node records each result key once).
double secondCopies()
{
    Bench& b = bench();
    std::lock_guard<std::mutex> lock(b.mutex);
    return double(b.stores - (long long)b.arrivals.size());
}

void BM_BrokerOneNode(benchmark::State& state)
{
    std::string error;
    if (!prepare(error) || !startBroker(error)) return state.SkipWithError(error.c_str());
    Bench& b = bench();
    for (auto _ : state) {
        {
            std::lock_guard<std::mutex> lock(b.mutex);
            b.arrivals.clear();
            b.stores = 0;
        }
        BrokerNode node(QStringLiteral("broker-one"), brokerQueue("one"));
        if (!node.start()) {
            const std::string why = "the node did not start: see " + node.logFile().toStdString();
            return state.SkipWithError(why.c_str());
        }
        if (!waitForConsumers(node, 1)) return state.SkipWithError("the broker does not count the node's consumer");
        const CpuUse cpu({node.pid()}, brokerRun().pid);
        if (!burst(node.peer(), state)) return state.SkipWithError("an SR did not arrive");
        cpu.count(state);
        brokerRun().oneNodeImagesPerSecond = state.counters["images_per_s"];
        state.counters["processed"] = node.metric("pulmo_node_processed_total");
        state.counters["model_ms_per_image"] = modelMsPerImage({&node});
        state.counters["second_copies"] = secondCopies();
    }
}

void BM_BrokerTwoNodes(benchmark::State& state)
{
    std::string error;
    if (!prepare(error) || !startBroker(error)) return state.SkipWithError(error.c_str());
    Bench& b = bench();
    for (auto _ : state) {
        {
            std::lock_guard<std::mutex> lock(b.mutex);
            b.arrivals.clear();
            b.stores = 0;
        }
        const std::string queue = brokerQueue("two");
        BrokerNode receiver(QStringLiteral("broker-two-a"), queue);
        BrokerNode other(QStringLiteral("broker-two-b"), queue);
        if (!receiver.start() || !other.start()) return state.SkipWithError("a node did not start");
        if (!waitForConsumers(receiver, 2)) return state.SkipWithError("the broker does not count both consumers");
        const CpuUse cpu({receiver.pid(), other.pid()}, brokerRun().pid);
        if (!burst(receiver.peer(), state)) return state.SkipWithError("an SR did not arrive");
        cpu.count(state);
        state.counters["model_ms_per_image"] = modelMsPerImage({&receiver, &other});
        // Who did the work: the receiver's share, the other's.
        state.counters["receiver_processed"] = receiver.metric("pulmo_node_processed_total");
        state.counters["other_processed"] = other.metric("pulmo_node_processed_total");
        if (brokerRun().oneNodeImagesPerSecond > 0)
            state.counters["speedup_vs_one"] = state.counters["images_per_s"] / brokerRun().oneNodeImagesPerSecond;
        state.counters["second_copies"] = secondCopies();
    }
}

int64_t epochMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// One of the overhead's jobs: the radiograph `file` under a SOP Instance UID of its own, so that
/// every job has its own result key.
node::Job overheadJob(const std::string& file, int index)
{
    node::Job job;
    job.sopInstanceUid = "2.25.1848" + std::to_string(::getpid()) + "." + std::to_string(index);
    job.studyInstanceUid = "2.25.1848" + std::to_string(::getpid());
    job.sopClassUid = "1.2.840.10008.5.1.4.1.1.1.1";  // Digital X-Ray Image Storage - For Presentation
    job.filePath = file;
    job.modelSha256 = bench().modelSha256;
    job.callingAeTitle = "BENCH";
    job.receivedMs = epochMs();
    return job;
}

/// Leases and completes `count` jobs one at a time (the CPU node's prefetch); false when the queue
/// ran dry for 10 s first. Each delivered copy of a broker's job is removed, as the node does.
bool drain(node::WorkQueue& queue, int count)
{
    QElapsedTimer idle;
    idle.start();
    for (int done = 0; done < count;) {
        const std::vector<node::Job> jobs = queue.lease("bench", 1, epochMs());
        if (jobs.empty() && idle.elapsed() > 10000) return false;
        for (const node::Job& job : jobs) {
            queue.complete(job.id, "bench", {}, epochMs());
            if (queue.holdsInstances()) std::remove(job.filePath.c_str());
            ++done;
            idle.restart();
        }
    }
    return true;
}

/// Enqueues `jobs` jobs in rounds of `round`, each round then leased and completed; the time of
/// each half, in ms per job.
struct Halves {
    double enqueueMs = 0;
    double leaseCompleteMs = 0;
};
std::optional<Halves> throughQueue(node::WorkQueue& publisher, node::WorkQueue& consumer, const std::string& file,
                                   int first, int jobs, int round)
{
    int64_t enqueueNs = 0;
    int64_t leaseNs = 0;
    for (int start = first; start < first + jobs; start += round) {
        QElapsedTimer timer;
        timer.start();
        for (int i = start; i < start + round; ++i) publisher.enqueue(overheadJob(file, i), epochMs());
        enqueueNs += timer.nsecsElapsed();
        timer.restart();
        if (!drain(consumer, round)) return std::nullopt;
        leaseNs += timer.nsecsElapsed();
    }
    return Halves{double(enqueueNs) / 1e6 / jobs, double(leaseNs) / 1e6 / jobs};
}

void BM_BrokerOverhead(benchmark::State& state)
{
    std::string error;
    if (!prepare(error) || !startBroker(error)) return state.SkipWithError(error.c_str());
    const std::string& file = bench().files.front();
    constexpr int kJobs = 200;
    constexpr int kRound = 20;  // at most 20 bodies (about 40 MB) on the broker at once
    for (auto _ : state) {
        QTemporaryDir scratch;
        const node::RetryPolicy policy;
        node::BrokerOptions options;
        options.url = brokerRun().url;
        options.queue = brokerQueue("overhead");
        options.prefetch = 1;
        options.jobsFolder = scratch.filePath(QStringLiteral("jobs")).toStdString();
        QDir().mkpath(QString::fromStdString(options.jobsFolder));
        std::optional<Halves> broker;
        std::optional<Halves> sqlite;
        bool quorum = false;
        try {
            // The receiver's publisher (no local file) and a worker's consumer (with the node's own).
            node::AmqpWorkQueue publisher(options, policy, nullptr);
            node::AmqpWorkQueue consumer(options, policy,
                                         std::make_unique<node::SqliteWorkQueue>(
                                             scratch.filePath(QStringLiteral("outbox.sqlite")).toStdString(), policy));
            // A first round untimed: both connections opened and the queues declared.
            if (!throughQueue(publisher, consumer, file, 0, kRound, kRound))
                return state.SkipWithError("the broker delivered nothing for 10 s");
            broker = throughQueue(publisher, consumer, file, kRound, kJobs, kRound);
            quorum = publisher.depth().quorum;
            node::SqliteWorkQueue local(scratch.filePath(QStringLiteral("queue.sqlite")).toStdString(), policy);
            if (!throughQueue(local, local, file, 0, kRound, kRound))
                return state.SkipWithError("the SQLite queue leased nothing");
            sqlite = throughQueue(local, local, file, kRound, kJobs, kRound);
        } catch (const std::exception& failure) {
            return state.SkipWithError(failure.what());
        }
        if (!broker || !sqlite) return state.SkipWithError("a queue ran dry before its round was done");
        state.counters["body_bytes"] = double(QFileInfo(QString::fromStdString(file)).size());
        state.counters["quorum"] = quorum ? 1 : 0;
        state.counters["amqp_enqueue_ms"] = broker->enqueueMs;
        state.counters["amqp_lease_ack_ms"] = broker->leaseCompleteMs;
        state.counters["amqp_ms_per_job"] = broker->enqueueMs + broker->leaseCompleteMs;
        state.counters["sqlite_enqueue_ms"] = sqlite->enqueueMs;
        state.counters["sqlite_lease_complete_ms"] = sqlite->leaseCompleteMs;
        state.counters["sqlite_ms_per_job"] = sqlite->enqueueMs + sqlite->leaseCompleteMs;
    }
}

/// Takes --queue VALUE or --queue=VALUE out of the arguments (google-benchmark refuses flags it
/// does not know); its value, empty when there is none.
std::string takeQueueArgument(int& argc, char** argv)
{
    std::string value;
    int kept = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--queue" && i + 1 < argc) {
            value = argv[++i];
        } else if (argument.rfind("--queue=", 0) == 0) {
            value = argument.substr(std::string("--queue=").size());
        } else {
            argv[kept++] = argv[i];
        }
    }
    argc = kept;
    argv[argc] = nullptr;
    return value;
}

}  // namespace

int main(int argc, char** argv)
{
    QCoreApplication application(argc, argv);
    queueMode() = takeQueueArgument(argc, argv);
    if (queueMode().empty()) {
        benchmark::RegisterBenchmark("Node/paced_one_every_2s", BM_NodePaced)
            ->Iterations(1)
            ->Unit(benchmark::kSecond)
            ->UseRealTime();
        benchmark::RegisterBenchmark("Node/burst_20", BM_NodeBurst)
            ->Iterations(1)
            ->Unit(benchmark::kSecond)
            ->UseRealTime();
        benchmark::RegisterBenchmark("Cli/infer_20", BM_CliInfer)
            ->Iterations(1)
            ->Unit(benchmark::kSecond)
            ->UseRealTime();
    } else if (queueMode() == "amqp" || queueMode().rfind("amqp://", 0) == 0 || queueMode().rfind("amqps://", 0) == 0) {
        benchmark::RegisterBenchmark("Broker/one_node_burst_20", BM_BrokerOneNode)
            ->Iterations(1)
            ->Unit(benchmark::kSecond)
            ->UseRealTime();
        benchmark::RegisterBenchmark("Broker/two_nodes_burst_20", BM_BrokerTwoNodes)
            ->Iterations(1)
            ->Unit(benchmark::kSecond)
            ->UseRealTime();
        benchmark::RegisterBenchmark("Broker/overhead_per_job", BM_BrokerOverhead)
            ->Iterations(1)
            ->Unit(benchmark::kSecond)
            ->UseRealTime();
    } else {
        std::fprintf(stderr, "bench_node: --queue takes amqp (a private broker) or amqp://USER:PASS@HOST:PORT/VHOST\n");
        return 2;
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    bench().destination.reset();
    brokerRun().broker.reset();
    return 0;
}
