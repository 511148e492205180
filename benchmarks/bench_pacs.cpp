// Retrieving a 200-instance study from Orthanc on loopback: Pulmo's C-MOVE (to its embedded Storage
// SCP) and C-GET, side by side with DCMTK's own movescu + storescp pair on the same study from the
// same Orthanc in the same run. The set-up writes the study (512x512 16-bit DX by default, set
// PULMO_BENCH_PACS_SIZE for another size), starts Orthanc and storescp on free ports, loads the
// study with storescu; everything is killed and deleted at exit.
// Run: build/bin/bench_pacs. The target: Pulmo >= 0.95x movescu+storescp (instances/s).
//
//   Retrieve/pulmo-move/nosync    StudyRetriever + StorageScp, files renamed into place, no fsync
//   Retrieve/pulmo-move/fsync     the same with fsync before each rename (the library's default)
//   Retrieve/pulmo-get/nosync     C-GET on one association
//   Retrieve/pulmo-get/fsync
//   Retrieve/movescu-storescp     movescu (a process per iteration) to a running storescp
//                                 (same 128 KiB PDU as Pulmo's SCP, no fsync)
#include "dicom/DicomWriter.h"
#include "net/NetworkError.h"
#include "net/PacsQuery.h"
#include "net/StorageScp.h"
#include "net/StudyRetriever.h"

#include <benchmark/benchmark.h>

#include "support/PeerProcess.h"
#include "support/ProcessRun.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QThread>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

using namespace pulmo;

constexpr int kInstances = 200;

QString program(const QString& name)
{
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    return path;
}

/// Orthanc loaded with the study, storescp, and our ports; torn down by its destructor.
struct Fixture {
    QString work;
    std::string studyUid;
    net::PacsPeer orthanc;
    uint16_t scpPort = 0;
    uint16_t storescpPort = 0;
    test::PeerProcess orthancProcess;
    test::PeerProcess storescpProcess;
    int64_t studyBytes = 0;

    bool setUp()
    {
        char pattern[] = "/tmp/pulmo-bench-pacs-XXXXXX";
        const char* made = mkdtemp(pattern);
        if (!made) return false;
        work = QString::fromLatin1(made);
        const int size = std::getenv("PULMO_BENCH_PACS_SIZE") ? std::atoi(std::getenv("PULMO_BENCH_PACS_SIZE")) : 512;

        // The study: one DX series of 200 instances.
        QDir().mkpath(work + "/study");
        studyUid = dicom::newUid();
        const std::string seriesUid = dicom::newUid();
        for (int i = 0; i < kInstances; ++i) {
            dicom::GrayImageSpec spec;
            spec.rows = size;
            spec.columns = size;
            spec.storedValues.resize(size_t(size) * size_t(size));
            for (size_t p = 0; p < spec.storedValues.size(); ++p)
                spec.storedValues[p] = int32_t((p * 7 + size_t(i) * 131 + p / 13) % 4096);
            spec.modality = "DX";
            spec.sopClassUid = "1.2.840.10008.5.1.4.1.1.1.1";
            spec.patientName = "BENCH^PACS";
            spec.patientId = "BENCH";
            spec.studyInstanceUid = studyUid;
            spec.seriesInstanceUid = seriesUid;
            const QString path = QStringLiteral("%1/study/%2.dcm").arg(work).arg(i, 3, 10, QLatin1Char('0'));
            dicom::writeGrayImage(path.toStdString(), spec);
            studyBytes += QFileInfo(path).size();
        }

        orthanc.aeTitle = "ORTHANC";
        orthanc.host = "127.0.0.1";
        orthanc.port = test::freePort();
        scpPort = test::freePort();
        storescpPort = test::freePort();
        QDir().mkpath(work + "/orthanc/db");
        QJsonObject modalities;
        modalities["pulmo"] = QJsonArray{"PULMO", "127.0.0.1", scpPort};
        modalities["storescp"] = QJsonArray{"STORESCP", "127.0.0.1", storescpPort};
        modalities["movescu"] = QJsonArray{"MOVESCU", "127.0.0.1", storescpPort};
        QJsonObject config;
        config["Name"] = "pulmo-bench";
        config["StorageDirectory"] = work + "/orthanc/db";
        config["IndexDirectory"] = work + "/orthanc/db";
        config["Plugins"] = QJsonArray{};
        config["HttpServerEnabled"] = false;
        config["HttpPort"] = test::freePort();
        config["DicomServerEnabled"] = true;
        config["DicomAet"] = "ORTHANC";
        config["DicomPort"] = orthanc.port;
        config["DicomModalities"] = modalities;
        config["DicomCheckModalityHost"] = false;
        config["DicomAssociationCloseDelay"] = 0;
        config["StorageCompression"] = false;
        QFile file(work + "/orthanc/orthanc.json");
        if (!file.open(QIODevice::WriteOnly)) return false;
        file.write(QJsonDocument(config).toJson());
        file.close();
        if (!orthancProcess.start(program("Orthanc"), {file.fileName()}, work + "/orthanc", work + "/orthanc/log"))
            return false;
        QElapsedTimer timer;
        timer.start();
        bool answering = false;
        while (!answering && timer.elapsed() < 30000) {
            try {
                net::PacsQuery(orthanc, "PULMO", {1, 2, 2}).echo();
                answering = true;
            } catch (const net::NetworkError&) {
                QThread::msleep(100);
            }
        }
        if (!answering) return false;
        const test::Run stored =
            test::run(program("storescu"), {"-aet", "PULMO", "-aec", "ORTHANC", "+sd", "+r", "127.0.0.1",
                                            QString::number(orthanc.port), work + "/study"});
        if (stored.exitCode != 0) return false;

        QDir().mkpath(work + "/storescp");
        if (!storescpProcess.start(
                program("storescp"),
                {"-aet", "STORESCP", "-od", work + "/storescp", "-pdu", "131072", QString::number(storescpPort)}, work,
                work + "/storescp.log"))
            return false;
        QThread::msleep(300);
        return true;
    }

