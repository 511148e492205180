#pragma once
// A prediction's Grad-CAM map as the heatmap renderer takes it (overlay/HeatmapRenderer.h): the
// map at its own resolution, weighted by the probability of the class it explains. Grad-CAM is
// normalised per image, so even a confident NORMAL would show a red blob somewhere; weighted, the
// overlay is strong where the model says pneumonia and faint or gone (below the threshold) where
// it does not. The one place this weighting is decided, for the viewer, the CLI's PNG and the SC.

#include "InferenceBackend.h"
#include "overlay/HeatmapRenderer.h"

namespace pulmo::app {

/// The map of `prediction` (camRaw, camHeight x camWidth) for a model whose input is `inputSize`
/// pixels square; an invalid CamMap (rows 0) when the prediction has no map.
viewer::CamMap camMapOf(const inference::Prediction& prediction, int inputSize);

}  // namespace pulmo::app
