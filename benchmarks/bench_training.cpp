// The trainer's throughput, through the plugin as `pulmo-cli train` uses it, side by side with
// Python PyTorch on the same recipe (benchmarks/train_reference.py):
//
//   Python/train_2_threads       torchvision resnet18, Adam, batch 16, flip + rotation (reference)
//   Pulmo/train_epoch/N          one epoch over N in-memory images (batch 16, augmented): images
//                                through forward + backward + Adam step per second, as the epoch
//                                lines of `pulmo-cli train` report them (decoding and the model
//                                file written at the end are not counted)
//
// Run: build/bin/bench_training (see the README's benchmark section for the figures).
#include "InferenceBackend.h"
#include "PluginLoader.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace {

using namespace pulmo::inference;

std::string run(const std::string& command)
{
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return output;
    char buffer[4096];
    while (size_t read = fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, read);
    pclose(pipe);
    return output;
}

double numberAfter(const std::string& json, const std::string& key)
{
    const size_t at = json.find("\"" + key + "\":");
    return at == std::string::npos ? -1.0 : std::stod(json.substr(at + key.size() + 3));
}

InferenceBackend& backend()
{
    static const BackendHandle handle = [] {
        std::string error;
        BackendHandle loaded = loadBackend(PULMO_PLUGIN_PATH, &error);
        if (!loaded) throw std::runtime_error(error);
        return loaded;
    }();
    return *handle;
}

/// A 512x512 image with structure (a bright blob somewhere for half of them).
GrayImage image(unsigned seed, bool blob)
{
    GrayImage gray;
    gray.width = gray.height = 512;
    gray.pixels.resize(512 * 512);
    const double cx = 128 + double(seed * 97 % 256), cy = 128 + double(seed * 57 % 256);
    for (int y = 0; y < 512; ++y)
        for (int x = 0; x < 512; ++x) {
            double value =
                90 + 60 * std::sin(x / 23.0 + seed) * std::cos(y / 31.0) + double((x * 7 + y * 13 + seed) % 17);
            if (blob) value += 80 * std::exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 2000.0);
            gray.pixels[size_t(y) * 512 + size_t(x)] = uint8_t(std::min(255.0, value));
        }
    return gray;
}

void BM_PythonReference(benchmark::State& state)
{
    const std::string json = run("/usr/bin/python3 " PULMO_SOURCE_DIR "/benchmarks/train_reference.py 2 16");
    const double imagesPerSecond = numberAfter(json, "images_per_s");
    if (imagesPerSecond <= 0) state.SkipWithError(("python reference failed: " + json).c_str());
    for (auto _ : state) state.SetIterationTime(16.0 / imagesPerSecond);
    state.counters["images_per_s"] = imagesPerSecond;
}
BENCHMARK(BM_PythonReference)
    ->Name("Python/train_2_threads")
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

void BM_TrainEpoch(benchmark::State& state)
{
    const size_t count = size_t(state.range(0));
    std::vector<GrayImage> images;
    std::vector<TrainingSample> samples;
    for (size_t i = 0; i < count; ++i) {
        const bool positive = i % 2 == 1;
        images.push_back(image(unsigned(i), positive));
        samples.push_back({"bench" + std::to_string(i), "P" + std::to_string(i), positive ? "PNEUMONIA" : "NORMAL",
                           DataSplit::Train});
    }
    char pattern[] = "/tmp/pulmo-bench-training-XXXXXX";
    const std::string directory = mkdtemp(pattern) ? pattern : "/tmp";
    TrainingOptions options;
    options.outputPath = directory + "/model.pt";
    options.epochs = 1;
    options.batchSize = 16;
    options.device = "cpu";
    int threads = 0;
    double trained = 0.0;
    {
        // Warm-up, as the Python reference has: the first batches pay for the allocator and the
        // thread pool. A 32-image epoch, not timed.
        const std::vector<TrainingSample> few(samples.begin(), samples.begin() + std::min<size_t>(32, count));
        backend().train(few, [&](size_t index) { return images[index]; }, options, {});
    }
    for (auto _ : state) {
        const TrainingReport report =
            backend().train(samples, [&](size_t index) { return images[index]; }, options, {});
        state.SetIterationTime(report.epochs.front().seconds);
        trained += double(report.epochs.front().train.images);
        threads = report.cpuThreads;
    }
    std::remove(options.outputPath.c_str());
    std::remove((directory + "/model.json").c_str());
    std::remove(directory.c_str());
    state.counters["images_per_s"] = benchmark::Counter(trained, benchmark::Counter::kIsRate);
    state.counters["cpu_threads"] = threads;
}
BENCHMARK(BM_TrainEpoch)->Name("Pulmo/train_epoch")->Arg(128)->UseManualTime()->Iterations(2)->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
