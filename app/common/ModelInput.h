#pragma once
// The model's input image, from the same display pipeline the reader's view uses: the file's own
// VOI (its first window, else VOI LUT, else full range), MONOCHROME1 inverted, 8-bit. The reader's
// interactive window/level does not change what the model is given (it was trained on the file's
// default rendering); colour images are reduced to luma (ITU-R BT.601).

#include "InferenceBackend.h"
#include "dicom/DecodedImage.h"

#include <memory>

namespace pulmo::app {

inference::GrayImage modelInputImage(std::shared_ptr<const dicom::DecodedImage> image, int frame = 0);

}  // namespace pulmo::app
