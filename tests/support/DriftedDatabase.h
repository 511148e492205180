#pragma once
// A feedback database with a planted drift, for model monitoring's GUI and node tests: 110 days
// of 12 images a day; from day 80, half the images come from a new manufacturer (14 bits) whose
// input histogram is brighter; the model's one golden run failed its sensitivity floor.

#include "GoldenStore.h"
#include "MonitoringStore.h"

#include <QDate>
#include <QString>

#include <algorithm>
#include <cmath>
#include <random>

namespace pulmo::test {

constexpr int kDriftDays = 110;
constexpr int kDriftChangeDay = 80;

/// Writes the stream into the feedback database at `path` for `model`; false when a record was refused.
inline bool writeDriftedDatabase(const QString& path, const QString& model)
{
    feedback::FeedbackDatabase database(path.toStdString());
    feedback::MonitoringStore store(database);
    std::mt19937 random(7);
    std::normal_distribution<double> noise(0.0, 1.0);
    int n = 0;
    for (int d = 0; d < kDriftDays; ++d) {
        const QDate date = QDate(2026, 1, 1).addDays(d);
        for (int i = 0; i < 12; ++i) {
            const bool newScanner = d >= kDriftChangeDay && i % 2 == 0;
            feedback::MonitoringObservation o;
            o.observedUtc =
                date.toString(Qt::ISODate) + QStringLiteral("T%1:00:00.000Z").arg(8 + i, 2, 10, QLatin1Char('0'));
            o.source = QStringLiteral("workstation");
            o.modelSha256 = model;
            o.sopInstanceUid = QStringLiteral("2.25.7%1").arg(++n);
            o.probability = 1.0 / (1.0 + std::exp(-(noise(random) * 2.0 - 0.8)));
            o.indeterminate = std::max(o.probability, 1 - o.probability) < 0.7;
            o.positive = !o.indeterminate && o.probability >= 0.5;
            o.label = o.indeterminate ? QStringLiteral("INDETERMINATE")
                                      : (o.positive ? QStringLiteral("PNEUMONIA") : QStringLiteral("NORMAL"));
            o.manufacturer = newScanner ? QStringLiteral("Future Imaging Systems (synthetic)")
                                        : QStringLiteral("Pulmo Synthetic Imaging");
            o.modality = QStringLiteral("DX");
            o.bitsStored = newScanner ? 14 : 12;
            o.photometric = QStringLiteral("MONOCHROME2");
            // A grey-level bump around 100, or around 150 on the new scanner.
            const double centre = (newScanner ? 150.0 : 100.0) + 6.0 * noise(random);
            double sum = 0, squares = 0;
            long count = 0;
            for (int bin = 0; bin < feedback::kInputHistogramBins; ++bin) {
                const double level = bin * 4 + 1.5;
                const auto pixels = uint32_t(10000.0 * std::exp(-0.5 * std::pow((level - centre) / 30.0, 2)));
                o.inputHistogram[size_t(bin)] = pixels;
                sum += level * pixels;
                squares += level * level * pixels;
                count += pixels;
            }
            o.inputMean = sum / double(count);
            o.inputSd = std::sqrt(squares / double(count) - o.inputMean * o.inputMean);
            o.inputP01 = o.inputMean - 2.3 * o.inputSd;
            o.inputP50 = o.inputMean;
            o.inputP99 = o.inputMean + 2.3 * o.inputSd;
            if (!store.record(o)) return false;
        }
    }
    feedback::GoldenStore golden(database);
    feedback::GoldenRun run;
    run.runUtc = QStringLiteral("2026-04-15T09:00:00.000Z");
    run.modelSha256 = model;
    run.setPath = QStringLiteral("/srv/golden");
    run.setSha256 = QStringLiteral("00");
    run.images = 40;
    run.positives = 20;
    run.sensitivity = 0.75;
    run.sensitivityLow = 0.509;
    run.sensitivityHigh = 0.913;
    run.specificity = 0.95;
    run.specificityLow = 0.751;
    run.specificityHigh = 0.999;
    run.minSensitivity = 0.6;
    run.minSpecificity = 0.6;
    run.targetSensitivity = 0.95;
    run.largestChange = std::nan("");
    run.thresholdForTarget = 0.3;
    run.failures = QStringLiteral("sensitivity");
    run.reader = QStringLiteral("physicist");
    golden.record(run, {});
    return true;
}

}  // namespace pulmo::test
