// The study index's speed against pydicom on 1000 small DICOM files (64x64, 16-bit, explicit VR
// little endian: 10 patients x 2 studies x 2 series x 25 instances), made in the set-up.
// Run: build/bin/bench_index. The target: full index >= 3x pydicom's files/s.
//
//   Index/full              a fresh database: list, stat, read every header, write (files/s)
//   Index/unchanged         a re-index of the same folder: list and stat only (files/s)
//   Stage/readImageInfo     the header read alone, one file after another on this thread
//   Process/pydicom_dcmread dcmread(f, stop_before_pixels=True) over the same files, timed inside
//                           Python (interpreter start-up and import excluded), manual time
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

constexpr int kFiles = 1000;
constexpr int kSize = 64;

const std::string& workDirectory()
{
    static const std::string directory = [] {
        char pattern[] = "/tmp/pulmo-bench-index-XXXXXX";
        const char* made = mkdtemp(pattern);
        return std::string(made ? made : "/tmp");
    }();
    return directory;
}

std::string corpusFolder()
{
    return workDirectory() + "/corpus";
}

/// Writes the corpus once; returns every file's path.
const std::vector<std::string>& corpusFiles()
{
    static const std::vector<std::string> files = [] {
        std::vector<std::string> paths;
        dicom::GrayImageSpec spec;
        spec.rows = kSize;
        spec.columns = kSize;
        spec.modality = "DX";
        spec.sopClassUid = "1.2.840.10008.5.1.4.1.1.1.1";
        spec.storedValues.resize(size_t(kSize) * kSize);
        for (size_t i = 0; i < spec.storedValues.size(); ++i) spec.storedValues[i] = int32_t(i % 4096);
        int written = 0;
        for (int patient = 0; patient < 10; ++patient) {
            spec.patientId = "BENCH" + std::to_string(patient);
            spec.patientName = "BENCH^PATIENT" + std::to_string(patient);
            for (int study = 0; study < 2; ++study) {
                spec.studyInstanceUid = dicom::newUid();
                spec.studyDate = "2025010" + std::to_string(study + 1);
                for (int series = 0; series < 2; ++series) {
                    spec.seriesInstanceUid = dicom::newUid();
                    const std::string folder = corpusFolder() + "/p" + std::to_string(patient) + "/st" +
                                               std::to_string(study) + "/se" + std::to_string(series);
                    QDir().mkpath(QString::fromStdString(folder));
                    for (int instance = 0; instance < kFiles / 40; ++instance) {
                        spec.sopInstanceUid = dicom::newUid();
                        paths.push_back(folder + "/IM" + std::to_string(written++) + ".dcm");
                        dicom::writeGrayImage(paths.back(), spec);
                    }
                }
            }
        }
        return paths;
    }();
    return files;
}

void removeDatabase(const std::string& path)
{
    for (const char* suffix : {"", "-wal", "-shm"}) QFile::remove(QString::fromStdString(path + suffix));
}

void BM_FullIndex(benchmark::State& state)
{
    corpusFiles();
    const std::string database = workDirectory() + "/full.sqlite";
    for (auto _ : state) {
        state.PauseTiming();
        removeDatabase(database);
        state.ResumeTiming();
        index::StudyIndex studyIndex(QString::fromStdString(database));
        const index::IndexReport report = studyIndex.indexFolders({QString::fromStdString(corpusFolder())});
        if (report.indexed != kFiles) {
            state.SkipWithError("not every file was indexed");
            break;
        }
    }
    state.counters["files/s"] = benchmark::Counter(kFiles, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_FullIndex)->Name("Index/full")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

void BM_Unchanged(benchmark::State& state)
{
    corpusFiles();
    const std::string database = workDirectory() + "/unchanged.sqlite";
    removeDatabase(database);
    index::StudyIndex studyIndex(QString::fromStdString(database));
    studyIndex.indexFolders({QString::fromStdString(corpusFolder())});
    for (auto _ : state) {
        const index::IndexReport report = studyIndex.indexFolders({QString::fromStdString(corpusFolder())});
        if (report.unchanged != kFiles || report.indexed != 0) {
            state.SkipWithError("a re-index read files again");
            break;
        }
    }
    state.counters["files/s"] = benchmark::Counter(kFiles, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Unchanged)->Name("Index/unchanged")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(20);

void BM_ReadImageInfo(benchmark::State& state)
{
    const std::vector<std::string>& files = corpusFiles();
    for (auto _ : state)
        for (const std::string& file : files) benchmark::DoNotOptimize(dicom::readImageInfo(file));
    state.counters["files/s"] = benchmark::Counter(kFiles, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ReadImageInfo)->Name("Stage/readImageInfo")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

void BM_Pydicom(benchmark::State& state)
{
    corpusFiles();
    // The same files in the same order as os.walk finds them; only the reads are timed.
    const std::string script =
        "import os,sys,time,pydicom\n"
        "files=sorted(os.path.join(d,f) for d,_,fs in os.walk(sys.argv[1]) for f in fs)\n"
        "t=time.perf_counter()\n"
        "for f in files: pydicom.dcmread(f,stop_before_pixels=True)\n"
        "print(len(files), time.perf_counter()-t)\n";
    const std::string command = "/usr/bin/python3 -c '" + script + "' " + corpusFolder();
    for (auto _ : state) {
        FILE* pipe = popen(command.c_str(), "r");
        int count = 0;
        double seconds = 0.0;
        const bool parsed = pipe && std::fscanf(pipe, "%d %lf", &count, &seconds) == 2;
        const int status = pipe ? pclose(pipe) : -1;
        if (!parsed || status != 0 || count != kFiles) {
            state.SkipWithError("pydicom run failed");
            break;
        }
        state.SetIterationTime(seconds);
    }
    state.counters["files/s"] = benchmark::Counter(kFiles, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Pydicom)->Name("Process/pydicom_dcmread")->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(5);

}  // namespace

BENCHMARK_MAIN();
