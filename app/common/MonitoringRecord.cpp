#include "MonitoringRecord.h"

#include <array>
#include <cmath>

namespace pulmo::app {

InputSummary summariseInput(const inference::GrayImage& input)
{
    InputSummary s;
    std::array<uint64_t, 256> levels{};
    for (const uint8_t value : input.pixels) ++levels[value];
    const double n = double(input.pixels.size());
    if (n > 0) {
        double sum = 0;
        for (int v = 0; v < 256; ++v) sum += double(v) * double(levels[size_t(v)]);
        s.mean = sum / n;
        double squares = 0;
        for (int v = 0; v < 256; ++v) squares += double(levels[size_t(v)]) * (v - s.mean) * (v - s.mean);
        s.sd = std::sqrt(squares / n);
        const auto percentile = [&](double q) {
            const double wanted = q / 100.0 * n;
            uint64_t cumulative = 0;
            for (int v = 0; v < 256; ++v) {
                cumulative += levels[size_t(v)];
                if (double(cumulative) >= wanted) return double(v);
            }
            return 255.0;
        };
        s.p01 = percentile(1);
        s.p50 = percentile(50);
        s.p99 = percentile(99);
    }
    for (int v = 0; v < 256; ++v) s.histogram[size_t(v / 4)] += uint32_t(levels[size_t(v)]);
    return s;
}

feedback::MonitoringObservation monitoringObservation(const dicom::ImageInfo& info, const inference::GrayImage& input,
                                                      const inference::Prediction& prediction,
                                                      const inference::ModelIdentity& model, const QString& observedUtc,
                                                      const QString& source)
{
    return monitoringObservation(info, summariseInput(input), prediction, model, observedUtc, source);
}

feedback::MonitoringObservation monitoringObservation(const dicom::ImageInfo& info, const InputSummary& input,
                                                      const inference::Prediction& prediction,
                                                      const inference::ModelIdentity& model, const QString& observedUtc,
                                                      const QString& source)
{
    feedback::MonitoringObservation o;
    o.observedUtc = observedUtc;
    o.source = source;
    o.modelSha256 = QString::fromStdString(model.sha256);
    o.sopInstanceUid = QString::fromStdString(info.sopInstanceUid);
    o.label = QString::fromStdString(prediction.label);
    const int positive = model.card.positiveIndex();
    o.probability = positive >= 0 && size_t(positive) < prediction.probabilities.size()
                        ? double(prediction.probabilities[size_t(positive)])
                        : 0.0;
    o.positive = prediction.label == model.card.positiveLabel;
    o.indeterminate = prediction.indeterminate;
    o.manufacturer = QString::fromStdString(info.manufacturer);
    o.manufacturerModel = QString::fromStdString(info.manufacturerModelName);
    o.modality = QString::fromStdString(info.modality);
    o.viewPosition = QString::fromStdString(info.viewPosition);
    o.bodyPart = QString::fromStdString(info.bodyPartExamined);
    if (info.rowSpacingMm > 0) o.pixelSpacing = QString::number(info.rowSpacingMm, 'f', 3);  // C locale
    o.bitsStored = info.bitsStored;
    o.photometric = QString::fromStdString(info.photometricInterpretation);
    o.station = QString::fromStdString(info.stationName);
    o.institution = QString::fromStdString(info.institutionName);

    o.inputMean = input.mean;
    o.inputSd = input.sd;
    o.inputP01 = input.p01;
    o.inputP50 = input.p50;
    o.inputP99 = input.p99;
    o.inputHistogram = input.histogram;
    return o;
}

}  // namespace pulmo::app
