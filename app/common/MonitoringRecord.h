#pragma once
// What model monitoring records of one prediction (issue 20 item 1), made one way for the CLI, the
// workstation and the node: the image's metadata as categories and a summary of the 8-bit model
// input (the display pipeline's output before the model's resize: what the model sees).

#include "InferenceBackend.h"
#include "MonitoringStore.h"
#include "dicom/ImageInfo.h"

#include <QString>

#include <array>
#include <cstdint>

namespace pulmo::app {

/// The summary of an 8-bit model input: mean and standard deviation (population) of the grey
/// levels, their 1st, 50th and 99th percentiles (the smallest level whose cumulative share reaches
/// the percentile: numpy's "inverted_cdf"), and the 64-bin histogram. One pass over the pixels.
struct InputSummary {
    double mean = 0, sd = 0, p01 = 0, p50 = 0, p99 = 0;
    std::array<uint32_t, feedback::kInputHistogramBins> histogram{};
};
InputSummary summariseInput(const inference::GrayImage& input);

/// The observation of `prediction` by `model` of the image `info` whose model input `input`
/// summarises, made at `observedUtc` (ISO 8601 UTC) by `source` ("workstation", "cli", "node"); the
/// label is the prediction's (a caller with a threshold of its own sets label and indeterminate).
feedback::MonitoringObservation monitoringObservation(const dicom::ImageInfo& info, const InputSummary& input,
                                                      const inference::Prediction& prediction,
                                                      const inference::ModelIdentity& model, const QString& observedUtc,
                                                      const QString& source);
/// The same from the input itself.
feedback::MonitoringObservation monitoringObservation(const dicom::ImageInfo& info, const inference::GrayImage& input,
                                                      const inference::Prediction& prediction,
                                                      const inference::ModelIdentity& model, const QString& observedUtc,
                                                      const QString& source);

}  // namespace pulmo::app
