// The viewer's interactive costs, offscreen:
//   Viewer/window_level_viewport   a window change re-rendered on a 1920x1080 view of a 3000x2500
//                                  16-bit image (median of repetitions)
//   Viewer/heatmap_overlay_view_change  a view change (zoom) re-rendered on a 1920x1080 view of the same
//                                  image with a 14x14 Grad-CAM map over it (grey viewport + heat layer)
//   Viewer/paging_300_images       paging through 300 images of 15 MB with the decoded-image cache:
//                                  peak RSS against the cache budget + 400 MB
//   Viewer/first_image_painted     `pulmo FILE` from process start to the first image painted
// Run: build/bin/bench_viewer (see the README's benchmark section).
#include "cache/ImageCache.h"
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"
#include "dicom/DisplayPipeline.h"
#include "widgets/ImageView.h"

#include <benchmark/benchmark.h>

#include <QApplication>
#include <QImage>
#include <QPainter>

#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>

namespace {

using namespace pulmo;

const std::string& workDirectory()
{
    static const std::string directory = [] {
        char pattern[] = "/tmp/pulmo-bench-viewer-XXXXXX";
        return std::string(mkdtemp(pattern) ? pattern : "/tmp");
    }();
    return directory;
}

/// A 3000x2500 16-bit DX (15 MB uncompressed).
const std::string& largeImage()
{
    static const std::string path = [] {
        dicom::GrayImageSpec spec;
        spec.rows = 3000;
        spec.columns = 2500;
        spec.bitsAllocated = 16;
        spec.bitsStored = 16;
        spec.highBit = 15;
        spec.modality = "DX";
        spec.voiPresets = {dicom::VoiPreset::window(30000, 40000)};
        std::mt19937 random(3);
        spec.storedValues.resize(size_t(spec.rows) * size_t(spec.columns));
        for (int y = 0; y < spec.rows; ++y)
            for (int x = 0; x < spec.columns; ++x)
                spec.storedValues[size_t(y) * size_t(spec.columns) + size_t(x)] =
                    int32_t(30000 + 20000 * std::sin(x / 300.0) * std::cos(y / 400.0) + int(random() % 2000));
        const std::string file = workDirectory() + "/large.dcm";
        dicom::writeGrayImage(file, spec);
        return file;
    }();
    return path;
}

void BM_WindowLevelViewport(benchmark::State& state)
{
    viewer::ImageView view;
    view.resize(1920, 1080);
    view.show();
    view.setImage(dicom::loadImage(largeImage()));
    QImage target(view.size(), QImage::Format_RGB32);
    view.render(&target);  // builds the on-screen index buffer once, as the first paint does
    int step = 0;
    for (auto _ : state) {
        view.setWindow(28000.0 + (step % 100) * 50.0, 30000.0 + (step % 37) * 100.0);
        view.render(&target);  // the paint a window drag causes
        benchmark::DoNotOptimize(target.constBits());
        ++step;
    }
}
BENCHMARK(BM_WindowLevelViewport)
    ->Name("Viewer/window_level_viewport")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

void BM_HeatmapOverlayPan(benchmark::State& state)
{
    viewer::ImageView view;
    view.resize(1920, 1080);
    view.show();
    view.setImage(dicom::loadImage(largeImage()));
    viewer::CamMap map;
    map.rows = map.cols = 14;
    map.inputSize = 224;
    for (int i = 0; i < 14 * 14; ++i) map.values.push_back(float((i * 37) % 23));
    if (state.range(0) != 0) view.setHeatmap(map);  // Arg(0): the grey image alone, for comparison
    view.setZoom(1.0);                              // the image covers the whole view
    QImage target(view.size(), QImage::Format_RGB32);
    view.render(&target);
    int step = 0;
    for (auto _ : state) {
        view.setZoom(step % 2 ? 1.0 : 1.01);  // a new view transform: the grey viewport and the heat layer are rebuilt
        view.render(&target);
        benchmark::DoNotOptimize(target.constBits());
        ++step;
    }
}
BENCHMARK(BM_HeatmapOverlayPan)
    ->Name("Viewer/heatmap_overlay_view_change")
    ->Arg(1)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

void BM_Paging(benchmark::State& state)
{
    // 300 distinct file names (hard links to one 15 MB file): the cache keys by path, so memory
    // behaves as with 300 different images while the disk holds one.
    std::vector<QString> files;
    for (int i = 0; i < 300; ++i) {
        const std::string link = workDirectory() + "/page" + std::to_string(i) + ".dcm";
        ::unlink(link.c_str());
        if (::link(largeImage().c_str(), link.c_str()) != 0) {
            state.SkipWithError("cannot make hard links");
            return;
        }
        files.push_back(QString::fromStdString(link));
    }
    const qint64 budget = qint64(state.range(0)) << 20;
    for (auto _ : state) {
        viewer::ImageCache cache(budget);
        for (const QString& file : files) {
            auto image = dicom::loadImage(file.toStdString());
            cache.insert(file, image);
            dicom::DisplayPipeline pipeline(image);
            benchmark::DoNotOptimize(pipeline.renderImage());
        }
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double peakMiB = double(usage.ru_maxrss) / 1024.0;
    state.counters["peak_rss_MiB"] = peakMiB;
    state.counters["cache_budget_MiB"] = double(state.range(0));
    state.counters["limit_MiB"] = double(state.range(0) + 400);
    for (const QString& file : files) ::unlink(file.toLocal8Bit().constData());
}
BENCHMARK(BM_Paging)
    ->Name("Viewer/paging_300_images")
    ->Arg(512)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

void BM_FirstImagePainted(benchmark::State& state)
{
    const std::string command = "QT_QPA_PLATFORM=offscreen " PULMO_GUI_PATH " --exit-after-first-image --index-db " +
                                workDirectory() + "/first-paint-index.sqlite " + largeImage() + " 2>/dev/null";
    double total = 0.0;
    for (auto _ : state) {
        FILE* pipe = popen(command.c_str(), "r");
        char line[256] = {0};
        const bool read = pipe && fgets(line, sizeof(line), pipe);
        if (pipe) pclose(pipe);
        double milliseconds = 0.0;
        if (!read || std::sscanf(line, "first image painted after %lf ms", &milliseconds) != 1) {
            state.SkipWithError("pulmo did not report a first image");
            break;
        }
        state.SetIterationTime(milliseconds / 1000.0);
        total += milliseconds;
    }
}
BENCHMARK(BM_FirstImagePainted)
    ->Name("Viewer/first_image_painted")
    ->UseManualTime()
    ->Iterations(5)
    ->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
