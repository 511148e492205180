#pragma once
// The pixels of the results Secondary Capture (issue 16 item 2): the radiograph as the display
// pipeline renders it for the eye and the model (its default VOI), the prediction's heatmap over
// it through the one heatmap renderer (overlay/HeatmapRenderer.h, the viewer's colour map and
// weighting, PredictionHeatmap.h), and a burned-in banner with the result, the model and
// "not for diagnostic use". Qt Gui only (QPainter; a QGuiApplication must exist, offscreen will do).

#include "dicom/DecodedImage.h"
#include "InferenceBackend.h"
#include "results/AiResultSc.h"

namespace pulmo::app {

/// The SC's pixels for `image` (frame 0) and its `prediction` by `model`. Throws
/// std::runtime_error when the image cannot be rendered or the prediction has no map.
results::RgbPixels renderResultCapture(const dicom::DecodedImage& image, const inference::Prediction& prediction,
                                       const inference::ModelIdentity& model);

}  // namespace pulmo::app