    ~Fixture()
    {
        orthancProcess.kill();
        storescpProcess.kill();
        if (!work.isEmpty()) QDir(work).removeRecursively();
    }
};

Fixture* g_fixture = nullptr;

void report(benchmark::State& state)
{
    state.counters["instances/s"] = benchmark::Counter(kInstances, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["MB/s"] =
        benchmark::Counter(double(g_fixture->studyBytes) / 1e6, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_PulmoRetrieve(benchmark::State& state, net::RetrieveMethod method, bool sync)
{
    const QString out = g_fixture->work + "/pulmo";
    std::unique_ptr<net::StorageScp> scp;
    if (method == net::RetrieveMethod::Move) {
        net::StorageScpOptions options;
        options.aeTitle = "PULMO";
        options.port = g_fixture->scpPort;
        options.storageFolder = out.toStdString();
        options.syncToDisk = sync;
        scp = std::make_unique<net::StorageScp>(options);
        scp->start();
    }
    net::RetrieveRequest request;
    request.peer = g_fixture->orthanc;
    request.callingAeTitle = "PULMO";
    request.studyInstanceUid = g_fixture->studyUid;
    request.method = method;
    request.storageFolder = out.toStdString();
    request.syncToDisk = sync;
    const net::StudyRetriever retriever(scp.get());
    for (auto _ : state) {
        state.PauseTiming();
        QDir(out).removeRecursively();  // a cold folder: all 200 instances travel every time
        QDir().mkpath(out);
        state.ResumeTiming();
        const net::RetrieveResult result = retriever.retrieve(request);
        if (result.outcome != net::RetrieveOutcome::Success || result.stored != kInstances) {
            state.SkipWithError(("retrieve failed: " + result.error).c_str());
            break;
        }
    }
    if (scp) scp->stop();
    report(state);
}

void BM_MovescuStorescp(benchmark::State& state)
{
    const QStringList arguments{"-S",
                                "-aet",
                                "MOVESCU",
                                "-aec",
                                "ORTHANC",
                                "-aem",
                                "STORESCP",
                                "-k",
                                "QueryRetrieveLevel=STUDY",
                                "-k",
                                "StudyInstanceUID=" + QString::fromStdString(g_fixture->studyUid),
                                "127.0.0.1",
                                QString::number(g_fixture->orthanc.port)};
    const QString movescu = program("movescu");
    const QString out = g_fixture->work + "/storescp";
    for (auto _ : state) {
        state.PauseTiming();
        QDir(out).removeRecursively();
        QDir().mkpath(out);
        state.ResumeTiming();
        const test::Run moved = test::run(movescu, arguments);
        if (moved.exitCode != 0) {
            state.SkipWithError(("movescu failed: " + moved.err).constData());
            break;
        }
    }
    if (QDir(out).entryList(QDir::Files).size() != kInstances)
        state.SkipWithError("storescp did not receive the study");
    report(state);
}

BENCHMARK_CAPTURE(BM_PulmoRetrieve, pulmo - move / nosync, net::RetrieveMethod::Move, false)
    ->Name("Retrieve/pulmo-move/nosync")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(5);
BENCHMARK(BM_MovescuStorescp)
    ->Name("Retrieve/movescu-storescp")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(5);
BENCHMARK_CAPTURE(BM_PulmoRetrieve, pulmo - get / nosync, net::RetrieveMethod::Get, false)
    ->Name("Retrieve/pulmo-get/nosync")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(5);
BENCHMARK_CAPTURE(BM_PulmoRetrieve, pulmo - move / fsync, net::RetrieveMethod::Move, true)
    ->Name("Retrieve/pulmo-move/fsync")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);
BENCHMARK_CAPTURE(BM_PulmoRetrieve, pulmo - get / fsync, net::RetrieveMethod::Get, true)
    ->Name("Retrieve/pulmo-get/fsync")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

}  // namespace

int main(int argc, char** argv)
{
    QCoreApplication application(argc, argv);
    benchmark::Initialize(&argc, argv);
    auto fixture = std::make_unique<Fixture>();
    if (!fixture->setUp()) {
        std::fprintf(stderr, "bench_pacs: set-up failed (Orthanc, storescu, storescp installed? see %s)\n",
                     qPrintable(fixture->work));
        return 1;
    }
    g_fixture = fixture.get();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    g_fixture = nullptr;
    return 0;
}
