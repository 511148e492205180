// The inference engine's speed, side by side with Python PyTorch on the same model (torchvision's
// resnet18 with fixed random weights, made in the set-up by tests/oracle/make_model.py):
//
//   Python/forward_2_threads          bare forward pass in Python PyTorch, 2 threads (reference)
//   Python/full_backward_gradcam      hook-based Grad-CAM on layer4 with a full backward pass (reference)
//   Python/full_backward_gradcam_layer3  the same hooked on layer3 (the demo model's layer; reference)
//   Pulmo/inference_and_gradcam       one 224x224 image through the plugin: forward + exact Grad-CAM
//   Pulmo/inference_and_gradcam_layer3  the same with the card's cam_layer layer3 (the demo model's):
//                                     14x14 map by one backward pass through layer4 only; its
//                                     gradcam_per_forward counter is Grad-CAM / forward pass
//   Pulmo/batch/images:N/cam_layer:L images per second for batches of 1, 8 and 32, layer4 and layer3
//   Pulmo/memory_over_1000_analyses   RSS after 10 and after 1,000 consecutive analyses (layer4, layer3)
//
// Run: build/bin/bench_inference (see the README's benchmark section).
#include "InferenceBackend.h"
#include "PluginLoader.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
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

const std::string& workDirectory()
{
    static const std::string directory = [] {
        char pattern[] = "/tmp/pulmo-bench-inference-XXXXXX";
        return std::string(mkdtemp(pattern) ? pattern : "/tmp");
    }();
    return directory;
}

/// The benchmark model (same seed, same weights), its card asking for Grad-CAM on `camLayer`.
std::string modelPath(const std::string& camLayer = "layer4")
{
    const std::string file = workDirectory() + "/resnet18_" + camLayer + ".pt";
    if (!std::ifstream(file))
        run("/usr/bin/python3 " PULMO_SOURCE_DIR "/tests/oracle/make_model.py " + file +
            " linear --card '{\"cam_layer\": \"" + camLayer + "\"}'");
    return file;
}

BackendHandle& backend()
{
    static BackendHandle handle = [] {
        std::string error;
        BackendHandle loaded = loadBackend(PULMO_PLUGIN_PATH, &error);
        if (!loaded) throw std::runtime_error(error);
        return loaded;
    }();
    return handle;
}

Classifier& classifier(const std::string& camLayer = "layer4")
{
    BackendHandle& plugin = backend();  // made first, so destroyed after the models it made
    static std::map<std::string, std::unique_ptr<Classifier>> loaded;
    std::unique_ptr<Classifier>& model = loaded[camLayer];
    if (!model) model = plugin->loadModel(modelPath(camLayer), "cpu");
    return *model;
}

GrayImage image(int size, unsigned seed)
{
    GrayImage gray;
    gray.width = size;
    gray.height = size;
    gray.pixels.resize(size_t(size) * size_t(size));
    for (size_t i = 0; i < gray.pixels.size(); ++i) gray.pixels[i] = uint8_t((i * 2654435761u + seed) >> 24);
    return gray;
}

double numberAfter(const std::string& json, const std::string& key)
{
    const size_t at = json.find("\"" + key + "\":");
    return at == std::string::npos ? -1.0 : std::stod(json.substr(at + key.size() + 3));
}

void BM_PythonReference(benchmark::State& state)
{
    // One Python run measures both references (20 forwards, 10 Grad-CAMs) after warm-up.
    const std::string json =
        run("/usr/bin/python3 " PULMO_SOURCE_DIR "/tests/oracle/torch_oracle.py --time " + modelPath() + " linear");
    const char* keys[] = {"forward_ms", "full_backward_gradcam_ms", "full_backward_gradcam_layer3_ms"};
    const double milliseconds = numberAfter(json, keys[state.range(0)]);
    if (milliseconds <= 0) state.SkipWithError(("python reference failed: " + json).c_str());
    for (auto _ : state) state.SetIterationTime(milliseconds / 1000.0);
}
BENCHMARK(BM_PythonReference)
    ->Arg(0)
    ->Name("Python/forward_2_threads")
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PythonReference)
    ->Arg(1)
    ->Name("Python/full_backward_gradcam")
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PythonReference)
    ->Arg(2)
    ->Name("Python/full_backward_gradcam_layer3")
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

void BM_InferenceAndGradCam(benchmark::State& state)
{
    Classifier& model = classifier("layer" + std::to_string(state.range(0)));
    const GrayImage input = image(224, 1);
    const PredictOptions options;  // the map at its own resolution, as the viewer asks for it
    for (int i = 0; i < 3; ++i) model.predict({input}, options);
    double inference = 0, cam = 0;
    for (auto _ : state) {
        const Prediction prediction = model.predict({input}, options).front();
        // Forward + Grad-CAM only: the (here trivial) resize is the preprocessing's, timed apart.
        state.SetIterationTime((prediction.inferenceMs + prediction.camMs) / 1000.0);
        inference += prediction.inferenceMs;
        cam += prediction.camMs;
    }
    state.counters["forward_ms"] = inference / double(state.iterations());
    state.counters["gradcam_ms"] = cam / double(state.iterations());
    state.counters["gradcam_per_forward"] = cam / inference;
}
BENCHMARK(BM_InferenceAndGradCam)
    ->Arg(4)
    ->Name("Pulmo/inference_and_gradcam")
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->MinTime(3.0);
BENCHMARK(BM_InferenceAndGradCam)
    ->Arg(3)
    ->Name("Pulmo/inference_and_gradcam_layer3")
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->MinTime(3.0);

void BM_Batch(benchmark::State& state)
{
    Classifier& model = classifier("layer" + std::to_string(state.range(1)));
    std::vector<GrayImage> batch;
    for (int i = 0; i < state.range(0); ++i) batch.push_back(image(512, unsigned(i)));
    const PredictOptions options;
    model.predict(batch, options);
    for (auto _ : state) benchmark::DoNotOptimize(model.predict(batch, options));
    state.counters["images_per_s"] =
        benchmark::Counter(double(state.iterations() * state.range(0)), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Batch)
    ->Name("Pulmo/batch")
    ->ArgNames({"images", "cam_layer"})
    ->ArgsProduct({{1, 8, 32}, {4, 3}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->MinTime(3.0);

long residentKiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

void BM_Memory(benchmark::State& state)
{
    Classifier& model = classifier("layer" + std::to_string(state.range(0)));
    const GrayImage input = image(1024, 7);
    PredictOptions options;  // heatmaps at image size, as the CLI's evaluate asks (the largest results)
    options.heatmapAtImageSize = true;
    for (auto _ : state) {
        long after10 = 0;
        for (int i = 1; i <= 1000; ++i) {
            benchmark::DoNotOptimize(model.predict({input}, options));
            if (i == 10) after10 = residentKiB();
        }
        state.counters["rss_after_10_MiB"] = double(after10) / 1024.0;
        state.counters["rss_after_1000_MiB"] = double(residentKiB()) / 1024.0;
    }
}
BENCHMARK(BM_Memory)
    ->Name("Pulmo/memory_over_1000_analyses")
    ->ArgName("cam_layer")
    ->Arg(4)
    ->Arg(3)
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
