// The study index's speed against pydicom, on two corpora made in the set-up (and deleted at exit):
// 1000 small files (64x64, 16-bit, explicit VR little endian: 10 patients x 2 studies x 2 series x
// 25 instances), and 40 radiograph-sized files (3000x2500, 16-bit: 15 MB each).
// Run: build/bin/bench_index. The target: full index >= 3x pydicom's files/s.
//
//   Index/full/small            a fresh database: list, stat, read every header, write (files/s)
//   Index/unchanged/small       a re-index of the same folder: list and stat only (files/s)
//   Stage/readImageInfo/small   the header read alone, one file after another on this thread
//   Process/pydicom/small       dcmread(f, stop_before_pixels=True) over the same files, timed inside
//                               Python (interpreter start-up and import excluded), manual time
//   .../radiographs             the same on the 15 MB files
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"
#include "index/StudyIndex.h"

#include <benchmark/benchmark.h>

#include <QDir>
#include <QFile>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace pulmo;

struct Corpus {
    const char* name;
    int patients;
    int imagesPerSeries;  ///< 2 studies of 2 series each per patient
    int rows;
    int columns;

    int files() const { return patients * 4 * imagesPerSeries; }
};

constexpr Corpus kSmall{"small", 10, 25, 64, 64};
constexpr Corpus kRadiographs{"radiographs", 2, 5, 3000, 2500};

const std::string& workDirectory()
{
    static const std::string directory = [] {
        char pattern[] = "/tmp/pulmo-bench-index-XXXXXX";
        const char* made = mkdtemp(pattern);
        return std::string(made ? made : "/tmp");
    }();
    return directory;
}

std::string corpusFolder(const Corpus& corpus)
{
    return workDirectory() + "/" + corpus.name;
}

std::vector<std::string> writeCorpus(const Corpus& corpus)
{
    std::vector<std::string> paths;
    dicom::GrayImageSpec spec;
    spec.rows = corpus.rows;
    spec.columns = corpus.columns;
    spec.modality = "DX";
    spec.sopClassUid = "1.2.840.10008.5.1.4.1.1.1.1";
    spec.storedValues.resize(size_t(corpus.rows) * size_t(corpus.columns));
    for (size_t i = 0; i < spec.storedValues.size(); ++i) spec.storedValues[i] = int32_t(i % 4096);
    int written = 0;
    for (int patient = 0; patient < corpus.patients; ++patient) {
        spec.patientId = "BENCH" + std::to_string(patient);
        spec.patientName = "BENCH^PATIENT" + std::to_string(patient);
        for (int study = 0; study < 2; ++study) {
            spec.studyInstanceUid = dicom::newUid();
            spec.studyDate = "2025010" + std::to_string(study + 1);
            for (int series = 0; series < 2; ++series) {
                spec.seriesInstanceUid = dicom::newUid();
                const std::string folder = corpusFolder(corpus) + "/p" + std::to_string(patient) + "/st" +
                                           std::to_string(study) + "/se" + std::to_string(series);
                QDir().mkpath(QString::fromStdString(folder));
                for (int instance = 0; instance < corpus.imagesPerSeries; ++instance) {
                    spec.sopInstanceUid = dicom::newUid();
                    paths.push_back(folder + "/IM" + std::to_string(written++) + ".dcm");
                    dicom::writeGrayImage(paths.back(), spec);
                }
            }
        }
    }
    return paths;
}

/// Writes each corpus once; returns every file's path.
const std::vector<std::string>& corpusFiles(const Corpus& corpus)
{
    static const std::vector<std::string> small = writeCorpus(kSmall);
    if (&corpus == &kSmall) return small;
    static const std::vector<std::string> radiographs = writeCorpus(kRadiographs);
    return radiographs;
}

void removeDatabase(const std::string& path)
{
    for (const char* suffix : {"", "-wal", "-shm"}) QFile::remove(QString::fromStdString(path + suffix));
}

