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
// Run: build/bin/bench_node (see the README's benchmark section).
#include "net/PacsPeer.h"
#include "net/PacsQuery.h"
#include "net/StorageScp.h"
#include "net/StoreScu.h"
#include "results/ResultUids.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <map>
#include <optional>
#include <thread>
#include <mutex>
#include <string>
#include <vector>

namespace {

using namespace pulmo;
using Clock = std::chrono::steady_clock;

uint16_t freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t length = sizeof(address);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

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
        const Clock::time_point start = Clock::now();
        net::storeFiles(node.peer(), "BENCH", {10, 10, 60}, b.files);
        const Clock::time_point received = Clock::now();  // the node answered the last C-STORE
        Clock::time_point first = Clock::time_point::max();
        Clock::time_point last = start;
        for (size_t i = 0; i < b.files.size(); ++i) {
            const auto arrival = b.waitFor(i);
            if (!arrival) return state.SkipWithError("an SR did not arrive");
            first = std::min(first, *arrival);
            last = std::max(last, *arrival);
        }
        const double seconds = std::chrono::duration<double>(last - start).count();
        state.counters["images_per_s"] = double(b.files.size()) / seconds;
        state.counters["seconds"] = seconds;
        state.counters["received_s"] = std::chrono::duration<double>(received - start).count();
        state.counters["first_sr_s"] = std::chrono::duration<double>(first - start).count();
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

}  // namespace

BENCHMARK(BM_NodePaced)->Name("Node/paced_one_every_2s")->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_NodeBurst)->Name("Node/burst_20")->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_CliInfer)->Name("Cli/infer_20")->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

int main(int argc, char** argv)
{
    QCoreApplication application(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    bench().destination.reset();
    return 0;
}
