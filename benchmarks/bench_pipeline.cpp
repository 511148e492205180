// The image pipeline's speed against DCMTK's dcm2pnm on a 3000x2500 12-bit uncompressed DX, made
// in the set-up. Run: build/bin/bench_pipeline (see the README's benchmark section).
//
//   OpenDecodeRender/in_process  open + decode + first 8-bit rendering, in this process
//   Process/dcm2pnm_raw_pnm      dcm2pnm --write-raw-pnm --use-window 1 (whole process)
//   Process/pulmo_cli_png        pulmo-cli render FILE -o OUT.png (whole process)
//   Process/dcm2pnm_png          dcm2pnm --write-png --use-window 1 (whole process)
//   WindowLevel/rerender         a new window (LUT rebuild) + full re-render, as during a drag
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"
#include "dicom/DisplayPipeline.h"

#include <benchmark/benchmark.h>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

extern char** environ;

namespace {

using namespace pulmo::dicom;

constexpr int kRows = 3000;
constexpr int kColumns = 2500;

const std::string& workDirectory()
{
    static const std::string directory = [] {
        char pattern[] = "/tmp/pulmo-bench-XXXXXX";
        const char* made = mkdtemp(pattern);
        return std::string(made ? made : "/tmp");
    }();
    return directory;
}

/// The benchmark's DX: a smooth chest-like field with noise, 12 bits, one window, 15 MB.
const std::string& benchmarkFile()
{
    static const std::string path = [] {
        GrayImageSpec spec;
        spec.rows = kRows;
        spec.columns = kColumns;
        spec.bitsAllocated = 16;
        spec.bitsStored = 12;
        spec.highBit = 11;
        spec.modality = "DX";
        spec.sopClassUid = "1.2.840.10008.5.1.4.1.1.1.1";
        spec.pixelSpacingMm = 0.143;
        spec.voiPresets = {VoiPreset::window(2047, 3000)};
        spec.storedValues.resize(size_t(kRows) * kColumns);
        std::mt19937 random(42);
        std::normal_distribution<double> noise(0.0, 40.0);
        for (int y = 0; y < kRows; ++y)
            for (int x = 0; x < kColumns; ++x) {
                const double dx = (x - kColumns / 2.0) / kColumns;
                const double dy = (y - kRows / 2.0) / kRows;
                const double body = 3000.0 - 4000.0 * (dx * dx + dy * dy) + 300.0 * std::sin(y / 40.0);
                spec.storedValues[size_t(y) * kColumns + x] = int32_t(std::clamp(body + noise(random), 0.0, 4095.0));
            }
        const std::string file = workDirectory() + "/dx_3000x2500_12bit.dcm";
        writeGrayImage(file, spec);
        return file;
    }();
    return path;
}

int runProcess(const std::vector<std::string>& arguments)
{
    std::vector<char*> argv;
    for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return -1;
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void processBenchmark(benchmark::State& state, const std::vector<std::string>& command)
{
    for (auto _ : state) {
        if (runProcess(command) != 0) {
            state.SkipWithError("command failed");
            break;
        }
    }
}

void BM_OpenDecodeRender(benchmark::State& state)
{
    const std::string file = benchmarkFile();
    std::vector<uint8_t> output(size_t(kRows) * kColumns);
    for (auto _ : state) {
        DisplayPipeline pipeline(loadImage(file));
        pipeline.render(output.data(), kColumns);
        benchmark::DoNotOptimize(output.data());
    }
}
BENCHMARK(BM_OpenDecodeRender)->Name("OpenDecodeRender/in_process")->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Dcm2pnmRaw(benchmark::State& state)
{
    processBenchmark(
        state, {"dcm2pnm", "--write-raw-pnm", "--use-window", "1", benchmarkFile(), workDirectory() + "/dcm2pnm.pnm"});
}
BENCHMARK(BM_Dcm2pnmRaw)->Name("Process/dcm2pnm_raw_pnm")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(10);

void BM_PulmoCliPng(benchmark::State& state)
{
    processBenchmark(state, {PULMO_CLI_PATH, "render", benchmarkFile(), "-o", workDirectory() + "/pulmo.png"});
}
BENCHMARK(BM_PulmoCliPng)->Name("Process/pulmo_cli_png")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(10);

void BM_Dcm2pnmPng(benchmark::State& state)
{
    processBenchmark(
        state, {"dcm2pnm", "--write-png", "--use-window", "1", benchmarkFile(), workDirectory() + "/dcm2pnm.png"});
}
BENCHMARK(BM_Dcm2pnmPng)->Name("Process/dcm2pnm_png")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(10);

void BM_WindowLevel(benchmark::State& state)
{
    DisplayPipeline pipeline(loadImage(benchmarkFile()));
    std::vector<uint8_t> output(size_t(kRows) * kColumns);
    int step = 0;
    for (auto _ : state) {
        // A drag: every iteration a new window, so the table is rebuilt each time.
        pipeline.setWindow(1500.0 + (step % 200) * 5.0, 1000.0 + (step % 97) * 20.0);
        pipeline.render(output.data(), kColumns);
        benchmark::DoNotOptimize(output.data());
        ++step;
    }
}
BENCHMARK(BM_WindowLevel)
    ->Name("WindowLevel/rerender")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