void BM_FullIndex(benchmark::State& state, const Corpus& corpus)
{
    corpusFiles(corpus);
    const std::string database = workDirectory() + "/full.sqlite";
    for (auto _ : state) {
        state.PauseTiming();
        removeDatabase(database);
        state.ResumeTiming();
        index::StudyIndex studyIndex(QString::fromStdString(database));
        const index::IndexReport report = studyIndex.indexFolders({QString::fromStdString(corpusFolder(corpus))});
        if (report.indexed != corpus.files()) {
            state.SkipWithError("not every file was indexed");
            break;
        }
    }
    state.counters["files/s"] = benchmark::Counter(corpus.files(), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK_CAPTURE(BM_FullIndex, small, kSmall)
    ->Name("Index/full/small")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(5);
BENCHMARK_CAPTURE(BM_FullIndex, radiographs, kRadiographs)
    ->Name("Index/full/radiographs")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

void BM_Unchanged(benchmark::State& state, const Corpus& corpus)
{
    corpusFiles(corpus);
    const std::string database = workDirectory() + "/unchanged.sqlite";
    removeDatabase(database);
    index::StudyIndex studyIndex(QString::fromStdString(database));
    studyIndex.indexFolders({QString::fromStdString(corpusFolder(corpus))});
    for (auto _ : state) {
        const index::IndexReport report = studyIndex.indexFolders({QString::fromStdString(corpusFolder(corpus))});
        if (report.unchanged != corpus.files() || report.indexed != 0) {
            state.SkipWithError("a re-index read files again");
            break;
        }
    }
    state.counters["files/s"] = benchmark::Counter(corpus.files(), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK_CAPTURE(BM_Unchanged, small, kSmall)
    ->Name("Index/unchanged/small")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(20);

void BM_ReadImageInfo(benchmark::State& state, const Corpus& corpus)
{
    const std::vector<std::string>& files = corpusFiles(corpus);
    for (auto _ : state)
        for (const std::string& file : files) benchmark::DoNotOptimize(dicom::readImageInfo(file));
    state.counters["files/s"] = benchmark::Counter(corpus.files(), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK_CAPTURE(BM_ReadImageInfo, small, kSmall)
    ->Name("Stage/readImageInfo/small")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(5);
BENCHMARK_CAPTURE(BM_ReadImageInfo, radiographs, kRadiographs)
    ->Name("Stage/readImageInfo/radiographs")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

void BM_Pydicom(benchmark::State& state, const Corpus& corpus)
{
    corpusFiles(corpus);
    // The same files, in path order; only the reads are timed.
    const std::string script =
        "import os,sys,time,pydicom\n"
        "files=sorted(os.path.join(d,f) for d,_,fs in os.walk(sys.argv[1]) for f in fs)\n"
        "t=time.perf_counter()\n"
        "for f in files: pydicom.dcmread(f,stop_before_pixels=True)\n"
        "print(len(files), time.perf_counter()-t)\n";
    const std::string command = "/usr/bin/python3 -c '" + script + "' " + corpusFolder(corpus);
    for (auto _ : state) {
        FILE* pipe = popen(command.c_str(), "r");
        int count = 0;
        double seconds = 0.0;
        const bool parsed = pipe && std::fscanf(pipe, "%d %lf", &count, &seconds) == 2;
        const int status = pipe ? pclose(pipe) : -1;
        if (!parsed || status != 0 || count != corpus.files()) {
            state.SkipWithError("pydicom run failed");
            break;
        }
        state.SetIterationTime(seconds);
    }
    state.counters["files/s"] = benchmark::Counter(corpus.files(), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK_CAPTURE(BM_Pydicom, small, kSmall)
    ->Name("Process/pydicom/small")
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(5);
BENCHMARK_CAPTURE(BM_Pydicom, radiographs, kRadiographs)
    ->Name("Process/pydicom/radiographs")
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(3);

}  // namespace

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    QDir(QString::fromStdString(workDirectory())).removeRecursively();  // 600 MB of radiographs
    return 0;
}
