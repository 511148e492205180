#include "PredictionHeatmap.h"

#include <algorithm>

namespace pulmo::app {

viewer::CamMap camMapOf(const inference::Prediction& prediction, int inputSize)
{
    viewer::CamMap map;
    if (prediction.camWidth <= 0 || prediction.camHeight <= 0 || inputSize <= 0 ||
        prediction.camRaw.size() != size_t(prediction.camWidth) * size_t(prediction.camHeight))
        return map;
    map.rows = prediction.camHeight;
    map.cols = prediction.camWidth;
    map.inputSize = inputSize;
    map.values = prediction.camRaw;
    map.weight = prediction.camClass >= 0 && size_t(prediction.camClass) < prediction.probabilities.size()
                     ? std::clamp(double(prediction.probabilities[size_t(prediction.camClass)]), 0.0, 1.0)
                     : 1.0;
    return map;
}

}  // namespace pulmo::app
