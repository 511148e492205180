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
/// Layout: a dark banner of resultCaptureBannerRows(width) rows on top (the result, the model and
/// "NOT FOR DIAGNOSTIC USE", in English: it is burned into an object anyone may read), then the
/// whole radiograph at its own size, pixel for pixel viewer::blendHeatmap(modelInputImage(image),
/// camMapOf(prediction, card input size)): nothing of the image is hidden under the text. So the
/// result has the image's columns and its rows plus the banner's. Needs a QGuiApplication (fonts);
/// any thread, one call at a time per image.
results::RgbPixels renderResultCapture(const dicom::DecodedImage& image, const inference::Prediction& prediction,
                                       const inference::ModelIdentity& model);

/// The banner's height in rows for an image `imageColumns` wide: its text is sized from the width,
/// so it reads alike on a 512 px and a 3000 px image. Needs a QGuiApplication.
int resultCaptureBannerRows(int imageColumns);

}  // namespace pulmo::app
