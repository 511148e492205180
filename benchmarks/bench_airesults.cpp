// What the AI's results cost in memory, offscreen, through the GUI's AiController and the bundled
// demo model, as "Analyse All Studies" drives it (BatchAnalysis: one image at a time, the next
// when the answer arrives):
//   AiResults/analyse_all_300_images   300 radiographs of 2048 px (chest phantoms), each analysed
//                                      once under its own SOP Instance UID; the process's resident
//                                      memory (VmRSS) after the analyses less before them.
// The decoded images are made before the first measurement and shared by the requests (four
// phantoms, 300 UIDs: the result cache keys by UID), so that no image cache grows in between and
// only the analyses' results count. The model is loaded and warmed up before the first measurement.
// Run: build/bin/bench_airesults (see the README's benchmark section).
#include "AiController.h"
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"
#include "phantom/ChestPhantom.h"

#include <benchmark/benchmark.h>

#include <QApplication>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <unistd.h>

#include <charconv>
#include <string>
#include <vector>

namespace {

using namespace pulmo;

/// The process's resident set in MiB, from /proc/self/status (VmRSS, in kB).
double residentMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return -1.0;
    for (QByteArray line = status.readLine(); !line.isEmpty(); line = status.readLine()) {
        if (!line.startsWith("VmRSS:")) continue;
        const QByteArray digits = line.mid(6).trimmed().split(' ').value(0);
        long kilobytes = 0;
        std::from_chars(digits.constData(), digits.constData() + digits.size(), kilobytes);
        return double(kilobytes) / 1024.0;
    }
    return -1.0;
}

/// Analyses `sop` and waits for its answer; false on a failed analysis or after `timeoutMs`.
bool analyseAndWait(app::AiController& ai, const QString& sop, const std::shared_ptr<const dicom::DecodedImage>& image,
                    int timeoutMs = 60000)
{
    QEventLoop loop;
    bool ok = false;
    const auto connection = QObject::connect(&ai, &app::AiController::resultReady, &loop,
                                             [&](const QString& answered, const app::AiOutcome& outcome) {
                                                 if (answered != sop) return;
                                                 ok = outcome.ok;
                                                 loop.quit();
                                             });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    ai.analyse(sop, image);
    loop.exec();
    QObject::disconnect(connection);
    return ok;
}

void BM_AnalyseAll(benchmark::State& state)
{
    const int images = int(state.range(0));
    char pattern[] = "/tmp/pulmo-bench-airesults-XXXXXX";
    const std::string directory = mkdtemp(pattern) ? pattern : "/tmp";
    std::vector<std::shared_ptr<const dicom::DecodedImage>> decoded;
    for (uint32_t seed = 1; seed <= 4; ++seed) {
        phantom::ChestPhantomOptions options;
        options.seed = seed;
        options.size = 2048;
        options.label = seed % 2 ? phantom::Label::Pneumonia : phantom::Label::Normal;
        const std::string file = directory + "/phantom" + std::to_string(seed) + ".dcm";
        dicom::writeGrayImage(file, phantom::makeChestPhantom(options).spec);
        decoded.push_back(dicom::loadImage(file));
        ::unlink(file.c_str());
    }
    ::rmdir(directory.c_str());

    app::AiSettings settings;
    settings.modelPath = QStringLiteral(PULMO_DEMO_MODEL);
    settings.device = QStringLiteral("cpu");
    app::AiController ai(settings);
    // The model loaded and every allocator warm: a few analyses that are not counted.
    for (int i = 0; i < 8; ++i) {
        if (!analyseAndWait(ai, QStringLiteral("warm-up.%1").arg(i), decoded[size_t(i) % decoded.size()])) {
            state.SkipWithError(
                qPrintable(QStringLiteral("the demo model gives no result: ") + ai.unavailableReason()));
            return;
        }
    }
    const double before = residentMiB();
    for (auto _ : state) {
        for (int i = 0; i < images; ++i) {
            if (!analyseAndWait(ai, QStringLiteral("2.25.%1").arg(i), decoded[size_t(i) % decoded.size()])) {
                state.SkipWithError("an analysis failed");
                return;
            }
        }
    }
    const double after = residentMiB();
    state.counters["rss_before_MiB"] = before;
    state.counters["rss_after_MiB"] = after;
    state.counters["rss_growth_MiB"] = after - before;
    state.counters["growth_per_image_KiB"] = (after - before) * 1024.0 / images;
    state.counters["limit_MiB"] = 100.0;
}
BENCHMARK(BM_AnalyseAll)
    ->Name("AiResults/analyse_all_images")
    ->Arg(300)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    return 0;
}
